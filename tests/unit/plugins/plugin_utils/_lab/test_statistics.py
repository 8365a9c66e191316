"""The twin's connector spaces: counts a pair shares, nothing before an import, none for a missing connector."""

from __future__ import annotations

import hashlib

import pytest
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._common.errors import HostCommandError
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._contract.validate import first_violation
from lab_twins import twin_of

COUNT = {"PageSize": 1000, "CountConnectorSpace": True}
AD_ID = "5d4b8a11-7c55-4f0e-9a3b-1f2e6a9c0d21"
ENTRA_ID = "b891884f-051e-4a83-95af-2544101c9083"


def read(state, parameters: dict | None = None) -> dict:
    answer = twin_of(state).call("connector_statistics", dict(parameters or COUNT))
    assert first_violation("connector_statistics", answer) is None
    return answer


def by_name(answer) -> dict:
    return {entry["name"]: entry for entry in answer["connectors"]}


def expected_derived(tenant_log: str, identifier: str) -> int:
    """docs/lab.md: 1000 + the first 8 hex digits of SHA-256('<tenant_log>|<identifier>') modulo 9000."""
    return 1000 + int(hashlib.sha256(f"{tenant_log}|{identifier}".encode()).hexdigest()[:8], 16) % 9000


def test_given_objects_split_into_connectors_disconnectors_and_placeholders(old_state) -> None:
    old_state["entra_connect"]["connectors"][0]["objects"] = 1000
    old_state["entra_connect"]["connectors"][1]["objects"] = 500
    counts = by_name(read(old_state))
    # AD: one in 100 a placeholder, one in 10 a disconnector; the Entra connector's flat namespace has no placeholders.
    assert {
        k: counts["contoso.com"][k]
        for k in ("total_objects", "total_connectors", "total_disconnectors", "placeholders")
    } == {
        "total_objects": 1000,
        "total_connectors": 890,
        "total_disconnectors": 100,
        "placeholders": 10,
    }
    entra = counts["contoso.onmicrosoft.com - AAD"]
    assert (entra["total_objects"], entra["total_connectors"], entra["total_disconnectors"], entra["placeholders"]) == (
        500,
        450,
        50,
        0,
    )
    assert counts["contoso.com"]["reported_total_connectors"] == 890 and counts["contoso.com"]["error"] is None


def test_without_objects_the_count_derives_from_the_tenant_log_and_identifier(old_state) -> None:
    counts = by_name(read(old_state))
    assert counts["contoso.com"]["total_objects"] == expected_derived("contoso.tenant.json", AD_ID)
    assert counts["contoso.onmicrosoft.com - AAD"]["total_objects"] == expected_derived("contoso.tenant.json", ENTRA_ID)


def test_both_servers_of_the_ha_pair_count_the_same(seed) -> None:
    assert read(seed("ha-sync01"))["connectors"] == read(seed("ha-sync02"))["connectors"]


def test_another_tenant_counts_otherwise(seed) -> None:
    contoso, fabrikam = read(seed("old-sync01")), read(seed("ha-sync01"))
    # The AD connectors of both seeds share an identifier; their tenants differ.
    assert contoso["connectors"][0]["identifier"] == fabrikam["connectors"][0]["identifier"]
    assert contoso["connectors"][0]["total_objects"] != fabrikam["connectors"][0]["total_objects"]


def test_a_connector_space_is_empty_before_its_first_import(old_state) -> None:
    old_state["entra_connect"]["connectors"][0]["objects"] = 1000
    old_state["entra_connect"]["run_history"] = [
        r for r in old_state["entra_connect"]["run_history"] if r["connector_id"] != AD_ID
    ]
    counts = by_name(read(old_state))
    assert counts["contoso.com"]["total_objects"] == 0 and counts["contoso.com"]["reported_total_connectors"] == 0
    assert counts["contoso.onmicrosoft.com - AAD"]["total_objects"] > 0


def test_a_deleted_connector_has_no_count(old_state) -> None:
    engine = old_state["entra_connect"]
    engine["connectors"] = [c for c in engine["connectors"] if c["identifier"] != AD_ID]
    assert [entry["name"] for entry in read(old_state)["connectors"]] == ["contoso.onmicrosoft.com - AAD"]


def test_without_counting_only_the_statistics_cmdlet_is_read(old_state) -> None:
    old_state["entra_connect"]["connectors"][0]["objects"] = 1000
    entry = read(old_state, {"PageSize": 1000, "CountConnectorSpace": False})["connectors"][0]
    assert [entry[k] for k in ("total_objects", "total_connectors", "total_disconnectors", "placeholders")] == [
        None
    ] * 4
    assert entry["reported_total_connectors"] == 890


def test_the_answer_carries_the_twin_clock(old_state) -> None:
    assert read(old_state)["now_utc"] == "2026-11-20T09:45:00.0000000Z"


def test_a_stopped_engine_or_no_product_fails_as_the_cmdlets_do(old_state, new_state) -> None:
    old_state["entra_connect"]["service"]["status"] = "Stopped"
    with pytest.raises(HostCommandError, match="the ADSync service is not running"):
        twin_of(old_state).call("connector_statistics", dict(COUNT))
    with pytest.raises(HostCommandError, match="the ADSync module is not installed"):
        twin_of(new_state).call("connector_statistics", dict(COUNT))


def test_a_state_with_objects_is_still_a_valid_lab_state(old_state) -> None:
    old_state["entra_connect"]["connectors"][0]["objects"] = 1000
    assert first_violation("lab_state", old_state) is None
    old_state["entra_connect"]["connectors"][0]["objects"] = -1
    assert "objects" in (first_violation("lab_state", old_state) or "")
