"""Option values coerced without pydantic: typer builds a pydantic `TypeAdapter` for every
parameter of the command that runs, which imports pydantic (~70 ms) before any work is done.

The options of `isms` are all plain: text, whole numbers (with a lower bound), yes/no, a path
without checks, one of an enumeration, or a list of these. For those this module coerces the
value itself; anything else (and any typer without the hook) keeps typer's own coercion.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any, get_args, get_origin

import typer

Convert = Callable[[Any, Any], Any]  # (value, context) -> coerced value; ValueError when bad

_TRUE = frozenset({"1", "true", "t", "yes", "y", "on"})
_FALSE = frozenset({"0", "false", "f", "no", "n", "off", ""})


def install() -> None:
    """Route typer's coercion of plain parameters through `simple_converter`."""
    try:
        from typer import core
        from typer._coercion import RuntimeParam
    except ImportError:  # another typer: its own coercion still works, only slower
        return
    builder = getattr(core, "build_runtime_param", None)
    if builder is None or getattr(builder, "_isms_fast", False):
        return

    @dataclass(frozen=True)
    class PlainRuntimeParam(RuntimeParam):
        convert: Convert

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            try:
                return self.convert(value, ctx)
            except ValueError as error:
                raise typer.BadParameter(str(error), ctx=ctx, param=param) from None

    def build(descriptor: Any) -> Any:
        info = descriptor.parameter_info
        convert = (
            None if descriptor.file_annotation else simple_converter(descriptor.annotation, info)
        )
        if convert is None:
            return builder(descriptor)
        return PlainRuntimeParam(
            parameter_info=info, annotation=descriptor.annotation, convert=convert
        )

    build._isms_fast = True  # type: ignore[attr-defined]
    setattr(core, "build_runtime_param", build)  # noqa: B010 - not exported: typer's own hook


def simple_converter(annotation: Any, info: Any) -> Convert | None:
    """The coercion of a plain annotation, or None where typer's own is needed."""
    if getattr(info, "parser", None) is not None or getattr(info, "click_type", None) is not None:
        return None
    if get_origin(annotation) is list:
        (item,) = get_args(annotation) or (str,)
        convert = simple_converter(item, info)
        return None if convert is None else _list_of(convert)
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return _choice(annotation, getattr(info, "case_sensitive", True))
    return _SCALARS.get(annotation, lambda _info: None)(info)


def _list_of(convert: Convert) -> Convert:
    def convert_all(value: Any, ctx: Any) -> list[Any]:
        items = value if isinstance(value, list | tuple) else [value]
        return [convert(item, ctx) for item in items]

    return convert_all


def _text(_info: Any) -> Convert:
    def convert(value: Any, _ctx: Any) -> str:
        if isinstance(value, bytes):
            return value.decode("utf-8", "replace")
        return str(value)

    return convert


def _whole_number(info: Any) -> Convert | None:
    def parse(value: Any) -> int:
        try:
            return value if isinstance(value, int) else int(str(value).strip(), 10)
        except ValueError:
            raise ValueError(f"'{value}' is not a whole number") from None

    return _bounded(parse, info)


def _number(info: Any) -> Convert | None:
    def parse(value: Any) -> float:
        try:
            number = float(value if isinstance(value, int | float) else str(value).strip())
        except ValueError:
            raise ValueError(f"'{value}' is not a number") from None
        if not math.isfinite(number):
            raise ValueError(f"'{value}' is not a number")
        return number

    return _bounded(parse, info)


def _bounded(parse: Callable[[Any], Any], info: Any) -> Convert | None:
    if getattr(info, "clamp", False):
        return None
    low, high = getattr(info, "min", None), getattr(info, "max", None)

    def convert(value: Any, _ctx: Any) -> Any:
        number = parse(value)
        if low is not None and number < low:
            raise ValueError(f"{number} is below the least allowed, {low}")
        if high is not None and number > high:
            raise ValueError(f"{number} is above the most allowed, {high}")
        return number

    return convert


def _yes_no(_info: Any) -> Convert:
    def convert(value: Any, _ctx: Any) -> bool:
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in _TRUE or text in _FALSE:
            return text in _TRUE
        raise ValueError(f"'{value}' is not true or false")

    return convert


def _path(info: Any) -> Convert | None:
    checks = ("exists", "resolve_path", "allow_dash", "path_type")
    if any(getattr(info, name, None) for name in checks):
        return None
    if getattr(info, "file_okay", True) is not True or getattr(info, "dir_okay", True) is not True:
        return None
    if getattr(info, "writable", False) or getattr(info, "readable", True) is not True:
        return None
    return lambda value, _ctx: value if isinstance(value, Path) else Path(value)


_SCALARS: dict[Any, Callable[[Any], Convert | None]] = {
    str: _text,
    int: _whole_number,
    float: _number,
    bool: _yes_no,
    Path: _path,
}


def _choice(enumeration: type[Enum], case_sensitive: bool) -> Convert:
    def normal(text: str, ctx: Any) -> str:
        normalize = getattr(ctx, "token_normalize_func", None)
        text = normalize(text) if normalize is not None else text
        return text if case_sensitive else text.casefold()

    def convert(value: Any, ctx: Any) -> Enum:
        if isinstance(value, enumeration):
            return value
        wanted = normal(str(value), ctx)
        for member in enumeration:
            if normal(str(member.value), ctx) == wanted:
                return member
        choices = ", ".join(repr(str(member.value)) for member in enumeration)
        raise ValueError(f"'{value}' is not one of {choices}")

    return convert
