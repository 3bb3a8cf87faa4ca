"""The Jinja sandbox every template renders in: no Python internals, and a budget on what it does.

Jinja's sandbox keeps a template away from Python's internals and caps `range`. On top of it:
operators and calls that could build a huge value refuse to (`9**(9**9)`, `'a' * 4000000000`),
and the hooks the sandbox calls all the time (attributes, items, calls, operators, filters, each
value printed, each step of a range) check the deadline. This bounds a template wherever it runs;
`isolation.py` adds the hard limits of a child process where the system has them.

Register text is escaped for the document's kind as it is printed (`finalize`): Markdown
(`escaping.markdown_text`) or HTML. Whatever is already escaped (the `cell` filter, a macro's
output, `|safe` in the template) is a `Markup` and passes as it is.
"""

from __future__ import annotations

import functools
import math
import re
import types
from collections.abc import Callable, Iterator
from typing import Any

from jinja2 import BaseLoader, BytecodeCache, Environment, StrictUndefined, pass_environment
from jinja2.filters import make_attrgetter
from jinja2.runtime import Context
from jinja2.sandbox import SandboxedEnvironment, safe_range
from markupsafe import Markup

from ismskit.documents.budget import LARGEST_VALUE, Deadline, TemplateLimitError, size_message
from ismskit.escaping import html_text, markdown_paragraph, markdown_text
from ismskit.messages import message

HTML_SUFFIXES = (".html", ".htm", ".xml", ".html.j2", ".htm.j2", ".xml.j2")
# Powers and products of whole numbers stay below this many bits (about 30,000 digits).
LARGEST_NUMBER_BITS = 100_000
_NUMBER_LIMIT = message("{n} bits", n=f"{LARGEST_NUMBER_BITS:,}")
_ITEMS_LIMIT = message("{n} characters or items", n=f"{LARGEST_VALUE:,}")
_FORMAT_WIDTHS = re.compile(r"%[-#0 +]*(\d*)(?:\.(\d*))?")


def is_html(name: str) -> bool:
    return name.lower().endswith(HTML_SUFFIXES)


# Objects whose attributes Jinja judges one by one (Python's own machinery); of any other object,
# Jinja refuses exactly the attributes that start with "_".
_MACHINERY = (
    types.FunctionType, types.MethodType, types.BuiltinFunctionType, type, types.CodeType,
    types.TracebackType, types.FrameType, types.GeneratorType, types.CoroutineType,
    types.AsyncGeneratorType, types.ModuleType,
)  # fmt: skip
# Values Jinja wraps when they are read (a string's `format`, through its own formatter).
_BOUND_METHODS = (types.MethodType, types.BuiltinMethodType)


class BudgetedSandbox(SandboxedEnvironment):
    """A sandbox whose hooks keep to a deadline and refuse to build huge values."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, deadline: Deadline, **options: Any) -> None:
        super().__init__(**options)
        self.deadline = deadline
        self.globals["range"] = self._range

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        self.deadline.check()
        check_operands(operator, left, right)
        return super().call_binop(context, operator, left, right)

    def call(self, context: Context, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        self.deadline.check()
        check_arguments((*args, *kwargs.values()))
        return super().call(context, obj, *args, **kwargs)

    def getattr(self, obj: Any, attribute: str) -> Any:
        """Jinja's checks, with a short way for what templates read most: a public attribute
        that is not a method (nothing to wrap) of an object that is not Python's own machinery,
        which Jinja would return as it is."""
        self.deadline.check()
        try:
            value = getattr(obj, attribute)
        except AttributeError:
            return super().getattr(obj, attribute)  # an item of that name, or undefined
        public = not attribute.startswith("_") and not isinstance(value, _BOUND_METHODS)
        if public and not isinstance(obj, _MACHINERY):
            return value
        formatted = self.wrap_str_format(value)
        if formatted is not None:
            return formatted
        if self.is_safe_attribute(obj, attribute, value):
            return value
        return self.unsafe_undefined(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        self.deadline.check()
        return super().getitem(obj, argument)

    def _range(self, *args: int) -> CheckedRange:
        return CheckedRange(safe_range(*args), self.deadline)


class CheckedRange:
    """A range (capped by the sandbox) that checks the deadline as a loop walks it."""

    def __init__(self, inner: range, deadline: Deadline) -> None:
        self.inner = inner
        self.deadline = deadline

    def __iter__(self) -> Iterator[int]:
        for index, value in enumerate(self.inner):
            if index % 256 == 0:
                self.deadline.check()
            yield value

    def __len__(self) -> int:
        return len(self.inner)

    def __getitem__(self, index: Any) -> Any:
        return self.inner[index]

    def __contains__(self, value: object) -> bool:
        return value in self.inner

    def __reversed__(self) -> Iterator[int]:
        return iter(CheckedRange(self.inner[::-1], self.deadline))


def check_operands(operator: str, left: Any, right: Any) -> None:
    """Refuse an operation whose result would be huge, before Python starts building it."""
    check = _OPERAND_CHECKS.get(operator)
    if check is not None:
        check(left, right)


def _check_power(left: Any, right: Any) -> None:
    grows = _is_int(left) and _is_int(right) and abs(left) > 1 and right > 0
    if grows and right * math.log2(abs(left)) > LARGEST_NUMBER_BITS:
        raise TemplateLimitError(size_message(message("a number"), _NUMBER_LIMIT))


def _check_product(left: Any, right: Any) -> None:
    if _is_int(left) and _is_int(right):
        if left.bit_length() + right.bit_length() > LARGEST_NUMBER_BITS:
            raise TemplateLimitError(size_message(message("a number"), _NUMBER_LIMIT))
    elif max(_length(left) * _count(right), _length(right) * _count(left)) > LARGEST_VALUE:
        raise TemplateLimitError(size_message(message("a text or list"), _ITEMS_LIMIT))


def _check_sum(left: Any, right: Any) -> None:
    if _length(left) + _length(right) > LARGEST_VALUE:
        raise TemplateLimitError(size_message(message("a text or list"), _ITEMS_LIMIT))


def _check_format(left: Any, right: Any) -> None:
    """`'%0999999999d' % 1` would make a text of a billion characters."""
    if not isinstance(left, str):
        return
    check_arguments(right if isinstance(right, tuple) else (right,))
    for width, precision in _FORMAT_WIDTHS.findall(left):
        if (
            max(len(width), len(precision)) > 8
            or max(int(width or 0), int(precision or 0)) > LARGEST_VALUE
        ):
            raise TemplateLimitError(size_message(message("a formatted text"), _ITEMS_LIMIT))


_OPERAND_CHECKS: dict[str, Callable[[Any, Any], None]] = {
    "**": _check_power,
    "*": _check_product,
    "+": _check_sum,
    "%": _check_format,
}


def check_arguments(arguments: tuple[Any, ...]) -> None:
    """A number given to a function or filter is a width or a count: refuse a huge one."""
    for argument in arguments:
        if _is_int(argument) and abs(argument) > LARGEST_VALUE:
            raise TemplateLimitError(size_message(message("a width or count"), _ITEMS_LIMIT))


def check_size(value: Any) -> None:
    if _length(value) > LARGEST_VALUE:
        raise TemplateLimitError(size_message(message("a text or list"), _ITEMS_LIMIT))


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


_SIZED = (str, bytes, list, tuple)  # a tuple, not `str | bytes | ...`: that is built on each call


def _length(value: Any) -> int:
    return len(value) if isinstance(value, _SIZED) else 0


def _count(value: Any) -> int:
    return max(value, 0) if _is_int(value) else 0


def budgeted(function: Callable[..., Any], deadline: Deadline) -> Callable[..., Any]:
    """A filter that keeps to the deadline and to the size limits (Jinja calls filters directly,
    not through the sandbox's `call`)."""
    skipped = 2 if getattr(function, "jinja_pass_arg", None) is not None else 1

    @functools.wraps(function)  # keeps `jinja_pass_arg`: Jinja still passes the context
    def run(*args: Any, **kwargs: Any) -> Any:
        deadline.check()
        check_arguments((*args[skipped:], *kwargs.values()))
        result = function(*args, **kwargs)
        check_size(result)
        return result

    return run


def sandbox(
    loader: BaseLoader,
    name: str,
    deadline: Deadline,
    compiled: BytecodeCache | None = None,
    *,
    trusted: bool = False,
) -> Environment:
    """The environment that renders template `name` (Markdown, or HTML by its name); `compiled`:
    templates compiled ahead (compiled.py). `trusted`: every template it can load is one shipped
    with ismskit (the repository has none of its own), which is our code and not a pull
    request's: the same escaping, without the sandbox's hooks, which cost more than the
    rendering. The limits of the process it renders in still hold."""
    escape_text, escape_lines = _policy(name)

    def escaped(value: Any) -> Markup:
        if isinstance(value, Markup):
            return value
        return Markup(escape_text("" if value is None else str(value)))

    def paragraph(value: Any) -> Markup:
        if isinstance(value, Markup):
            return value
        return Markup(escape_lines("" if value is None else str(value)))

    def finalize(value: Any) -> Any:
        if not trusted:
            deadline.check()
        return value if isinstance(value, Markup) else Markup(escape_text(str(value)))

    options: dict[str, Any] = {
        "loader": loader,
        "undefined": StrictUndefined,
        "keep_trailing_newline": True,
        "trim_blocks": True,
        "lstrip_blocks": True,
        "autoescape": True,
        "finalize": finalize,
        "bytecode_cache": compiled,
    }
    environment = Environment(**options) if trusted else BudgetedSandbox(deadline, **options)
    environment.filters["cell"] = escaped
    environment.filters["paragraph"] = paragraph
    environment.filters["join"] = _join(escaped)
    if not trusted:
        for filter_name, function in list(environment.filters.items()):
            environment.filters[filter_name] = budgeted(function, deadline)
    return environment


def _policy(name: str) -> tuple[Callable[[str], str], Callable[[str], str]]:
    """How register text is escaped in the document: on one line, and as lines of a paragraph."""
    if is_html(name):
        return html_text, lambda text: html_text(text, "<br>\n")
    return markdown_text, markdown_paragraph


def _join(escaped: Callable[[Any], Markup]) -> Callable[..., Markup]:
    """`join` that escapes each item as register text; the separator is the template's own."""

    @pass_environment
    def join(
        environment: SandboxedEnvironment, value: Any, separator: str = "", attribute: Any = None
    ) -> Markup:
        if attribute is not None:
            value = map(make_attrgetter(environment, attribute), value)
        return Markup(str(separator)).join(escaped(item) for item in value)

    return join
