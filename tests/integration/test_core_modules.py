"""The core modules on the lab, each in the order check mode, real run, second run, failures.

Each test runs real `ansible` processes against the lab inventory and reads the twin's state files
afterwards, so a module that reports a change it did not make, or makes one it did not report, fails.
"""

from __future__ import annotations

import copy

NET = "HKLM:\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319"
AAD = "contoso.onmicrosoft.com - AAD"


def _staging_target(lab) -> None:
    """new-sync01 as the wizard leaves it: Entra Connect installed, in staging mode."""
    old, new = lab.state("old-sync01"), lab.state("new-sync01")
    new["entra_connect"] = copy.deepcopy(old["entra_connect"])
    new["entra_connect"].update(staging_mode=True, version="2.5.79.0", run_history=[])
    lab.write("new-sync01", new)


def test_tls12(module, lab) -> None:
    before = lab.raw()
    check = module("new-sync01", "entra_tls12", {}, "--check", "--diff")
    assert (check.rc, check.result["changed"], check.result["reboot_required"]) == (0, True, True)
    assert lab.raw() == before

    real = module("new-sync01", "entra_tls12")
    assert (real.result["changed"], real.result["reboot_required"], real.result["lab"]) == (True, True, True)
    assert lab.state("new-sync01")["registry"][NET] == {
        "SchUseStrongCrypto": {"type": "DWord", "data": 1},
        "SystemDefaultTlsVersions": {"type": "DWord", "data": 1},
    }

    second = module("new-sync01", "entra_tls12")
    assert (second.result["changed"], second.result["reboot_required"], second.result["host_round_trips"]) == (
        False,
        True,
        1,
    )
    rebooted = module("new-sync01", "entra_tls12", {"reboot": True})
    assert (rebooted.result["changed"], rebooted.result["rebooted"]) == (True, True)
    settled = module("new-sync01", "entra_tls12", {"reboot": True})
    assert (settled.result["changed"], settled.result["reboot_required"]) == (False, False)

    refused = module("new-sync01", "entra_tls12", {"reboot": True}, "-B", "60", "-P", "2")
    assert refused.rc != 0 and refused.result["msg"] == (
        "entra_tls12 cannot reboot in an async task: the restart drops the connection the async job reports "
        "through. Remove async/poll, or set reboot: false and restart with ansible.windows.win_reboot."
    )


def test_export_settings(module, lab, tmp_path) -> None:
    dest = tmp_path / "exports"
    before = lab.raw()
    check = module("old-sync01", "entra_export_settings", {"dest": str(dest)}, "--check")
    assert check.result["changed"] is True and not dest.exists() and lab.raw() == before

    real = module("old-sync01", "entra_export_settings", {"dest": str(dest)})
    assert real.result["changed"] is True
    assert sorted(p.name for p in dest.iterdir()) == ["Applied-SynchronizationPolicy-20260602-142107.json"]

    second = module("old-sync01", "entra_export_settings", {"dest": str(dest)})
    assert (second.result["changed"], second.result["host_round_trips"]) == (False, 1)

    missing = module("new-sync01", "entra_export_settings", {"dest": str(dest)})
    assert missing.result["msg"] == (
        "Entra Connect is not installed on new-sync01 (NEW-SYNC01): expected the old Entra Connect server to "
        "export its settings from, found no installed sync engine. Nothing was changed."
    )


def test_sync_cycle(module, lab) -> None:
    before = lab.raw()
    check = module("old-sync01", "entra_sync_cycle", {}, "--check")
    assert check.result["changed"] is True and lab.raw() == before
    assert check.result["decisions"] == ["Would start a sync cycle (Delta) on old-sync01 (check mode)"]

    state = lab.state("old-sync01")
    state["entra_connect"]["pending_exports"] = {AAD: {"add": 1, "update": 4, "delete": 0}}
    lab.write("old-sync01", state)
    real = module("old-sync01", "entra_sync_cycle")
    assert (real.rc, real.result["changed"], len(real.result["runs"])) == (0, True, 6)
    assert "waiting for the Delta sync cycle" in real.stderr
    history = lab.state("old-sync01")["entra_connect"]["run_history"]
    assert len(history) == len(state["entra_connect"]["run_history"]) + 6
    assert [(e["server"], e["event"], e["updates"]) for e in lab.tenant_events()] == [("OLD-SYNC01", "export", 4)]

    # Nothing pending this time, but a cycle was started: that is the change.
    second = module("old-sync01", "entra_sync_cycle")
    assert (second.rc, second.result["changed"], second.result["objects_changed"]) == (0, True, 0)
    assert second.result["decisions"][0].startswith("Started a sync cycle (Delta) on old-sync01 at ")

    state = lab.state("old-sync01")
    state["entra_connect"]["pending_exports"] = {AAD: {"add": 0, "update": 0, "delete": 501}}
    lab.write("old-sync01", state)
    stopped = module("old-sync01", "entra_sync_cycle")
    assert stopped.rc != 0 and stopped.result["msg"].startswith(
        f"The sync cycle on old-sync01 did not succeed: {AAD} / Export ended with stopped-deletion-threshold-exceeded: "
        "the export would delete more objects than the export deletion threshold allows"
    )
    unknown = module("old-sync01", "entra_sync_cycle", {"connectors": ["fabrikam.com"]})
    assert unknown.result["msg"] == (
        f"Connector(s) 'fabrikam.com' do not exist on old-sync01; its connectors are 'contoso.com', '{AAD}'. "
        "No cycle was started."
    )


def test_scheduler(module, lab) -> None:
    before = lab.raw()
    args = {"customized_sync_cycle_interval": "01:00:00"}
    check = module("old-sync01", "entra_scheduler", args, "--check")
    assert check.result["changed"] is True and lab.raw() == before

    real = module("old-sync01", "entra_scheduler", args)
    assert real.result["changed"] is True
    assert lab.state("old-sync01")["entra_connect"]["scheduler"]["CustomizedSyncCycleInterval"] == "01:00:00"

    second = module("old-sync01", "entra_scheduler", args)
    assert second.result["changed"] is False

    short = module("old-sync01", "entra_scheduler", {"customized_sync_cycle_interval": "00:10:00"})
    assert short.result["msg"] == (
        "customized_sync_cycle_interval 00:10:00 is shorter than the interval Entra ID allows for old-sync01 "
        "(AllowedSyncCycleInterval 00:30:00). Nothing was changed."
    )
    typo = module("old-sync01", "entra_scheduler", {"sync_cycle_enable": True})
    assert typo.result["msg"] == "Invalid options for hybrid_identity.entra_connect.entra_scheduler: sync_cycle_enable"


def test_staging_mode_switch_keeps_one_active_server(module, lab) -> None:
    _staging_target(lab)
    before = lab.raw()
    check = module("old-sync01", "entra_staging_mode", {"state": "enabled"}, "--check")
    assert (check.result["changed"], check.result["staging_mode"]) == (True, True) and lab.raw() == before

    refused = module("new-sync01", "entra_staging_mode", {"state": "disabled"})
    assert refused.rc != 0 and refused.result["msg"].startswith(
        "Refusing to take new-sync01 out of staging mode: the task does not say how the other servers of the "
        "tenant were found."
    )
    active_peer = module("old-sync01", "entra_staging_mode", {"state": "query"}).result["reading"]
    refused = module("new-sync01", "entra_staging_mode", {"state": "disabled", "other_servers": [active_peer]})
    assert "old-sync01 (OLD-SYNC01) was found out of staging mode" in refused.result["msg"]
    assert lab.raw() == before

    real = module("old-sync01", "entra_staging_mode", {"state": "enabled"})
    assert real.result["changed"] is True and lab.state("old-sync01")["entra_connect"]["staging_mode"] is True
    second = module("old-sync01", "entra_staging_mode", {"state": "enabled"})
    assert second.result["changed"] is False

    peer = module("old-sync01", "entra_staging_mode", {"state": "query"}).result["reading"]
    out = module("new-sync01", "entra_staging_mode", {"state": "disabled", "other_servers": [peer]})
    assert (out.result["changed"], out.result["staging_mode"]) == (True, False)
    assert [(e["server"], e["event"], e["active_servers"]) for e in lab.tenant_events()] == [
        ("OLD-SYNC01", "staging_enabled", []),
        ("NEW-SYNC01", "staging_disabled", ["NEW-SYNC01"]),
    ]


def test_the_admin_credential_never_reaches_the_output(module, lab) -> None:
    _staging_target(lab)
    state = lab.state("new-sync01")
    state["entra_connect"]["password_writeback"] = True
    lab.write("new-sync01", state)
    credential = {"username": "admin@contoso.onmicrosoft.com", "password": "Tier0-S3cret!"}
    run = module("new-sync01", "entra_staging_mode", {"state": "enabled", "admin_credential": credential}, "-vvv")
    assert run.rc == 0 and run.result["changed"] is False
    assert "Tier0-S3cret!" not in run.stdout + run.stderr
