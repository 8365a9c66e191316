"""Every PowerShell script parses, reads exactly the parameters Python sends, and answers in the
shape of its JSON Schema; the twin answers in the same schema."""

from __future__ import annotations

import re
from pathlib import Path

import powershell_ast as ps
import pytest
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._contract import load_schema
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._primitives import (
    PRIMITIVES,
    SCRIPT_DIR,
    snapshot_parameters,
)

SCRIPTS = sorted(Path(SCRIPT_DIR).glob("*.ps1"))
# What the Python side sends, per primitive.
SENT_PARAMETERS = {"snapshot": snapshot_parameters}
# Where each hashtable the snapshot script builds sits in the answer schema.
SNAPSHOT_SHAPES = {
    "$Ansible.Result": "#",
    "$wizard": "#/properties/wizard",
    "$adsyncService": "#/properties/adsync_service",
    "$adsync": "#/properties/adsync",
    "$uninstallEntries": "#/properties/uninstall_entries/items",
    "$adsync.connectors": "#/$defs/connector",
    "$adsync.run_history": "#/$defs/run_result",
}


def test_the_parser_catches_a_broken_script() -> None:
    assert ps.error_lines(ps.parse_text("param( [string]$Name,\n$x = @{ a = ")) != []


def test_every_script_is_a_primitive_and_every_primitive_has_a_script() -> None:
    assert {path.stem for path in SCRIPTS} == set(PRIMITIVES)


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: p.name)
def test_script_parses(path: Path) -> None:
    assert ps.error_lines(ps.parse(path)) == []


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: p.name)
def test_param_block_equals_what_python_declares_and_sends(path: Path) -> None:
    declared = PRIMITIVES[path.stem].parameters
    assert sorted(ps.param_names(ps.parse(path))) == sorted(declared)
    assert sorted(SENT_PARAMETERS[path.stem]()) == sorted(declared)


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: p.name)
def test_script_stops_on_errors_and_never_evaluates_text(path: Path) -> None:
    targets = dict(ps.assignments(ps.parse(path)))
    assert targets.get("$ErrorActionPreference") is not None
    assert targets["$ErrorActionPreference"].text.decode() == "'Stop'"
    code = "\n".join(line for line in path.read_text().splitlines() if not line.lstrip().startswith("#"))
    assert not re.search(r"Invoke-Expression|\biex\b|\[scriptblock\]::Create|\$ExecutionContext", code, re.I)


@pytest.mark.parametrize("path", [p for p in SCRIPTS if PRIMITIVES[p.stem].read_only], ids=lambda p: p.name)
def test_read_only_script_runs_in_check_mode_and_reports_no_change(path: Path) -> None:
    tree = ps.parse(path)
    assert "CmdletBinding(SupportsShouldProcess)" in ps.attributes(tree)
    assert ("$Ansible.Changed", "$false") in [(t, v.text.decode()) for t, v in ps.assignments(tree)]


def _check_hash(hash_node, schema, root, where: str) -> list[str]:
    schema = ps.resolve(schema, root)
    entries = ps.hash_entries(hash_node)
    problems = []
    if set(entries) != set(schema.get("properties", {})):
        problems.append(f"{where}: script keys {sorted(entries)} != schema {sorted(schema.get('properties', {}))}")
    for key, value in entries.items():
        nested = ps.first_hash(value)
        if nested is not None and key in schema.get("properties", {}):
            problems += _check_hash(nested, schema["properties"][key], root, f"{where}.{key}")
    return problems


def test_snapshot_script_builds_the_answer_the_schema_describes() -> None:
    root = load_schema("snapshot")
    seen, problems = set(), []
    for target, value in ps.assignments(ps.parse(Path(SCRIPT_DIR) / "snapshot.ps1")):
        hash_node = ps.first_hash(value)
        if target in SNAPSHOT_SHAPES and hash_node is not None:
            seen.add(target)
            schema = ps.resolve({"$ref": SNAPSHOT_SHAPES[target]}, root) if SNAPSHOT_SHAPES[target] != "#" else root
            problems += _check_hash(hash_node, schema, root, target)
    assert seen == set(SNAPSHOT_SHAPES)
    assert problems == []
