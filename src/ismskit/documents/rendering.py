"""Render documents from Jinja templates: the repository's own templates/ override built-ins.

Every template renders in Jinja's sandbox: CI renders templates that pull requests change.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from ismskit.findings import Finding
from ismskit.repository.location import TEMPLATES_DIR
from ismskit.yaml.limits import file_finding


class TemplateFindingError(Exception):
    """A template could not be rendered; carries the finding that says where and why."""

    def __init__(self, finding: Finding) -> None:
        super().__init__(finding.message)
        self.finding = finding


def builtin_templates_dir() -> Path:
    """Templates shipped in the wheel, or the source checkout's templates/ in development."""
    packaged = Path(str(resources.files("ismskit"))) / TEMPLATES_DIR
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / TEMPLATES_DIR


def markdown_cell(value: Any) -> str:
    """Text made safe for one Markdown table cell."""
    text = "" if value is None else str(value)
    return (
        text.replace("\\", "\\\\").replace("|", "\\|").replace("\r\n", "<br>").replace("\n", "<br>")
    )


def render_template(repo_root: Path, name: str, context: dict[str, Any]) -> str:
    from jinja2 import ChoiceLoader, StrictUndefined, TemplateError, select_autoescape
    from jinja2.sandbox import SandboxedEnvironment

    own = repo_root / TEMPLATES_DIR
    environment = SandboxedEnvironment(
        loader=ChoiceLoader([_confined_loader(own), _confined_loader(builtin_templates_dir())]),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        # Markdown is text; any HTML report escapes what the registers say.
        autoescape=select_autoescape(enabled_extensions=("html", "htm", "xml", "html.j2")),
    )
    environment.filters["cell"] = markdown_cell
    environment.bytecode_cache = _compiled_templates()
    try:
        return environment.get_template(name).render(context)
    except (TemplateError, RecursionError, OverflowError) as error:
        raise TemplateFindingError(_template_finding(own, name, error)) from None
    except Exception as error:  # noqa: BLE001 - a template is data: whatever it does is its fault
        raise TemplateFindingError(_template_finding(own, name, error)) from None


@cache
def _compiled_templates() -> Any:
    """Compiled templates kept for the process, keyed by their source: a command that renders
    several documents (or a test that renders many) compiles each template once."""
    from jinja2.bccache import Bucket, BytecodeCache

    class InMemory(BytecodeCache):
        def __init__(self) -> None:
            self.compiled: dict[str, bytes] = {}

        def load_bytecode(self, bucket: Bucket) -> None:
            # The bucket drops code compiled from another source (its checksum differs).
            if bucket.key in self.compiled:
                bucket.bytecode_from_string(self.compiled[bucket.key])

        def dump_bytecode(self, bucket: Bucket) -> None:
            self.compiled[bucket.key] = bucket.bytecode_to_string()

    return InMemory()


def _confined_loader(folder: Path) -> Any:
    """A loader that reads no file outside `folder`: no `../`, and no link that leads out."""
    from jinja2 import FileSystemLoader, TemplateNotFound

    root = folder.resolve()

    class ConfinedLoader(FileSystemLoader):
        def get_source(self, environment: Any, template: str) -> Any:
            source = super().get_source(environment, template)
            if not Path(source[1]).resolve().is_relative_to(root):
                raise TemplateNotFound(f"{template} (it leads outside {folder.name}/)")
            return source

    return ConfinedLoader(folder, followlinks=False)


def _template_finding(own: Path, name: str, error: Exception) -> Finding:
    is_own = (own / name).is_file()
    file = f"{TEMPLATES_DIR}/{name}" if is_own else f"(built-in) {name}"
    line = getattr(error, "lineno", None) or 1
    message = f"the template cannot be rendered: {error}"
    if is_own:
        message += "; fix the template or delete it to use the built-in one"
    return file_finding(file, "template", message, line, 1)
