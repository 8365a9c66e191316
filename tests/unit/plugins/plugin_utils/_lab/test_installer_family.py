"""The twin's installed product family: separate uninstall entries per product, and what removing each leaves."""

from __future__ import annotations

from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._lab.installer import ensure_family
from lab_twins import twin_of

WIZARD = "Microsoft Entra Connect Sync"
ENGINE = "Microsoft Azure AD Connect synchronization services"
HEALTH = "Microsoft Azure AD Connect Health agent for sync"


def _names(keys: dict) -> list[str]:
    return sorted(k["DisplayName"]["data"] for k in keys.values())


def test_a_seed_gets_the_family_of_its_version(seed, old_state) -> None:
    assert _names(ensure_family(seed("ha-sync02"))) == sorted(
        [WIZARD, ENGINE, HEALTH, "Microsoft SQL Server 2022 LocalDB"]
    )
    # A 1.x server bundled SQL Server 2012 Express LocalDB.
    assert "Microsoft SQL Server 2012 Express LocalDB" in _names(ensure_family(old_state))


def test_removing_only_the_wizard_product_leaves_the_engine_and_the_adsync_service(seed) -> None:
    twin = twin_of(seed("ha-sync02"))
    answer = twin.call("uninstall", {"ProductDisplayNames": [WIZARD]})
    assert [(r["display_name"], r["exit_code"]) for r in answer["removed"]] == [(WIZARD, 0)]
    assert WIZARD in [f["display_name"] for f in answer["found"]]
    assert [e["display_name"] for e in twin.installer.uninstall_entries([WIZARD, ENGINE, HEALTH])] == [ENGINE, HEALTH]
    assert twin.state["entra_connect"] is not None
    assert twin.state["entra_connect"]["service"]["status"] == "Running"


def test_removing_the_engine_takes_the_adsync_service_with_it(seed) -> None:
    twin = twin_of(seed("ha-sync02"))
    answer = twin.call("uninstall", {"ProductDisplayNames": [ENGINE.upper()]})
    # Windows compares DisplayNames without regard to case.
    assert [r["display_name"] for r in answer["removed"]] == [ENGINE]
    assert twin.state["entra_connect"] is None
    assert twin.installer.uninstall_entries([ENGINE]) == []


def test_products_are_removed_in_the_order_given_and_a_failure_leaves_its_entry(seed) -> None:
    state = seed("ha-sync02")
    keys = ensure_family(state)
    health = next(p for p, k in keys.items() if k["DisplayName"]["data"] == HEALTH)
    state["registry"][health]["LabMsiexecExitCode"] = {"type": "DWord", "data": 1603}
    twin = twin_of(state)
    answer = twin.call("uninstall", {"ProductDisplayNames": [HEALTH, WIZARD, "Not installed"]})
    assert [(r["display_name"], r["exit_code"]) for r in answer["removed"]] == [(HEALTH, 1603), (WIZARD, 0)]
    assert [e["display_name"] for e in twin.installer.uninstall_entries([HEALTH, WIZARD])] == [HEALTH]
