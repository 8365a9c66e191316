"""Facts derived from snapshot answers produced by the twin from the seed states."""

from __future__ import annotations

import copy

from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._rules.facts import (
    ENTRA_CONNECTOR_ID,
    facts_warnings,
    snapshot_facts,
)


def test_old_server_facts(old_state, snapshot_of) -> None:
    facts = snapshot_facts(snapshot_of(old_state))
    assert facts["os"]["name"] == "Windows Server 2012 R2"
    assert facts["dotnet"] == {"release": 528049, "version": "4.8"}
    assert facts["installed"] is True
    assert facts["product"]["version"] == "1.6.16.0"
    assert facts["product"]["version_source"] == "wizard file version"
    assert facts["staging_mode"] is False
    assert facts["sign_in_method"] == "PasswordHashSync"
    assert facts["server_configuration_version"] == "1.6.16.0"
    assert facts["scheduler"]["next_sync_cycle_start_time_in_utc"] == "2026-11-20T10:00:02.0000000Z"
    assert {c["kind"] for c in facts["connectors"]} == {"ad", "entra"}
    assert facts_warnings(facts) == []


def test_new_server_is_not_installed(new_state, snapshot_of) -> None:
    facts = snapshot_facts(snapshot_of(new_state))
    assert facts["installed"] is False
    assert (facts["product"], facts["service"], facts["scheduler"], facts["staging_mode"]) == (None, None, None, None)
    assert facts["connectors"] == [] and facts["last_runs"] == []
    assert facts["os"]["name"] == "Windows Server 2022"


def test_last_run_is_the_newest_complete_run_of_each_connector(old_state, snapshot_of) -> None:
    snapshot = snapshot_of(old_state)
    running = dict(
        snapshot["adsync"]["run_history"][0],
        start_date="2026-11-21T00:00:00.0000000Z",
        is_run_complete=False,
        result="in-progress",
        run_profile_name="Full Import",
    )
    snapshot["adsync"]["run_history"].append(running)
    runs = {r["connector_name"]: r["run_profile_name"] for r in snapshot_facts(snapshot)["last_runs"]}
    assert runs == {"contoso.com": "Export", "contoso.onmicrosoft.com - AAD": "Export"}
    assert snapshot_facts(snapshot)["last_sync_end"] == "2026-11-20T09:30:49.0000000Z"


def test_wizard_version_wins_over_uninstall_entry(old_state, snapshot_of) -> None:
    snapshot = snapshot_of(old_state)
    snapshot["uninstall_entries"][0]["display_version"] = "1.6.14.0"
    product = snapshot_facts(snapshot)["product"]
    assert (product["version"], product["uninstall_version"]) == ("1.6.16.0", "1.6.14.0")
    snapshot["wizard"]["file_version"] = None
    assert snapshot_facts(snapshot)["product"]["version"] == "1.6.14.0"


def test_connectors_are_told_apart_by_identifier_and_type_not_name(old_state, snapshot_of) -> None:
    snapshot = snapshot_of(old_state)
    for connector in snapshot["adsync"]["connectors"]:
        connector["name"] = "renamed"
    kinds = {c["identifier"]: c["kind"] for c in snapshot_facts(snapshot)["connectors"]}
    assert kinds[ENTRA_CONNECTOR_ID] == "entra"
    assert sorted(kinds.values()) == ["ad", "entra"]


def test_staging_mode_disagreement_is_warned_and_scheduler_wins(old_state, snapshot_of) -> None:
    snapshot = snapshot_of(old_state)
    snapshot["adsync"]["global_settings"]["Microsoft.Synchronize.StagingMode"] = "True"
    facts = snapshot_facts(snapshot)
    assert facts["staging_mode"] is False and facts["staging_mode_setting"] is True
    assert any("StagingModeEnabled=False" in w for w in facts_warnings(facts))


def test_stopped_service_keeps_os_facts_and_warns(old_state, snapshot_of) -> None:
    state = copy.deepcopy(old_state)
    state["entra_connect"]["service"]["status"] = "Stopped"
    facts = snapshot_facts(snapshot_of(state))
    assert facts["installed"] is True and facts["scheduler"] is None and facts["staging_mode"] is None
    assert facts["os"]["build"] == 9600
    assert any("ADSync service is not running" in w for w in facts_warnings(facts))
