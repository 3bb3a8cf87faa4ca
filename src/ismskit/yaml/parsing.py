"""Parse a register file once: by (path, blob id), then by content, then the persistent cache.

History commands read many revisions that share most files, and the work tree and HEAD mostly
hold the same files: each distinct content is parsed once per process, and once per machine when
the persistent cache is on.
"""

from __future__ import annotations

from collections.abc import Callable

from ismskit.findings import Finding
from ismskit.yaml import cache as parse_cache
from ismskit.yaml.limits import DEFAULT_LIMITS, ReadLimits
from ismskit.yaml.located import LocatedDocument
from ismskit.yaml.reader import load_document

Parsed = tuple[LocatedDocument | None, list[Finding]]

_PARSED_BY_BLOB: dict[tuple[str, str], Parsed] = {}
_PARSED_BY_CONTENT: dict[str, Parsed] = {}
parse_cache.forget_with_each_command(_PARSED_BY_BLOB.clear)
parse_cache.forget_with_each_command(_PARSED_BY_CONTENT.clear)


def parse_blob(
    path: str, blob: str, read: Callable[[], bytes], limits: ReadLimits = DEFAULT_LIMITS
) -> Parsed:
    """Parse a file's content once per (path, blob id); `read` is called only on a miss."""
    key = (path, blob + repr(limits))
    if key not in _PARSED_BY_BLOB:
        _PARSED_BY_BLOB[key] = parse_content(path, read(), limits)
    return _PARSED_BY_BLOB[key]


def parse_content(
    path: str, raw: bytes, limits: ReadLimits = DEFAULT_LIMITS, *, keep: bool = True
) -> Parsed:
    """Parse one file once per process and content, through the persistent cache when it is on.

    `keep=False`: not written to the persistent cache (the caller keeps what it needs of it)."""
    key = parse_cache.content_key(path, raw, repr(limits))
    if key in _PARSED_BY_CONTENT:
        return _PARSED_BY_CONTENT[key]
    cached = parse_cache.load(key, path, raw.decode("utf-8-sig", errors="replace"))
    if cached is not None:
        parsed = (cached.document, cached.findings)
    else:
        parsed = load_document(path, raw, limits)
        if keep:
            parse_cache.store(key, path, parse_cache.CachedParse(*parsed))
    _PARSED_BY_CONTENT[key] = parsed
    return parsed
