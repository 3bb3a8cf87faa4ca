"""A cache of parsed register files, keyed by their content, outside the work tree.

Parsing YAML costs 20–30× more than validating it, and most files do not change between two runs
of `isms check`. An entry is the parsed data and the parse findings of one file, stored as JSON
under `$XDG_CACHE_HOME/ismskit` (default `~/.cache/ismskit`), keyed by a hash of the file's bytes
(the git blob id where git already knows it) together with the tool's and the format's versions.
An entry that cannot be read, or was written for another key, is ignored and replaced: the cache
is never trusted over the file. The tool's identity in each entry is its version and, for a
checkout being worked on, the sizes and times of the modules that read and validate files: an
edited validator is never answered from entries it did not write.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

from ismskit import __version__
from ismskit.findings import Finding, Severity
from ismskit.messages import decode as decode_message
from ismskit.messages import encode as encode_message
from ismskit.yaml.located import LocatedDocument, YamlFloat

CACHE_FORMAT = 1
_TAG = "\x00"  # YAML files cannot hold NUL (yaml_io refuses them): no key of real data has it

_enabled = True


def start_command(*, enabled: bool) -> None:
    """Each command starts with the persistent cache on or off (`--no-cache`), and forgets what
    an earlier command of the same process parsed."""
    global _enabled  # noqa: PLW0603 - one switch for the process, set by the CLI
    _enabled = enabled
    for clear in _FORGETTERS:
        clear()


# In-process memos of parsed files register here, to be emptied between commands.
_FORGETTERS: list[Callable[[], None]] = []


def forget_with_each_command(clear: Callable[[], None]) -> None:
    _FORGETTERS.append(clear)


@cache
def tool_identity() -> str:
    """The version, and the state of the code that decides what an entry holds."""
    package = Path(__file__).resolve().parents[1]
    digest = hashlib.blake2b(__version__.encode(), digest_size=8)
    for folder in ("yaml", "models", "repository", "history"):
        try:
            with os.scandir(package / folder) as entries:
                stats = sorted(
                    (entry.name, entry.stat().st_size, entry.stat().st_mtime_ns)
                    for entry in entries
                    if entry.name.endswith(".py")
                )
        except OSError:
            continue
        digest.update(repr(stats).encode())
    return f"{__version__}+{digest.hexdigest()}"


def cache_directory() -> Path | None:
    if not _enabled:
        return None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "ismskit" / f"v{CACHE_FORMAT}"


def content_key(path: str, raw: bytes, settings: str = "") -> str:
    """The file's bytes, its path (findings name it) and the reading settings (limits)."""
    digest = hashlib.blake2b(raw, digest_size=20)
    digest.update(b"\0" + path.encode() + b"\0" + settings.encode())
    return digest.hexdigest()


@dataclass(frozen=True)
class CachedParse:
    document: LocatedDocument | None
    findings: list[Finding]


def load(key: str, path: str, text: str | None) -> CachedParse | None:
    """The cached parse of a file, or None (absent, unreadable, or not this key's)."""
    entry_path = _entry_path(key)
    if entry_path is None:
        return None
    try:
        entry = json.loads(entry_path.read_text(encoding="utf-8"), object_hook=_decode)
        if entry["key"] != key or entry["tool"] != tool_identity() or entry["file"] != path:
            return None
        findings = [
            Finding(Severity(f["severity"]), **_finding_fields(f)) for f in entry["findings"]
        ]
        findings = [
            _with_template(finding, raw)
            for finding, raw in zip(findings, entry["findings"], strict=True)
        ]
        document = LocatedDocument(path, entry["data"], text) if entry["parsed"] else None
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return CachedParse(document, findings)


def store(key: str, path: str, parsed: CachedParse) -> None:
    """Write an entry atomically; a cache that cannot be written is simply not used."""
    entry_path = _entry_path(key)
    if entry_path is None:
        return
    entry = {
        "key": key,
        "tool": tool_identity(),
        "file": path,
        "parsed": parsed.document is not None,
        "data": _encoded_data(parsed.document),
        "findings": [_finding_entry(finding) for finding in parsed.findings],
    }
    try:
        # json.dumps, not json.dump: only the one-shot encoder runs in C.
        text = json.dumps(entry, ensure_ascii=False, default=_encode)
    except (TypeError, ValueError):
        return
    _write(entry_path, text)


def _encoded_data(document: LocatedDocument | None) -> Any:
    if document is None:
        return None
    return encode_floats(document.data) if document.has_floats else document.data


def load_value(name: str) -> Any:
    """A JSON value stored under a name (e.g. what a history walk found at one commit)."""
    entry_path = _entry_path(_name_key(name))
    if entry_path is None:
        return None
    try:
        entry = json.loads(entry_path.read_text(encoding="utf-8"))
        if entry.get("name") != name or entry.get("tool") != tool_identity():
            return None
        return entry["value"]
    except (OSError, ValueError, KeyError, AttributeError):
        return None


def store_value(name: str, value: Any) -> None:
    entry_path = _entry_path(_name_key(name))
    if entry_path is None:
        return
    _write(entry_path, json.dumps({"name": name, "tool": tool_identity(), "value": value}))


def load_entry(kind: str, key: str) -> Any:
    """A JSON value stored for `key` (a content key) under `kind`; None when absent or stale.

    Plain JSON: dates stored by `store_entry` stay tagged mappings (`decode_tagged` reads one),
    so that a large entry is read by the C decoder alone."""
    entry_path = _entry_path(_name_key(f"{kind}\0{key}"))
    if entry_path is None:
        return None
    try:
        entry = json.loads(entry_path.read_bytes())
        if entry["key"] != key or entry["kind"] != kind or entry["tool"] != tool_identity():
            return None
        return entry["value"]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def store_entry(kind: str, key: str, value: Any) -> None:
    entry_path = _entry_path(_name_key(f"{kind}\0{key}"))
    if entry_path is None:
        return
    entry = {"key": key, "kind": kind, "tool": tool_identity(), "value": value}
    try:
        text = json.dumps(entry, ensure_ascii=False, default=_encode)
    except (TypeError, ValueError):
        return
    _write(entry_path, text)


def _name_key(name: str) -> str:
    return hashlib.blake2b(name.encode(), digest_size=20).hexdigest()


def _write(entry_path: Path, text: str) -> None:
    """Atomically; a cache that cannot be written is simply not used."""
    try:
        entry_path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=entry_path.parent, suffix=".tmp")
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(temporary, entry_path)
    except OSError:
        return


def _entry_path(key: str) -> Path | None:
    directory = cache_directory()
    return None if directory is None else directory / key[:2] / f"{key}.json"


def _finding_entry(finding: Finding) -> dict[str, Any]:
    """A finding as JSON; its message's template and values too, to show it in any language."""
    entry: dict[str, Any] = dict(finding.as_dict())
    template = encode_message(finding.message)
    if template is not None:
        entry["template"] = template
    return entry


def _with_template(finding: Finding, raw: dict[str, Any]) -> Finding:
    template = raw.get("template")
    if not isinstance(template, dict):
        return finding
    return replace(finding, message=decode_message(template))


def _finding_fields(raw: dict[str, Any]) -> dict[str, Any]:
    return {name: raw[name] for name in ("rule", "file", "line", "column", "message")}


def _encode(value: Any) -> Any:
    """json's fallback for the values YAML gives that JSON lacks."""
    if isinstance(value, datetime):
        return {_TAG: "datetime", "value": value.isoformat()}
    if isinstance(value, date):
        return {_TAG: "date", "value": value.isoformat()}
    raise TypeError(type(value).__name__)


def decode_tagged(value: dict[str, Any]) -> Any:
    """A date (or datetime, or float as written) that JSON holds as a tagged mapping; other
    mappings unchanged."""
    return _decode(value)


def _decode(value: dict[str, Any]) -> Any:
    kind = value.get(_TAG)
    if kind is None:
        return value
    if kind == "date":
        return date.fromisoformat(value["value"])
    if kind == "datetime":
        return datetime.fromisoformat(value["value"])
    if kind == "float":
        return YamlFloat(float(value["value"]), value["text"])
    if kind.startswith("model:"):
        return value  # a nested model, read back by its owner (models/plain.py)
    raise ValueError(kind)


def encode_floats(data: Any) -> Any:
    """Floats keep how they were written (5.10), which plain JSON would lose."""
    if isinstance(data, dict):
        return {key: encode_floats(item) for key, item in data.items()}
    if isinstance(data, list):
        return [encode_floats(item) for item in data]
    if isinstance(data, YamlFloat):
        return {_TAG: "float", "value": float(data), "text": data.text}
    return data
