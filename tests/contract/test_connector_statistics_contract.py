"""The connector_statistics primitive's contract, both sides: the script's parameters, check-mode safety and
answer shape, and the twin's answer on every seed, against schemas/connector_statistics.json."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import powershell_ast as ps
import pytest
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._common.errors import HostCommandError
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._contract.validate import (
    first_violation,
    load_schema,
)
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._host.primitives import PRIMITIVES
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._rules.object_counts import (
    statistics_parameters,
)
from lab_twins import twin_of
from test_powershell_scripts import _check_hash

SPEC = PRIMITIVES["connector_statistics"]
SCRIPT = Path(SPEC.script_path)
SEED_DIR = Path(__file__).resolve().parents[2] / "lab" / "seeds"
SEEDS = sorted(p for p in SEED_DIR.glob("*.json") if not p.name.endswith(".tenant.json"))
# Where each hashtable the script builds sits in the answer schema.
SHAPES = {"$Ansible.Result": "#", "$entry": "#/$defs/connector"}


def test_it_is_a_read_only_primitive() -> None:
    assert SPEC.read_only is True and SPEC.confirm is None and SPEC.schema == "connector_statistics"


def test_the_script_parses_and_declares_exactly_the_parameters_python_sends() -> None:
    tree = ps.parse(SCRIPT)
    assert ps.error_lines(tree) == []
    assert sorted(ps.param_names(tree)) == sorted(statistics_parameters()) == sorted(SPEC.declared)
    assert sorted(ps.mandatory_names(tree)) == sorted(SPEC.parameters)


def test_the_script_runs_in_check_mode_without_heeding_whatif() -> None:
    tree = ps.parse(SCRIPT)
    assert "CmdletBinding(SupportsShouldProcess)" in ps.attributes(tree)
    found = [(target, value.text.decode()) for target, value in ps.assignments(tree)]
    assert ("$WhatIfPreference", "$false") in found
    assert ("$ErrorActionPreference", "'Stop'") in found
    assert ("$Ansible.Changed", "$false") in found
    # WhatIf is off before any cmdlet runs: right after param().
    text = SCRIPT.read_text(encoding="utf-8")
    assert text.index("$WhatIfPreference = $false") < text.index("Get-ItemProperty")


def test_the_script_builds_the_answer_its_schema_describes() -> None:
    root = load_schema("connector_statistics")
    tree = ps.parse(SCRIPT)
    seen, problems = set(), []
    for target, value in ps.assignments(tree):
        hash_node = ps.first_hash(value)
        if target in SHAPES and hash_node is not None:
            seen.add(target)
            pointer = SHAPES[target]
            schema = root if pointer == "#" else ps.resolve({"$ref": pointer}, root, load_schema)
            problems += _check_hash(hash_node, schema, root, target)
    assert seen == set(SHAPES)
    assert problems == []


def test_the_script_reads_the_documented_paging_and_the_statistics_cmdlet_only_where_it_exists() -> None:
    text = SCRIPT.read_text(encoding="utf-8")
    assert (
        "Get-ADSyncCSObject -ConnectorIdentifier $ConnectorIdentifier -StartIndex $start -MaxResultCount $PageSize"
        in text
    )
    assert "Get-Command -Name Get-ADSyncConnectorStatistics -ErrorAction SilentlyContinue" in text


def _variants(state: dict) -> list[tuple[dict, str | None]]:
    """The seed, and the states the twin must still describe: (state, the error it fails with, or None)."""
    state.pop("tenant_log", None)
    if state["entra_connect"] is None:
        return [(state, "ADSync module is not installed")]
    staging, stopped, empty = copy.deepcopy(state), copy.deepcopy(state), copy.deepcopy(state)
    staging["entra_connect"]["staging_mode"] = True
    stopped["entra_connect"]["service"]["status"] = "Stopped"
    empty["entra_connect"].update(connectors=[], run_history=[])
    return [(state, None), (staging, None), (stopped, "ADSync service is not running"), (empty, None)]


@pytest.mark.parametrize("count", [True, False])
@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem)
def test_the_twin_answers_within_the_schema_on_every_seed(seed: Path, count: bool) -> None:
    for state, failure in _variants(json.loads(seed.read_text())):
        twin = twin_of(state)
        if failure:
            with pytest.raises(HostCommandError, match=failure):
                twin.call("connector_statistics", statistics_parameters(count))
            continue
        answer = twin.call("connector_statistics", statistics_parameters(count))
        assert first_violation("connector_statistics", answer) is None
        assert [e["name"] for e in answer["connectors"]] == [c["name"] for c in state["entra_connect"]["connectors"]]
        assert first_violation("lab_state", twin.state) is None


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda e: e.update(total_objects=-1), "connectors[0].total_objects"),
        (lambda e: e.pop("error"), "connectors[0]"),
        (lambda e: e.update(identifier="contoso"), "connectors[0].identifier"),
        (lambda e: e.update(extra=1), "connectors[0]"),
    ],
)
def test_the_schema_refuses_a_drifted_answer(seed, change, field) -> None:
    answer = twin_of(seed("old-sync01")).call("connector_statistics", statistics_parameters())
    change(answer["connectors"][0])
    assert (first_violation("connector_statistics", answer) or "").startswith(f"at field '{field}'")
