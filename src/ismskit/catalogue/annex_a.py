"""The built-in control catalogue: ISO/IEC 27001:2022 Annex A, ids and short titles only."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from ismskit.models.types import Language


@dataclass(frozen=True, slots=True)
class Theme:
    key: str
    clause: str
    titles: dict[str, str]

    def title(self, language: Language) -> str:
        return self.titles[language]


@dataclass(frozen=True, slots=True)
class CatalogueControl:
    id: str
    theme: str
    titles: dict[str, str]

    def title(self, language: Language) -> str:
        return self.titles[language]


@dataclass(frozen=True)
class Catalogue:
    standard: str
    themes: tuple[Theme, ...]
    controls: tuple[CatalogueControl, ...]
    by_id: dict[str, CatalogueControl] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_id", {control.id: control for control in self.controls})

    def get(self, control_id: str) -> CatalogueControl | None:
        return self.by_id.get(control_id)

    def in_theme(self, theme: str) -> list[CatalogueControl]:
        return [control for control in self.controls if control.theme == theme]


@cache
def load_catalogue() -> Catalogue:
    # Beside this module, as the wheel installs it (importlib.resources costs 10 ms to import).
    text = Path(__file__).with_name("annex_a_2022.json").read_text("utf-8")
    data = json.loads(text)
    return Catalogue(
        standard=data["standard"],
        themes=tuple(
            Theme(theme["key"], theme["clause"], theme["title"]) for theme in data["themes"]
        ),
        controls=tuple(
            CatalogueControl(control["id"], control["theme"], control["title"])
            for control in data["controls"]
        ),
    )
