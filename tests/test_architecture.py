"""The shape of the code, as docs/architecture.md draws it: layers that import one way, no cycles,
small modules and functions, typer and rich only in the command line."""

from __future__ import annotations

import ast
import statistics
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "ismskit"

# Lower numbers are lower layers: a module may import its own layer or lower ones only.
LAYERS = {
    "ismskit": 0, "errors": 0, "escaping": 0, "findings": 0, "progress": 0, "text_width": 0,
    "yaml": 1,
    "models": 2, "catalogue": 2, "i18n": 2, "schedule": 2,
    "repository": 3,
    "risk": 4,
    "rules": 5,
    "analysis": 6,
    "documents": 7, "history": 7, "reporters": 7,
    "editing": 8, "site": 8,
    "cli": 9,
}  # fmt: skip
MAX_TOP_LEVEL_MODULES = 8
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 50
MAX_MEDIAN_FUNCTION_LINES = 10


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imported_names(tree: ast.AST, module: str, is_package: bool) -> Iterator[str]:
    """Every module an import statement names, at any depth, outside `if TYPE_CHECKING:`."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and is_type_checking(node):
            for child in node.orelse:
                yield from imported_names(ast.Module([child], []), module, is_package)
            continue
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = module.split(".") if is_package else module.split(".")[:-1]
            prefix = ".".join(base[: len(base) - node.level + 1]) if node.level else ""
            source = ".".join(part for part in (prefix, node.module or "") if part)
            yield source
            yield from (f"{source}.{alias.name}" for alias in node.names)
        yield from imported_names(node, module, is_package)


def own_module(name: str) -> str | None:
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def import_graph() -> dict[str, set[str]]:
    graph = {}
    for module, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = imported_names(tree, module, path.name == "__init__.py")
        targets = {own_module(name) for name in names if name.startswith("ismskit")}
        graph[module] = {target for target in targets if target and target != module}
    return graph


def layer(module: str) -> int:
    parts = module.split(".")
    return LAYERS[parts[1] if len(parts) > 1 else "ismskit"]


def reachable(graph: dict[str, set[str]], start: str) -> set[str]:
    seen: set[str] = set()
    todo = list(graph.get(start, ()))
    while todo:
        module = todo.pop()
        if module not in seen:
            seen.add(module)
            todo.extend(graph.get(module, ()))
    return seen


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Groups of modules that reach each other through imports (each group once, sorted)."""
    reach = {module: reachable(graph, module) for module in graph}
    groups = {
        tuple(sorted({module} | {other for other in reach[module] if module in reach[other]}))
        for module in graph
        if module in reach[module]
    }
    return sorted(list(group) for group in groups)


def function_lengths() -> Iterator[tuple[str, int]]:
    for module, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                assert node.end_lineno is not None
                yield f"{module}.{node.name}", node.end_lineno - node.lineno + 1


def test_no_module_imports_a_module_that_imports_it_back() -> None:
    assert cycles(import_graph()) == []


def test_cycles_are_found_through_imports_inside_functions() -> None:
    graph = {"ismskit.a": {"ismskit.b"}, "ismskit.b": {"ismskit.c"}, "ismskit.c": {"ismskit.a"}}
    assert cycles(graph) == [["ismskit.a", "ismskit.b", "ismskit.c"]]
    tree = ast.parse("def f():\n    from ismskit.findings import Finding\n")
    assert "ismskit.findings" in set(imported_names(tree, "ismskit.x", False))
    guarded = ast.parse("if TYPE_CHECKING:\n    from ismskit.findings import Finding\n")
    assert set(imported_names(guarded, "ismskit.x", False)) == set()


def test_dependencies_point_down_the_layers() -> None:
    upward = [
        f"{module} -> {target}"
        for module, targets in import_graph().items()
        for target in targets
        if layer(target) > layer(module)
    ]
    assert upward == []


def test_every_package_has_a_layer() -> None:
    assert {module.split(".")[1] for module in MODULES if "." in module} <= set(LAYERS)


def test_only_the_command_line_imports_typer_or_rich() -> None:
    offenders = []
    for module, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = set(imported_names(tree, module, path.name == "__init__.py"))
        if not module.startswith("ismskit.cli") and {"typer", "rich"} & {
            name.split(".")[0] for name in names
        }:
            offenders.append(module)
    assert offenders == []


def test_the_top_level_holds_few_plain_modules() -> None:
    plain = [path.name for path in PACKAGE.glob("*.py") if path.name != "__init__.py"]
    assert len(plain) <= MAX_TOP_LEVEL_MODULES, plain


@pytest.mark.parametrize("module", sorted(MODULES))
def test_module_is_short(module: str) -> None:
    lines = len(MODULES[module].read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_MODULE_LINES, f"{module} has {lines} lines"


def test_functions_are_small() -> None:
    lengths = dict(function_lengths())
    assert {name: n for name, n in lengths.items() if n > MAX_FUNCTION_LINES} == {}
    assert statistics.median(lengths.values()) <= MAX_MEDIAN_FUNCTION_LINES
