"""entra_object_counts over the lab: a migrated pair matches, and a target whose AD connector and its rules were
deleted stops before the cutover with a message that names the connector."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from ansible_collections.hybrid_identity.entra_connect.plugins.action import (
    entra_cutover_gate,
    entra_object_counts,
    entra_sync_health,
)
from ansible_collections.hybrid_identity.entra_connect.plugins.modules import (
    entra_object_counts as entra_object_counts_doc,
)
from ansible_collections.hybrid_identity.entra_connect.plugins.modules import entra_sync_health as entra_sync_health_doc
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._rules.health import (
    DEFAULT_MAX_SYNC_AGE_DAYS,
)
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._rules.object_counts import (
    DEFAULT_MAX_DIFFERENCE,
    DEFAULT_MAX_DIFFERENCE_PERCENT,
)
from hosts import FakeHost, TwinHost
from lab_twins import ROOT, seed_tenants

INSTALLER = "C:\\EntraConnectMigration\\AzureADConnect.msi"
SETTINGS = "C:\\EntraConnectMigration\\settings.json"
AD_ID = "5d4b8a11-7c55-4f0e-9a3b-1f2e6a9c0d21"


def migrated_target(new_state: dict, old_state: dict, tmp_path: Path, delete_ad_connector: bool = False) -> TwinHost:
    """The new server after the wizard imported the old server's settings and an initial sync ran; with
    ``delete_ad_connector``, someone deleted the AD connector and its sync rules before that sync."""
    host = TwinHost(new_state, "new-sync01", tenants=seed_tenants())
    twin = host.twin
    twin.state["directories"].append("C:\\EntraConnectMigration")
    twin.put(str(ROOT / "lab" / "installer" / "AzureADConnect.msi"), INSTALLER)
    applied = sorted(k for k in old_state["files"] if "Applied-SynchronizationPolicy" in k)[-1]
    settings = tmp_path / "settings.json"
    settings.write_text(json.dumps(old_state["files"][applied]["content"]))
    twin.put(str(settings), SETTINGS)
    twin.simulate_wizard(INSTALLER, SETTINGS, "PasswordHashSync")
    engine = twin.state["entra_connect"]
    if delete_ad_connector:
        engine["connectors"] = [c for c in engine["connectors"] if c["identifier"] != AD_ID]
        engine["sync_rules"] = [r for r in engine["sync_rules"] if r["connector"] != AD_ID]
        del engine["connector_settings"][AD_ID]
    twin.call("sync_start", {"PolicyType": "Initial"})
    twin.advance(600)
    assert engine["sync_cycle"] is None
    host.calls.clear()
    return host


@pytest.fixture
def health(run_action):
    """health(host, role) -> the entra_sync_health result of a server."""

    def _health(host: TwinHost, role: str) -> dict[str, Any]:
        result = run_action(entra_sync_health, {"role": role}, host)
        assert not result.get("failed"), result.get("msg")
        return result

    return _health


def test_a_migrated_pair_has_the_same_counts(run_action, health, old_state, new_state, tmp_path) -> None:
    source = health(TwinHost(old_state, "old-sync01", tenants=seed_tenants()), "active")
    target = health(migrated_target(new_state, old_state, tmp_path), "staging")
    assert target["passed"] is True, target["checks"]

    result = run_action(entra_object_counts, {"reference": source, "difference": target}, FakeHost())
    assert (result["passed"], result["changed"], result.get("failed")) == (True, False, None)
    assert (result["reference_name"], result["difference_name"]) == ("OLD-SYNC01", "NEW-SYNC01")
    assert [(row["reference"], row["difference"], row["paired_by"]) for row in result["connectors"]] == [
        ("contoso.com", "contoso.com", "name"),
        ("contoso.onmicrosoft.com - AAD", "contoso.onmicrosoft.com - AAD", "name"),
    ]
    # The same directories, read by both servers: every count equal, and a count there is.
    for row in result["connectors"]:
        assert [c["delta"] for c in row["counts"]] == [0, 0]
        assert all(c["reference"] > 0 for c in row["counts"])
    assert result["unpaired"] == []
    assert result["evidence"]["tolerance"] == "10 object(s) or 0.5%"


def test_a_target_without_its_ad_connector_stops_before_the_cutover(
    run_action, health, old_state, new_state, tmp_path
) -> None:
    source = health(TwinHost(old_state, "old-sync01", tenants=seed_tenants()), "active")
    target_host = migrated_target(new_state, old_state, tmp_path, delete_ad_connector=True)
    target = health(target_host, "staging")
    # Its own health does not show it: the connector it lacks has no runs to judge.
    assert [c["name"] for c in target["connectors"]] == ["contoso.onmicrosoft.com - AAD"]

    args = {"reference": source, "difference": target, "fail_on_gate": True}
    result = run_action(entra_object_counts, args, FakeHost())
    assert result["failed"] is True
    assert result["msg"].startswith(
        "NEW-SYNC01: 1 object count gate(s) did not pass, nothing was changed - object_counts:contoso.com: "
        "contoso.com (an AD connector) on OLD-SYNC01 has no counterpart on NEW-SYNC01 (its connectors: "
        "contoso.onmicrosoft.com - AAD): the connector and its sync rules were not imported. Re-run the wizard's "
        "import of the exported settings"
    )

    # Passed on as evidence, the gate holds the cutover itself.
    report = run_action(entra_object_counts, {"reference": source, "difference": target}, FakeHost())
    assert report["passed"] is False and not report.get("failed")
    gate = run_action(entra_cutover_gate, {"expect": "staging", "extra_gates": report["gates"]}, target_host)
    assert gate["failed"] is True and gate["passed"] is False
    assert "object_counts:contoso.com: contoso.com (an AD connector) on OLD-SYNC01 has no counterpart" in gate["msg"]
    assert target_host.primitives == ["snapshot", "connector_statistics", "snapshot"]


def test_the_connectors_list_alone_is_enough(run_action) -> None:
    entry = {
        "identifier": AD_ID,
        "name": "contoso.com",
        "connector_type_name": "AD",
        "subtype": "",
        "total_objects": 1000,
        "total_connectors": 900,
        "total_disconnectors": 100,
        "placeholders": 0,
        "reported_total_connectors": 900,
        "error": None,
    }
    smaller = dict(entry, total_objects=985)
    result = run_action(entra_object_counts, {"reference": [entry], "difference": [smaller]}, FakeHost())
    assert (result["reference_name"], result["difference_name"]) == ("reference", "difference")
    assert result["passed"] is False
    assert result["gates"][0]["detail"].startswith(
        "contoso.com: total_objects 1000 on reference, 985 on difference (-15, 1.5%), beyond the tolerance"
    )
    loose = {"reference": [entry], "difference": [smaller], "max_difference": 15, "max_difference_percent": 0.0}
    assert run_action(entra_object_counts, loose, FakeHost())["passed"] is True


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            {"reference": "old", "difference": []},
            "reference must be an entra_sync_health result or its connectors list, got str",
        ),
        (
            {"reference": {"changed": False}, "difference": []},
            "reference must be an entra_sync_health result or its connectors list; the dict given has no connectors",
        ),
        (
            {"reference": {"failed": True, "msg": "unreachable"}, "difference": []},
            "reference is a failed entra_sync_health result (unreachable)",
        ),
        (
            {"reference": [], "difference": [{"name": "contoso.com"}]},
            "difference does not hold connector counts as entra_sync_health returns them: at field 'connectors[0]'",
        ),
        (
            {
                "reference": {"computer_name": "OLD", "connectors": []},
                "difference": {"computer_name": "OLD", "connectors": []},
            },
            "reference and difference are both OLD: compare the two servers of a pair",
        ),
        (
            {"reference": [], "difference": [], "connector_map": {"contoso.com": "corp"}},
            "connector_map names contoso.com, which reference has no connector called (its connectors: none)",
        ),
        ({"reference": [], "difference": [], "max_difference": -1}, "must not be negative"),
    ],
)
def test_bad_input_fails_with_what_is_wrong(run_action, args, message) -> None:
    result = run_action(entra_object_counts, args, FakeHost())
    assert result["failed"] is True and message in result["msg"]


def test_a_reference_without_connectors_is_not_a_pass(run_action) -> None:
    result = run_action(entra_object_counts, {"reference": [], "difference": []}, FakeHost())
    assert result["passed"] is False
    assert result["gates"] == [
        {
            "name": "object_counts",
            "passed": False,
            "detail": "reference reported no connectors: its counts could not be read; look at its sync_engine check "
            "and read it again",
        }
    ]


def test_it_never_reads_a_server() -> None:
    from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._action import base

    assert issubclass(entra_object_counts.ActionModule, base.EntraControllerAction)
    assert not issubclass(entra_object_counts.ActionModule, base.EntraHostAction)


def test_the_documented_defaults_are_the_rules_defaults() -> None:
    options = yaml.safe_load(entra_object_counts_doc.DOCUMENTATION)["options"]
    assert (options["max_difference"]["default"], options["max_difference_percent"]["default"]) == (
        DEFAULT_MAX_DIFFERENCE,
        DEFAULT_MAX_DIFFERENCE_PERCENT,
    )
    health = yaml.safe_load(entra_sync_health_doc.DOCUMENTATION)["options"]
    assert health["max_sync_age_days"]["default"] == DEFAULT_MAX_SYNC_AGE_DAYS == 7
