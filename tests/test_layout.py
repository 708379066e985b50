"""The layout holds: data flows solieu -> crawler -> crawler.extract -> nlp -> db, never back, never in a circle.

Every import of every module (module level and inside functions) is read from its source with ast,
so a lazy import that goes the wrong way is caught too.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PACKAGES = ("solieu", "crawler", "nlp", "db")
# Higher may import lower, never the reverse.
LEVELS = {"solieu": 4, "crawler": 3, "crawler.extract": 2, "nlp": 1, "db": 0}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def layer(module: str) -> str | None:
    """The layer a module belongs to: the longest LEVELS prefix of its dotted name."""
    best = None
    for name in LEVELS:
        if module == name or module.startswith(name + "."):
            if best is None or len(name) > len(best):
                best = name
    return best


def imports_of(path: Path, module: str, known: set[str]) -> set[str]:
    """The project modules a source file imports, resolved to the most specific known module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()

    def resolve(name: str) -> None:
        while name and name not in known:
            name = name.rpartition(".")[0]
        if name and name != module:
            found.add(name)

    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                resolve(alias.name)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[:len(anchor) - (node.level - 1)]
                base = ".".join(anchor + ([base] if base else []))
            for alias in node.names:
                full = f"{base}.{alias.name}"
                resolve(full if full in known else base)
    return found


def project_graph() -> dict[str, set[str]]:
    files = {module_name(p): p for pkg in PACKAGES for p in (REPO / pkg).rglob("*.py")}
    known = set(files)
    return {m: imports_of(p, m, known) for m, p in files.items()}


GRAPH = project_graph()


def test_graph_sees_the_packages():
    assert {"solieu.cli", "crawler.pipelines", "crawler.extract.article", "nlp.figures", "db.store"} <= set(GRAPH)
    assert "crawler.extract.article" in GRAPH["crawler.jobs"]


@pytest.mark.parametrize("module", sorted(GRAPH))
def test_no_upward_import(module):
    mine = LEVELS[layer(module)]
    upward = sorted(t for t in GRAPH[module] if LEVELS[layer(t)] > mine)
    assert not upward, f"{module} ({layer(module)}) imports higher layers: {upward}"


def test_extract_imports_nothing_else_from_crawler():
    bad = {m: sorted(t for t in deps if layer(t) == "crawler")
           for m, deps in GRAPH.items() if layer(m) == "crawler.extract"}
    assert not {m: v for m, v in bad.items() if v}


def test_no_scrapy_in_pure_layers():
    for module, path in ((m, REPO / Path(*m.split("."))) for m in GRAPH if layer(m) in ("crawler.extract", "nlp")):
        source = path.with_suffix(".py") if path.with_suffix(".py").exists() else path / "__init__.py"
        tree = ast.parse(source.read_text(encoding="utf-8"))
        names = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        names |= {(n.module or "").split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        assert not names & {"scrapy", "twisted", "click"}, f"{module} imports {names & {'scrapy', 'twisted', 'click'}}"


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle of the graph (as a path that returns to its start), or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_no_circular_imports():
    assert find_cycle(GRAPH) is None, " -> ".join(find_cycle(GRAPH))


@pytest.mark.parametrize("graph, cyclic", [
    ({"a": {"b"}, "b": {"a"}}, True),
    ({"a": {"b"}, "b": {"c"}, "c": set()}, False),
    ({"a": {"b"}, "b": {"c"}, "c": {"a"}}, True),
])
def test_find_cycle_finds_cycles(graph, cyclic):
    assert (find_cycle(graph) is not None) == cyclic


def test_every_package_says_what_it_owns():
    for pkg in ("solieu", "solieu/cli", "crawler", "crawler/extract", "nlp", "db"):
        doc = ast.get_docstring(ast.parse((REPO / pkg / "__init__.py").read_text(encoding="utf-8")))
        assert doc and len(doc) > 60, f"{pkg}/__init__.py needs a docstring saying what it owns"
