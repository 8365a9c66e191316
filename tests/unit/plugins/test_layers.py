"""The import graph of plugins/: no cycle, and no import from a lower layer back up to a higher one.

Every import counts, also one inside a function: a deferred import hides a cycle, it does not remove it.
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

import pytest

PLUGINS = Path(__file__).resolve().parents[3] / "plugins"
COLLECTION = "ansible_collections.hybrid_identity.entra_connect.plugins"
# Lowest first. A module may import its own layer and the layers below it, never one above.
LAYERS = [
    "plugin_utils._common",  # errors, dates, versions, files on the controller
    "plugin_utils._contract",  # the JSON Schemas both hosts answer to
    "plugin_utils._rules",  # pure decisions; never a Host
    "plugin_utils._csexport",  # streaming csexport analysis
    "plugin_utils._syncconfig",  # server-configuration exports read, compared and reported
    "plugin_utils._report",  # the migration report
    "plugin_utils._lab",  # the twin
    "plugin_utils._host",  # the seam: primitives, Windows host, lab host
    "plugin_utils._action",  # the action framework
    "action",  # one action plugin per module
    "connection",
]
# Pure layers decide from what they are given; they import nothing of Ansible's.
PURE = {
    "plugin_utils._common",
    "plugin_utils._contract",
    "plugin_utils._rules",
    "plugin_utils._csexport",
    "plugin_utils._syncconfig",
    "plugin_utils._report",
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PLUGINS).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path, known: set[str]) -> set[str]:
    return imports_in(path.read_text(encoding="utf-8"), module_name(path), path.name == "__init__.py", known)


def imports_in(source: str, name: str, is_package: bool, known: set[str]) -> set[str]:
    """The collection modules a module imports, relative or absolute, at any depth of its source."""
    package = name if is_package else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        targets: list[str] = []
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)] if node.level > 1 else base
                stem = ".".join([*base, node.module] if node.module else base)
            elif node.module and node.module.startswith(COLLECTION + "."):
                stem = node.module[len(COLLECTION) + 1 :]
            else:
                continue
            targets = [f"{stem}.{alias.name}" for alias in node.names] + [stem]
        elif isinstance(node, ast.Import):
            targets = [a.name[len(COLLECTION) + 1 :] for a in node.names if a.name.startswith(COLLECTION + ".")]
        for target in targets:
            if target in known:
                found.add(target)
                break
    return found - {name}


@functools.cache
def import_graph() -> dict[str, set[str]]:
    files = {module_name(path): path for path in PLUGINS.rglob("*.py")}
    known = set(files)
    return {name: imports_of(path, known) for name, path in files.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of the graph as a path that ends where it starts, or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def layer_of(name: str) -> int | None:
    for index, layer in enumerate(LAYERS):
        if name == layer or name.startswith(layer + "."):
            return index
    return None


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None


def test_the_graph_sees_relative_absolute_and_deferred_imports() -> None:
    graph = import_graph()
    assert "plugin_utils._common.errors" in graph["plugin_utils._rules.sync"]  # from .._common.errors import
    assert "plugin_utils._action.base" in graph["action.entra_tls12"]  # absolute, through ansible_collections
    assert "plugin_utils._lab.store" in graph["connection.lab"]
    # An import inside a function counts as much as one at the top.
    deferred = "def late():\n    from .._host.readings import read_status\n"
    assert imports_in(deferred, "plugin_utils._rules.sync", False, set(graph)) == {"plugin_utils._host.readings"}


def test_plugins_have_no_import_cycle() -> None:
    assert find_cycle(import_graph()) is None


def test_every_plugin_utils_module_belongs_to_a_layer() -> None:
    orphans = [name for name in import_graph() if name.startswith("plugin_utils.") and layer_of(name) is None]
    assert orphans == []


@pytest.mark.parametrize("module", sorted(name for name in import_graph() if layer_of(name) is not None))
def test_no_module_imports_a_layer_above_its_own(module: str) -> None:
    own = layer_of(module)
    assert own is not None
    upward = [target for target in import_graph()[module] if (layer_of(target) or 0) > own]
    assert upward == [], f"{module} (layer {LAYERS[own]}) imports from a layer above it"


@pytest.mark.parametrize(
    "module", sorted(name for name in import_graph() if any(name.startswith(layer + ".") for layer in PURE))
)
def test_pure_layers_import_nothing_of_ansible(module: str) -> None:
    path = PLUGINS / Path(*module.split("."))
    source = (path / "__init__.py" if path.is_dir() else path.with_suffix(".py")).read_text(encoding="utf-8")
    tree = ast.parse(source)
    ansible = [
        node.module if isinstance(node, ast.ImportFrom) else node.names[0].name
        for node in ast.walk(tree)
        if (isinstance(node, ast.ImportFrom) and (node.module or "").startswith("ansible"))
        or (isinstance(node, ast.Import) and node.names[0].name.startswith("ansible"))
    ]
    assert ansible == []
