"""Render documents from Jinja templates: the repository's own templates/ override built-ins.

CI renders templates that pull requests change, so every template renders in a sandbox
(sandbox.py) under a time and memory budget (budget.py): in a child process with hard limits where
the system has them (isolation.py). Whatever goes wrong is a `template` finding naming the file.
"""

from __future__ import annotations

import json
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ismskit.documents import budget
from ismskit.findings import Finding
from ismskit.messages import decode, encode
from ismskit.messages import message as message_of
from ismskit.repository.location import TEMPLATES_DIR
from ismskit.yaml.limits import DEFAULT_LIMITS, file_finding

if TYPE_CHECKING:
    from ismskit.documents.isolation import ChildOutcome
    from ismskit.documents.prepared import PreparedChild

# A template is a page of layout; one larger than a register file is not a template.
LARGEST_TEMPLATE_BYTES = DEFAULT_LIMITS.max_bytes

# The child forked by `prepared_rendering`, waiting for the first rendering of the command.
_prepared: PreparedChild | None = None


class TemplateFindingError(Exception):
    """A template could not be rendered; carries the finding that says where and why."""

    def __init__(self, finding: Finding) -> None:
        super().__init__(finding.message)
        self.finding = finding


def builtin_templates_dir() -> Path:
    """Templates shipped in the wheel, or the source checkout's templates/ in development."""
    packaged = Path(__file__).resolve().parents[1] / TEMPLATES_DIR  # ismskit/templates
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / TEMPLATES_DIR


def render_template(
    repo_root: Path, name: str, context: dict[str, Any], *, isolate: bool | None = None
) -> str:
    """The rendered text; raises TemplateFindingError. `isolate`: in a child process (default:
    wherever the system can)."""
    from ismskit.documents.isolation import can_isolate

    own = repo_root / TEMPLATES_DIR
    seconds = budget.time_budget()
    if not (can_isolate() if isolate is None else isolate):
        try:
            return decode_rendering(_render(own, name, context, seconds), own, name)
        except MemoryError:
            failed = budget.cannot_render(budget.memory_message())
            raise TemplateFindingError(_template_finding(own, name, failed, 1)) from None
    outcome = _prepared_outcome((own, name, context, seconds), seconds + 1)
    if outcome is None:
        from ismskit.documents.compiled import compiled_code

        compiled_code()  # collected here, before the fork: a child must not read the pipe
        from ismskit.documents import sandbox as _imported_before_the_fork  # noqa: F401
        from ismskit.documents.isolation import run_in_child

        # No child was prepared (or it was used): Jinja and the sandbox are imported here, once;
        # a child that imported them itself would spend most of its time on it, for every
        # document (`isms site` renders dozens).
        outcome = run_in_child(
            lambda: _render(own, name, context, seconds), seconds + 1, budget.MEMORY_BYTES
        )
    if outcome.output is not None:
        return decode_rendering(outcome.output, own, name)
    if outcome.timed_out:
        reason = budget.time_message(seconds)
    elif outcome.out_of_memory:
        reason = budget.memory_message()
    else:
        reason = stopped_without_a_result()
    message = budget.cannot_render(reason)
    raise TemplateFindingError(_template_finding(own, name, message, 1))


def prepare_rendering(repo_root: Path, template: str | None) -> None:
    """Start the rendering child of a command that renders a document, once: it imports Jinja
    (and compiles a built-in `template`) on the other core while this process reads the
    registers (documents/prepared.py). A repository's own templates are compiled under the clock."""
    global _prepared  # noqa: PLW0603 - one child for the command that runs
    if _prepared is not None:
        return
    from ismskit.documents.prepared import fork_prepared

    seconds = budget.time_budget()
    own = repo_root / TEMPLATES_DIR
    _prepared = fork_prepared(lambda: _warm_up(own, template, seconds), _render_arguments)


def end_rendering() -> None:
    """End a child that got no task (the command stopped before rendering)."""
    global _prepared
    child, _prepared = _prepared, None
    if child is not None:
        from ismskit.documents.prepared import cancel

        cancel(child)


@contextmanager
def prepared_rendering(repo_root: Path, template: str | None) -> Iterator[None]:
    """The command's rendering child, started (unless it is already) and ended after."""
    prepare_rendering(repo_root, template)
    try:
        yield
    finally:
        end_rendering()


def _prepared_outcome(arguments: tuple[Any, ...], seconds: float) -> ChildOutcome | None:
    global _prepared
    child, _prepared = _prepared, None
    if child is None:
        return None
    from ismskit.documents.prepared import run_prepared

    return run_prepared(child, arguments, seconds, budget.MEMORY_BYTES)


# In a prepared child: the environment that compiled a built-in template (by templates folder
# and name), and its deadline.
_COMPILED: dict[tuple[Path, str], tuple[Any, budget.Deadline]] = {}


def _warm_up(own: Path, template: str | None, seconds: float) -> None:
    """What the rendering child spends its start on: Jinja, the modules the document's data is
    made of (unpickled from them), and a built-in template with the partials it imports."""
    import jinja2.sandbox  # noqa: F401

    import ismskit.documents.assembly
    import ismskit.documents.control
    import ismskit.documents.soa
    import ismskit.history.git  # noqa: F401
    from ismskit.documents import sandbox  # noqa: F401

    builtin = builtin_templates_dir()
    if template is None or (own.exists() and own.resolve() != builtin.resolve()):
        return  # the repository's own templates: compiled under the clock
    deadline = budget.Deadline(seconds)
    environment = _environment(own, template, deadline)
    environment.get_template(template)
    for partial in sorted(builtin.glob("_*.j2")):  # what templates import
        environment.get_template(partial.name)
    _COMPILED[(own, template)] = (environment, deadline)


def _render_arguments(arguments: tuple[Any, ...]) -> bytes:
    own, name, context, seconds = arguments
    return _render(own, name, context, seconds)


def _render(own: Path, name: str, context: dict[str, Any], seconds: float) -> bytes:
    """`T` and the text, or `E` and the error as JSON: the same bytes in a child or here."""
    deadline = budget.Deadline(seconds)
    if (own, name) in _COMPILED:
        environment, compiled_by = _COMPILED.pop((own, name))
        compiled_by.seconds, compiled_by.ends = deadline.seconds, deadline.ends  # from now on
    else:
        environment = _environment(own, name, deadline)
    return render_with(environment, name, context)


def render_with(environment: Any, name: str, context: dict[str, Any]) -> bytes:
    """`T` and the text, or `E` and the error as JSON, from an environment made for `name`."""
    try:
        text: str = environment.get_template(name).render(context)
        return b"T" + text.encode("utf-8", errors="surrogatepass")
    except MemoryError:
        raise
    except Exception as error:  # noqa: BLE001 - a template is data: whatever it does is its fault
        line = getattr(error, "lineno", None) or _template_line(error, name)
        said = error.args[0] if error.args and isinstance(error.args[0], str) else str(error)
        reason = encode(said) or str(error)  # our own limits' messages, in any language
        return b"E" + json.dumps({"reason": reason, "line": line}).encode("utf-8")


# An environment made for rendering: by templates folder, whether that folder has templates of
# its own (then it is the sandbox), and escaping policy (HTML or Markdown).
EnvironmentKey = tuple[Path, bool, bool]


def environment_for(
    made: dict[EnvironmentKey, Any], own: Path, name: str, deadline: budget.Deadline
) -> Any:
    """The environment for template `name` among those `made` (which keep the templates they
    compiled), made now if it is the first of its kind."""
    from ismskit.documents.sandbox import is_html

    key = (own, has_own_templates(own), is_html(name))
    if key not in made:
        made[key] = _environment(own, name, deadline)
    return made[key]


def _environment(
    own: Path, name: str, deadline: budget.Deadline, recorded: dict[str, bytes] | None = None
) -> Any:
    from jinja2 import ChoiceLoader

    from ismskit.documents.compiled import bytecode_cache
    from ismskit.documents.sandbox import sandbox

    builtin = builtin_templates_dir()
    loader = ChoiceLoader([_confined_loader(own), _confined_loader(builtin)])
    trusted = not has_own_templates(own)
    compiled = bytecode_cache(builtin.resolve(), recorded, "trusted" if trusted else "sandboxed")
    return sandbox(loader, name, deadline, compiled, trusted=trusted)


def compile_ahead(repo_root: Path) -> None:
    """Compile every template name the built-ins have (the repository's own where it has one) on
    the other core while the registers are read (compiled.py)."""
    from ismskit.documents.compiled import start_compiling

    own = repo_root / TEMPLATES_DIR
    builtin = builtin_templates_dir()
    if not has_own_templates(own):
        return  # built-in templates only: their code is kept beside them (compiled.py)
    found = [*builtin.glob("*.j2"), *builtin.glob("*/*.j2")]
    names = sorted(path.relative_to(builtin).as_posix() for path in found)
    start_compiling(own, names, _environment)


def has_own_templates(own: Path) -> bool:
    """Whether the repository's templates/ holds any file (of its own: not the built-in folder
    itself, as in ismskit's own checkout)."""
    if not own.is_dir() or own.resolve() == builtin_templates_dir().resolve():
        return False
    return any(path.is_file() or path.is_symlink() for path in own.rglob("*"))


def _template_line(error: Exception, name: str) -> int:
    """The line of the template where rendering stopped: Jinja rewrites the traceback so that
    the template's frames carry its own line numbers."""
    line = 1
    trace = error.__traceback__
    while trace is not None:
        if trace.tb_frame.f_code.co_filename.replace("\\", "/").endswith("/" + name):
            line = trace.tb_lineno
        trace = trace.tb_next
    return line


def decode_rendering(output: bytes, own: Path, name: str) -> str:
    """The text of a rendering's output; raises TemplateFindingError for an error."""
    if output.startswith(b"T"):
        return output[1:].decode("utf-8", errors="surrogatepass")
    error = json.loads(output[1:])
    reason = error["reason"]
    said = decode(reason) if isinstance(reason, dict) else str(reason)
    failed = budget.cannot_render(said)
    raise TemplateFindingError(_template_finding(own, name, failed, error["line"]))


def _confined_loader(folder: Path) -> Any:
    """A loader that reads no file outside `folder`: no `../`, no link that leads out, nothing
    but a regular file of a template's size (a FIFO or a device would never end). Such a file is
    an error, not a missing template: the built-in one must not silently stand in for it."""
    from jinja2 import FileSystemLoader, TemplateError

    root = folder.resolve()

    class ConfinedLoader(FileSystemLoader):
        def get_source(self, environment: Any, template: str) -> Any:
            for base in self.searchpath:
                path = Path(base, *template.split("/"))
                if path.exists() and not _is_template_file(path.resolve(), root):
                    raise TemplateError(
                        f"{template} leads outside {folder.name}/, or is not a regular file "
                        f"under {LARGEST_TEMPLATE_BYTES // 1024 // 1024} MB"
                    )
            return super().get_source(environment, template)

    return ConfinedLoader(folder, followlinks=False)


def _is_template_file(path: Path, root: Path) -> bool:
    if not path.is_relative_to(root):
        return False
    try:
        status = path.stat()
    except OSError:
        return False
    return stat.S_ISREG(status.st_mode) and status.st_size <= LARGEST_TEMPLATE_BYTES


def _template_finding(own: Path, name: str, message: str, line: int) -> Finding:
    is_own = (own / name).is_file()
    file = f"{TEMPLATES_DIR}/{name}" if is_own else f"(built-in) {name}"
    if is_own:
        message = say_fix(message)
    return file_finding(file, "template", message, line, 1)


def say_fix(text: str) -> str:
    return message_of("{text}; fix the template or delete it to use the built-in one", text=text)


def stopped_without_a_result() -> str:
    return message_of("rendering stopped without a result")


def template_error(own: Path, name: str, message: str) -> TemplateFindingError:
    """The error of template `name` (of the repository's `own` templates, or built in)."""
    return TemplateFindingError(_template_finding(own, name, message, 1))
