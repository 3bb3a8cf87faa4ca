"""Validated models as plain data: what every command reads, whether the entries were validated
now or read back from the cache.

Pydantic validates each file once (repository/validating.py); what it accepted is kept as plain
values (the fields written, nested models tagged with their class) and read back into `Plain`
objects: the same attributes, properties and methods as the pydantic models (their behaviour
mixins), without importing pydantic or building a model. Fields that were not written read as
the model's default through the class (one class per model, made from its defaults).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any, ClassVar, Self

from ismskit.models.behaviour import (
    LimitsBehaviour,
    RiskBehaviour,
    RiskCriteriaBehaviour,
    ScalesBehaviour,
    ScopeDetailsBehaviour,
)
from ismskit.yaml.cache import decode_tagged

MODEL_TAG = "\x00"  # the key that names a nested model's class (no YAML key holds NUL)
_MODEL_PREFIX = "model:"

# The behaviour each model has besides its fields (models/behaviour.py).
_BEHAVIOUR: dict[str, type] = {
    "Risk": RiskBehaviour,
    "Scales": ScalesBehaviour,
    "Limits": LimitsBehaviour,
    "RiskCriteria": RiskCriteriaBehaviour,
    "ScopeDetails": ScopeDetailsBehaviour,
}


class _IsoDate:
    """A date field kept as its ISO text until read (most dates of a large ISMS never are)."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __get__(self, model: Any, owner: Any = None) -> Any:
        if model is None:
            return self
        value = model.__dict__.get(self.name)
        if isinstance(value, str):
            value = model.__dict__[self.name] = date.fromisoformat(value)
        return value

    def __set__(self, model: Any, value: Any) -> None:
        raise AttributeError(f"{type(model).__name__} is read-only ({self.name})")


@dataclass(frozen=True, slots=True)
class FieldName:
    """What pydantic's FieldInfo says of a field's name: the alias it is written as, if any."""

    alias: str | None = None


class Plain:
    """A model's fields as read-only attributes. Equal to another of its class with equal fields.

    `model_fields` names the model's fields in its order (with their aliases: `class_` is written
    `class`), as the pydantic model class does."""

    _defaults: ClassVar[dict[str, Any]] = {}
    _dates: ClassVar[tuple[str, ...]] = ()
    model_fields: ClassVar[dict[str, FieldName]] = {}

    @classmethod
    def of(cls, fields: dict[str, Any]) -> Self:
        model = cls.__new__(cls)
        object.__setattr__(model, "__dict__", fields)
        return model

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only ({name})")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only ({name})")

    @property
    def model_fields_set(self) -> set[str]:
        """The fields that were written (the others hold their defaults)."""
        return set(self.__dict__)

    def fields(self) -> dict[str, Any]:
        fields = {**self._defaults, **self.__dict__}
        for name in self._dates:
            fields[name] = getattr(self, name)
        return fields

    def model_dump(self, *, mode: str = "python", exclude_none: bool = False) -> dict[str, Any]:
        """As pydantic's `model_dump` (fields by name; mode 'json': dates as ISO text)."""
        return {
            name: _dumped(value, mode, exclude_none)
            for name, value in self.fields().items()
            if not (exclude_none and value is None)
        }

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled by class name, defaults and fields: a rendering child receives it so."""
        defaults = tuple(self._defaults.items())
        names = tuple((name, info.alias) for name, info in self.model_fields.items())
        state = (type(self).__name__, defaults, self._dates, names, dict(self.__dict__))
        return (_restored, state)

    def model_copy(self, *, update: dict[str, Any] | None = None) -> Self:
        return type(self).of({**self.__dict__, **(update or {})})

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, Plain)
        return self.fields() == other.fields()

    __hash__ = None  # type: ignore[assignment]  # lists inside: as unhashable as the data

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={value!r}" for name, value in self.fields().items())
        return f"{type(self).__name__}({fields})"


def _restored(
    model: str,
    defaults: tuple[tuple[str, Any], ...],
    dates: tuple[str, ...],
    names: tuple[tuple[str, str | None], ...],
    fields: Any,
) -> Plain:
    return plain_class(model, defaults, dates, names).of(fields)


def _dumped(value: Any, mode: str, exclude_none: bool) -> Any:
    if isinstance(value, Plain):
        return value.model_dump(mode=mode, exclude_none=exclude_none)
    if isinstance(value, list):
        return [_dumped(item, mode, exclude_none) for item in value]
    if mode == "json" and isinstance(value, date | datetime):
        return value.isoformat()
    return value


def plain_class(
    model: str,
    defaults: tuple[tuple[str, Any], ...] = (),
    dates: tuple[str, ...] = (),
    names: tuple[tuple[str, str | None], ...] = (),
) -> type[Plain]:
    """The plain class of a model (by its class name), with the defaults of the unwritten fields;
    `dates` are written as ISO text, read as dates; `names`: every field with its alias."""
    return _plain_class(model, _frozen(defaults), dates, names)


@cache
def _plain_class(
    model: str, defaults: Any, dates: tuple[str, ...], names: tuple[tuple[str, str | None], ...]
) -> type[Plain]:
    values = _thawed(defaults)
    bases = (Plain, _BEHAVIOUR[model]) if model in _BEHAVIOUR else (Plain,)
    namespace = {**values, "_defaults": values, "_dates": dates, "__module__": __name__}
    namespace["model_fields"] = {name: FieldName(alias) for name, alias in names}
    namespace.update({name: _IsoDate(name) for name in dates})
    return type(model, bases, namespace)


def _frozen(value: Any) -> Any:
    """Defaults as a hashable key (lists as tagged tuples)."""
    if isinstance(value, list):
        return ("list", tuple(_frozen(item) for item in value))
    if isinstance(value, dict):
        return ("dict", tuple((key, _frozen(item)) for key, item in value.items()))
    if isinstance(value, tuple):
        return tuple(_frozen(item) for item in value)
    return value


def _thawed(pairs: tuple[tuple[str, Any], ...]) -> dict[str, Any]:
    return {name: _thaw(value) for name, value in pairs}


def _thaw(value: Any) -> Any:
    if isinstance(value, tuple) and len(value) == 2 and value[0] == "list":
        return [_thaw(item) for item in value[1]]
    if isinstance(value, tuple) and len(value) == 2 and value[0] == "dict":
        return {key: _thaw(item) for key, item in value[1]}
    return value


def model_tag(model: str) -> str:
    return _MODEL_PREFIX + model


def revive_model(value: dict[str, Any]) -> Any:
    """A tagged mapping as its plain model, or date; others pass unchanged."""
    tag = value.get(MODEL_TAG)
    if not isinstance(tag, str):
        return value
    if not tag.startswith(_MODEL_PREFIX):
        return decode_tagged(value)
    fields = {name: item for name, item in value.items() if name != MODEL_TAG}
    names = tuple((name, None) for name in fields)  # a nested model is written whole, in order
    return plain_class(tag.removeprefix(_MODEL_PREFIX), names=names).of(fields)


def revive(value: Any) -> Any:
    """Plain values with every tagged mapping inside turned into its plain model."""
    if isinstance(value, list):
        return [revive(item) for item in value] if value else value
    if isinstance(value, dict):
        return revive_model({name: revive(item) for name, item in value.items()})
    return value
