"""Messages in the repository's language: English templates, a Japanese catalogue as data.

A call site formats an English template through `message()`; what it gets is the English text
(a `str`, so every existing use works), which also carries its template and values. Whatever
shows it to a person (a reporter, the command line) renders it in the chosen language through
`localise()`, looking the template up in `i18n/messages.<language>.json`, keyed by the English
template.
A template without an entry is shown in English. Rule ids, file names and ids stay as they are.

The language of the command line is set once per command (`set_language`): `--lang`, else the
`language` of isms.yaml, else English.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from functools import cache
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ismskit.findings import Finding

_current = {"language": "en", "explicit": ""}


class Message(str):
    """English text that knows the template and the values it was made from."""

    template: str
    values: dict[str, Any]

    def __new__(cls, template: str, values: Mapping[str, Any]) -> Message:
        text = super().__new__(cls, _render(template, values, "en") or template)
        text.template = template
        text.values = dict(values)
        return text

    def __reduce__(self) -> tuple[Any, ...]:
        return (Message, (self.template, self.values))


class LocalisedText(str):
    """A value known in several languages (a control's title): English as a str, the others
    when a message is shown."""

    texts: dict[str, str]

    def __new__(cls, texts: Mapping[str, str]) -> LocalisedText:
        text = super().__new__(cls, texts.get("en", ""))
        text.texts = dict(texts)
        return text


def message(template: str, /, **values: Any) -> Message:
    """`message("risk {risk} lacks '{field}'", risk="R-001", field="owner")`."""
    return Message(template, values)


def localise(text: str, language: str | None = None) -> str:
    """The text in `language` (default: the command's): a Message through the catalogue."""
    chosen = language or _current["language"]
    if not isinstance(text, Message):
        return str(text)
    if chosen != "en":
        translated = catalogue(chosen).get(text.template)
        shown = _render(translated, text.values, chosen) if translated else None
        if shown is not None:
            return shown
    return _render(text.template, text.values, "en") or text.template


def say(template: str, /, **values: Any) -> str:
    """A message in the command's language, ready to print."""
    return localise(Message(template, values))


def localise_findings(findings: Iterable[Finding], language: str | None = None) -> list[Finding]:
    """The findings with their messages in `language` (default: the command's)."""
    return [replace(f, message=localise(f.message, language)) for f in findings]


def set_language(language: str, *, explicit: bool = True) -> None:
    """The language of the command's messages. An explicit choice (--lang) is kept against the
    repository's default, which is set later, once the repository is found."""
    if not explicit and _current["explicit"]:
        return
    _current["language"] = language if language in ("ja", "en") else "en"
    _current["explicit"] = "yes" if explicit else ""


def reset_language() -> None:
    _current.update(language="en", explicit="")


def chosen_language() -> str | None:
    """The language --lang chose for this command, or None (then isms.yaml's)."""
    return _current["language"] if _current["explicit"] else None


def current_language() -> str:
    return _current["language"]


@cache
def catalogue(language: str) -> dict[str, str]:
    """English template → the template in `language` (empty for English)."""
    if language == "en":
        return {}
    try:
        import json  # only where a message is shown in another language: not for `isms --help`

        text = Path(__file__).with_name("i18n") / f"messages.{language}.json"
        table: dict[str, str] = json.loads(text.read_text("utf-8"))
    except FileNotFoundError:
        return {}
    return table


def _render(template: str, values: Mapping[str, Any], language: str) -> str | None:
    shown = {name: _shown(value, language) for name, value in values.items()}
    try:
        return template.format_map(shown)
    except (KeyError, IndexError, ValueError):
        return None  # a template naming a value that is not given: the caller falls back


def _shown(value: Any, language: str) -> Any:
    if isinstance(value, Message):
        return localise(value, language)
    if isinstance(value, LocalisedText):
        return value.texts.get(language, str.__str__(value))
    if isinstance(value, PurePath):
        return value.as_posix()  # a path a person reads is written with /, on Windows too
    return value


def encode(text: str) -> dict[str, Any] | None:
    """A Message as JSON (the parse cache keeps findings): template and values, or None."""
    if not isinstance(text, Message):
        return None
    values = {name: encode(value) or value for name, value in text.values.items()}
    return {"template": text.template, "values": values}


def decode(data: Mapping[str, Any]) -> Message:
    values = {
        name: decode(value) if isinstance(value, dict) and "template" in value else value
        for name, value in data["values"].items()
    }
    return Message(str(data["template"]), values)
