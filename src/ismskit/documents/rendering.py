"""Render documents from Jinja templates: the repository's own templates/ override built-ins.

Every template renders in Jinja's sandbox: CI renders templates that pull requests change.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

from ismskit.findings import Finding
from ismskit.repository.location import TEMPLATES_DIR
from ismskit.yaml import cache as parse_cache
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
    from jinja2 import TemplateError

    own = repo_root / TEMPLATES_DIR
    try:
        rendered: str = _environment(own).get_template(name).render(context)
        return rendered
    except (TemplateError, RecursionError, OverflowError) as error:
        raise TemplateFindingError(_template_finding(own, name, error)) from None
    except Exception as error:  # noqa: BLE001 - a template is data: whatever it does is its fault
        raise TemplateFindingError(_template_finding(own, name, error)) from None


# One environment per templates folder and command: `isms site` renders many documents, and
# compiling each template once (not once per page) is most of its time.
_ENVIRONMENTS: dict[Path, Any] = {}
parse_cache.forget_with_each_command(_ENVIRONMENTS.clear)


def _environment(own: Path) -> Any:
    if own in _ENVIRONMENTS:
        return _ENVIRONMENTS[own]
    from jinja2 import ChoiceLoader, StrictUndefined, select_autoescape
    from jinja2.sandbox import SandboxedEnvironment

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
    _ENVIRONMENTS[own] = environment
    return environment


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
