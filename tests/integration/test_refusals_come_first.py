"""Every refusal that can come before the first change does: nothing on any server changes first."""

from __future__ import annotations

import pytest

WINDOWS = {
    "Windows Server 2025": {
        "caption": "Microsoft Windows Server 2025 Datacenter",
        "version": "10.0.26100",
        "build_number": 26100,
        "installation_type": "Server",
    },
    "Server Core": {
        "caption": "Microsoft Windows Server 2022 Datacenter",
        "version": "10.0.20348",
        "build_number": 20348,
        "installation_type": "Server Core",
    },
}


def _failed_messages(run) -> dict[str, str]:
    """Host -> message of every failed task result in the run."""
    found: dict[str, str] = {}
    for play in run.output["plays"]:
        for task in play["tasks"]:
            for host, result in task["hosts"].items():
                if result.get("failed") and host not in found:
                    found[host] = str(result.get("msg"))
    return found


@pytest.mark.parametrize("windows", sorted(WINDOWS))
def test_a_new_server_the_install_refuses_is_refused_before_any_change(play, lab, windows) -> None:
    new = lab.state("new-sync01")
    new["os"] = WINDOWS[windows]
    lab.write("new-sync01", new)
    before = lab.raw()

    run = play("swing_migration.yml")
    assert run.rc != 0
    # The plan runs once for the run and fails every server with one message.
    message = next(iter(run.results("Derive each pair's phase from the servers' own state").values()))["msg"]
    assert message.startswith("swing_migration cannot start: 1 problem with the pairs; nothing was changed.")
    assert "the new server new-sync01 (NEW-SYNC01) cannot take Entra Connect" in message
    # No TLS value, no restart, no export on the old server: not a byte changed.
    assert lab.raw() == before


def test_a_role_variable_of_the_wrong_type_fails_in_preflight(play, lab) -> None:
    before = lab.raw()
    run = play("swing_migration.yml", "-e", "cutover_timeout=abc")
    assert run.rc != 0
    messages = _failed_messages(run)
    assert any("cutover_timeout" in m and "int" in m for m in messages.values()), messages
    assert lab.raw() == before
    # The cutover role was never reached: the run stopped in preflight.
    assert not run.results("Export, fetch and validate the settings")


def test_a_failed_export_leaves_the_new_server_untouched(play, lab) -> None:
    old = lab.state("old-sync01")
    old["faults"] = {"primitive_errors": {"settings_read": "Access to the path is denied"}}
    lab.write("old-sync01", old)
    new_before = lab.raw()["new-sync01.json"]

    run = play("swing_migration.yml")
    assert run.rc != 0
    messages = _failed_messages(run)
    assert "Access to the path is denied" in messages["old-sync01"]
    assert messages["new-sync01"].startswith(
        "new-sync01 was not prepared: the settings export of old-sync01 did not complete in this run"
    )
    assert lab.raw()["new-sync01.json"] == new_before
