"""No import circle in the package.

How it works: every ``cleaner/**/*.py`` is parsed with :mod:`ast` (nothing is imported).
Each ``import cleaner.x`` or ``from cleaner.x import name`` (relative imports resolved)
becomes an edge from the importing module to ``cleaner.x``, or to ``cleaner.x.name``
when that is a module of its own. Imports under ``if TYPE_CHECKING:`` never run and are
left out. A package's ``__init__`` running before its submodules is not an edge: a
package that lists its own modules (``cleaner.kinds`` lists the built-in kinds) is how
packages are made, and a submodule that imports a name from its package's
``__init__`` is still caught, as that import is an edge like any other.

Two graphs are checked, each must be acyclic (a depth-first search finds any circle
and the failure prints it with the file and line of each import):

- the imports that run when a module is imported (module level, class bodies);
- those and the imports inside functions, so that a circle cannot be hidden by moving
  one of its imports into a function (the old way round ``rules`` <-> ``kinds``).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "cleaner"
Edge = tuple[str, str, int]  # (imported module, file, line)


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _type_checking_only(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def imports(name: str, path: Path, in_functions: bool) -> list[Edge]:
    """The package modules that module ``name`` imports, with the line of each import."""
    is_package = path.name == "__init__.py"
    where = str(path.relative_to(PACKAGE.parent))
    found: list[Edge] = []

    def targets(node: ast.Import | ast.ImportFrom) -> list[str]:
        if isinstance(node, ast.Import):
            return [alias.name for alias in node.names]
        if node.level:  # relative: from the package of this module
            base = name.split(".") if is_package else name.split(".")[:-1]
            base = base[: len(base) - node.level + 1]
            module = ".".join(base + ([node.module] if node.module else []))
        else:
            module = node.module or ""
        return [f"{module}.{alias.name}" if f"{module}.{alias.name}" in MODULES else module for alias in node.names]

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) and not in_functions:
                continue
            if isinstance(child, ast.If) and _type_checking_only(child):
                for other in child.orelse:
                    visit(ast.Module(body=[other], type_ignores=[]))
                continue
            if isinstance(child, ast.Import | ast.ImportFrom):
                found.extend((t, where, child.lineno) for t in targets(child) if t.split(".")[0] == "cleaner")
            else:
                visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return found


def find_circle(graph: dict[str, list[Edge]]) -> list[str] | None:
    """One circle of the graph as lines ``a -> b (file:line)``, or None when it is acyclic."""
    state: dict[str, str] = {}  # "open" while on the search path, "done" after
    path: list[tuple[str, Edge | None]] = []

    def search(module: str, via: Edge | None) -> list[str] | None:
        state[module] = "open"
        path.append((module, via))
        for edge in graph.get(module, []):
            target = edge[0]
            if state.get(target) == "open":
                start = next(i for i, (m, _) in enumerate(path) if m == target)
                steps = [*path[start + 1 :], (target, edge)]
                chain = [m for m, _ in path[start:]] + [target]
                return [f"{a} -> {b} ({e[1]}:{e[2]})" for a, b, (_, e) in
                        zip(chain, chain[1:], steps) if e is not None]
            if target in graph and target not in state and (circle := search(target, edge)):
                return circle
        path.pop()
        state[module] = "done"
        return None

    for module in graph:
        if module not in state and (circle := search(module, None)):
            return circle
    return None


@pytest.mark.parametrize("in_functions", [False, True], ids=["module level", "with imports inside functions"])
def test_the_package_has_no_import_circle(in_functions: bool) -> None:
    graph = {name: imports(name, path, in_functions) for name, path in MODULES.items()}
    circle = find_circle(graph)
    assert circle is None, "an import circle:\n  " + "\n  ".join(circle or [])


def test_the_circle_finder_finds_a_circle() -> None:
    graph = {"a": [("b", "a.py", 1)], "b": [("c", "b.py", 2)], "c": [("a", "c.py", 3), ("d", "c.py", 4)], "d": []}
    assert find_circle(graph) == ["a -> b (a.py:1)", "b -> c (b.py:2)", "c -> a (c.py:3)"]
    assert find_circle({"a": [("b", "a.py", 1)], "b": []}) is None


def test_the_graph_sees_the_imports_of_the_loader() -> None:
    """The graph is not empty by mistake: the loader imports the kinds and the small rule module,
    and the small rule module imports nothing from the package."""
    rules = {target for target, _, _ in imports("cleaner.rules", MODULES["cleaner.rules"], False)}
    assert {"cleaner.kinds", "cleaner.rule", "cleaner.tables"} <= rules
    assert imports("cleaner.rule", MODULES["cleaner.rule"], True) == []
