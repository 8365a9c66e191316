"""Every PowerShell script parses, declares exactly the parameters Python may send, and builds the
answer its JSON Schema describes; scripts that write never run in check mode."""

from __future__ import annotations

import re
from pathlib import Path

import powershell_ast as ps
import pytest
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._contract.validate import load_schema
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._host.primitives import (
    PRIMITIVES,
    SCRIPT_DIR,
    snapshot_parameters,
)

SCRIPTS = sorted(Path(SCRIPT_DIR).glob("*.ps1"))
READERS = [p for p in SCRIPTS if PRIMITIVES[p.stem].read_only]
WRITERS = [p for p in SCRIPTS if not PRIMITIVES[p.stem].read_only]

# Where each hashtable a script builds sits in its answer schema: an assignment target, or
# "function:<name>" for the hashtable a script function returns.
SHAPES: dict[str, dict[str, str]] = {
    "snapshot": {
        "$Ansible.Result": "#",
        "$wizard": "#/properties/wizard",
        "$adsyncService": "#/properties/adsync_service",
        "$adsync": "#/properties/adsync",
        "$uninstallEntries": "#/properties/uninstall_entries/items",
        "$adsync.connectors": "#/$defs/connector",
        "$adsync.run_history": "#/$defs/run_result",
    },
    "tls12_read": {"$Ansible.Result": "#", "function:Get-RegistryValue": "#/properties/values/items"},
    "tls12_write": {"$Ansible.Result": "#"},
    "sync_status": {"$answer": "#", "$answer.recent_runs": "snapshot.json#/$defs/run_result"},
    "sync_start": {"$Ansible.Result": "#"},
    "run_results": {"$Ansible.Result": "#", "$runs": "#/$defs/run"},
    "staging_write": {"$Ansible.Result": "#"},
    "scheduler_write": {"$Ansible.Result": "#"},
    "settings_read": {
        "$answer": "#",
        "$files": "#/$defs/file",
        "$answer.connectors": "#/properties/connectors/items",
        "$answer.sync_rules": "#/$defs/sync_rule",
    },
    "settings_export": {"$Ansible.Result": "#"},
    "file_stat": {
        "$Ansible.Result": "#",
        "$file": "#/properties/file/oneOf/1",
        "$signature": "#/properties/file/oneOf/1/properties/signature/oneOf/1",
    },
    "file_copy": {"$Ansible.Result": "#"},
    "file_remove": {"$Ansible.Result": "#"},
    "directory_create": {"$Ansible.Result": "#"},
    "connector_statistics": {"$Ansible.Result": "#", "$entry": "#/$defs/connector"},
    "csexport": {"$Ansible.Result": "#"},
    "config_export": {"$Ansible.Result": "#"},
    "uninstall": {
        "$Ansible.Result": "#",
        "$found": "#/properties/found/items",
        "$removed": "#/properties/removed/items",
    },
}


def test_the_parser_catches_a_broken_script() -> None:
    assert ps.error_lines(ps.parse_text("param( [string]$Name,\n$x = @{ a = ")) != []


def test_every_script_is_a_primitive_and_every_primitive_has_a_script() -> None:
    assert {path.stem for path in SCRIPTS} == set(PRIMITIVES) == set(SHAPES)


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: p.name)
def test_script_parses(path: Path) -> None:
    assert ps.error_lines(ps.parse(path)) == []


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: p.name)
def test_param_block_equals_what_python_declares(path: Path) -> None:
    # Host.call refuses, before anything reaches a host, parameters outside this declaration; so
    # param() equal to it means every parameter Python sends binds, and nothing else is expected.
    spec = PRIMITIVES[path.stem]
    tree = ps.parse(path)
    assert sorted(ps.param_names(tree)) == sorted(spec.declared)
    assert sorted(ps.mandatory_names(tree)) == sorted(spec.parameters)


def test_the_snapshot_parameters_python_sends_are_the_declared_ones() -> None:
    assert sorted(snapshot_parameters()) == sorted(PRIMITIVES["snapshot"].parameters)


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: p.name)
def test_script_stops_on_errors_and_never_evaluates_text(path: Path) -> None:
    targets = dict(ps.assignments(ps.parse(path)))
    assert targets.get("$ErrorActionPreference") is not None
    assert targets["$ErrorActionPreference"].text.decode() == "'Stop'"
    code = "\n".join(line for line in path.read_text().splitlines() if not line.lstrip().startswith("#"))
    assert not re.search(r"Invoke-Expression|\biex\b|\[scriptblock\]::Create|\$ExecutionContext", code, re.I)


@pytest.mark.parametrize("path", READERS, ids=lambda p: p.name)
def test_read_only_script_runs_in_check_mode_and_reports_no_change(path: Path) -> None:
    tree = ps.parse(path)
    assert "CmdletBinding(SupportsShouldProcess)" in ps.attributes(tree)
    assert ("$Ansible.Changed", "$false") in [(t, v.text.decode()) for t, v in ps.assignments(tree)]


@pytest.mark.parametrize("path", WRITERS, ids=lambda p: p.name)
def test_writing_script_is_skipped_by_win_powershell_in_check_mode(path: Path) -> None:
    # win_powershell runs a script in check mode only if it declares SupportsShouldProcess; a writer
    # must not, so even a collection bug cannot make check mode write.
    tree = ps.parse(path)
    assert not any("SupportsShouldProcess" in a for a in ps.attributes(tree))
    assert ("$Ansible.Changed", "$true") in [(t, v.text.decode()) for t, v in ps.assignments(tree)]


def _check_hash(hash_node, schema, root, where: str) -> list[str]:
    schema = ps.resolve(schema, root, load_schema)
    entries = ps.hash_entries(hash_node)
    properties = schema.get("properties", {})
    problems = []
    if set(entries) != set(properties):
        problems.append(f"{where}: script keys {sorted(entries)} != schema {sorted(properties)}")
    for key, value in entries.items():
        nested = ps.first_hash(value)
        if nested is not None and key in properties:
            problems += _check_hash(nested, properties[key], root, f"{where}.{key}")
    return problems


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: p.name)
def test_script_builds_the_answer_its_schema_describes(path: Path) -> None:
    root = load_schema(path.stem)
    tree = ps.parse(path)
    shapes = SHAPES[path.stem]
    found = [(target, ps.first_hash(value)) for target, value in ps.assignments(tree)]
    found += [(key, ps.first_hash(ps.function_body(tree, key[9:]))) for key in shapes if key.startswith("function:")]
    seen, problems = set(), []
    for target, hash_node in found:
        if target in shapes and hash_node is not None:
            seen.add(target)
            pointer = shapes[target]
            schema = root if pointer == "#" else ps.resolve({"$ref": pointer}, root, load_schema)
            problems += _check_hash(hash_node, schema, root, target)
    assert seen == set(shapes)
    assert problems == []
