"""Read PowerShell scripts with tree-sitter-powershell: syntax errors, param() names, hashtable keys."""

from __future__ import annotations

from collections import deque
from pathlib import Path
from typing import Any

import tree_sitter_powershell
from tree_sitter import Language, Node, Parser, Tree

PARSER = Parser(Language(tree_sitter_powershell.language()))


def parse_text(text: str) -> Tree:
    return PARSER.parse(text.encode("utf-8"))


def parse(path: Path) -> Tree:
    return parse_text(path.read_text(encoding="utf-8"))


def error_lines(tree: Tree) -> list[int]:
    """1-based lines of ERROR or MISSING nodes; empty when the script parses."""
    lines, queue = [], deque([tree.root_node])
    while queue:
        node = queue.popleft()
        if node.type == "ERROR" or node.is_missing:
            lines.append(node.start_point[0] + 1)
        queue.extend(node.children)
    return lines


def descendants(node: Node, node_type: str) -> list[Node]:
    """Every node of ``node_type`` below ``node`` (and ``node`` itself), breadth first."""
    found, queue = [], deque([node])
    while queue:
        current = queue.popleft()
        if current.type == node_type:
            found.append(current)
        queue.extend(current.children)
    return found


def param_names(tree: Tree) -> list[str]:
    """The names declared in the script's top-level param() block, without the $."""
    blocks = [child for child in tree.root_node.children if child.type == "param_block"]
    if not blocks:
        return []
    parameters = descendants(blocks[0], "script_parameter")
    return [next(c for c in p.children if c.type == "variable").text.decode().lstrip("$") for p in parameters]


def mandatory_names(tree: Tree) -> list[str]:
    """The param() names marked [Parameter(Mandatory)]."""
    blocks = [child for child in tree.root_node.children if child.type == "param_block"]
    if not blocks:
        return []
    return [
        next(c for c in p.children if c.type == "variable").text.decode().lstrip("$")
        for p in descendants(blocks[0], "script_parameter")
        if "Mandatory" in p.text.decode()
    ]


def function_body(tree: Tree, name: str) -> Node | None:
    """The definition of the script function called name."""
    for node in descendants(tree.root_node, "function_statement"):
        if any(c.type == "function_name" and c.text.decode() == name for c in node.children):
            return node
    return None


def attributes(tree: Tree) -> list[str]:
    """The text of the attributes on the script's param() block, e.g. CmdletBinding(SupportsShouldProcess)."""
    blocks = [child for child in tree.root_node.children if child.type == "param_block"]
    return [a.text.decode().strip("[]") for a in descendants(blocks[0], "attribute")] if blocks else []


def assignments(tree: Tree) -> list[tuple[str, Node]]:
    """(target text, value node) of every assignment in the script."""
    result = []
    for node in descendants(tree.root_node, "assignment_expression"):
        target = next(c for c in node.children if c.type == "left_assignment_expression")
        result.append((target.text.decode(), node.children[-1]))
    return result


def first_hash(node: Node) -> Node | None:
    found = descendants(node, "hash_literal_expression")
    return found[0] if found else None


def hash_entries(hash_node: Node) -> dict[str, Node]:
    """Key -> value node of one hashtable literal's own entries."""
    body = next((c for c in hash_node.children if c.type == "hash_literal_body"), None)
    entries: dict[str, Node] = {}
    for entry in body.children if body else []:
        if entry.type == "hash_entry":
            key = next(c for c in entry.children if c.type == "key_expression").text.decode()
            entries[key] = entry.children[-2] if entry.children[-1].type == ";" else entry.children[-1]
    return entries


def resolve(schema: dict[str, Any], root: dict[str, Any], load: Any = None) -> dict[str, Any]:
    """Follow a $ref (local, or 'other.json#/...' through load(name)) and pick the object branch of a
    nullable oneOf."""
    if "$ref" in schema:
        document, _hash, pointer = schema["$ref"].partition("#")
        node: Any = load(document.removesuffix(".json")) if document else root
        base = node
        for part in pointer.lstrip("/").split("/") if pointer.strip("/") else []:
            node = node[int(part)] if isinstance(node, list) else node[part]
        return resolve(node, base, load)
    if "oneOf" in schema:
        return resolve(next(s for s in schema["oneOf"] if s.get("type") != "null"), root, load)
    return schema
