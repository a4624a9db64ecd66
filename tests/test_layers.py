"""Layers import only downward: no module or area imports one that imports it back,
and the domain never imports the pages or the API above it.

An area is the first package under scheduler/ (scheduler.events); a top-level
module is an area of its own. Imports inside functions are deliberate late
binding and do not count, nor do those only for type checkers.
"""
from __future__ import annotations

import ast
from collections import defaultdict
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parent.parent / "scheduler"
UPPER_LAYERS = ("scheduler.web", "scheduler.api")


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in PACKAGE.rglob("*.py")}


def area(module: str) -> str:
    return ".".join(module.split(".")[:2])


def top_level_imports(tree: ast.Module) -> list[ast.Import | ast.ImportFrom]:
    found: list[ast.Import | ast.ImportFrom] = []
    for node in tree.body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            continue
        nodes = [*node.body, *node.orelse] if isinstance(node, ast.If) else [node]
        found += [n for n in nodes if isinstance(n, ast.Import | ast.ImportFrom)]
    return found


def imported(module: str, node: ast.Import | ast.ImportFrom) -> set[str]:
    """The modules of scheduler/ that an import statement loads."""
    if isinstance(node, ast.Import):
        return {alias.name for alias in node.names if alias.name in MODULES}
    base = absolute(module, node)
    names = {f"{base}.{alias.name}" for alias in node.names}  # a module, or a name in base
    return {name if name in MODULES else base for name in names} & MODULES.keys()


def absolute(module: str, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    package = module if MODULES[module].name == "__init__.py" else module.rpartition(".")[0]
    parent = package.rsplit(".", node.level - 1)[0]
    return f"{parent}.{node.module}" if node.module else parent


def module_graph() -> dict[str, set[str]]:
    graph = {}
    for module, path in MODULES.items():
        statements = top_level_imports(ast.parse(path.read_text(encoding="utf-8")))
        graph[module] = set().union(*(imported(module, s) for s in statements)) - {module}
    return graph


GRAPH = module_graph()


def assert_acyclic(graph: dict[str, set[str]]) -> None:
    try:
        TopologicalSorter(graph).prepare()
    except CycleError as error:
        pytest.fail("import cycle: " + " -> ".join(error.args[1]))


def test_no_module_imports_one_that_imports_it_back() -> None:
    assert_acyclic(GRAPH)


def test_no_area_imports_one_that_imports_it_back() -> None:
    areas: dict[str, set[str]] = defaultdict(set)
    for module, targets in GRAPH.items():
        areas[area(module)] |= {area(target) for target in targets} - {area(module)}
    assert_acyclic(areas)


def test_the_domain_does_not_import_the_pages_or_the_api() -> None:
    upward = {module: sorted(t for t in targets if area(t) in UPPER_LAYERS)
              for module, targets in GRAPH.items() if area(module) not in UPPER_LAYERS}
    assert {module: targets for module, targets in upward.items() if targets} == {}
