"""The base of every register entry and of the mappings nested in one."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Entry(BaseModel):
    """Strict (no coercion), closed (`extra="forbid"`) and immutable once validated."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)
