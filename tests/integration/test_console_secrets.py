"""A mistyped credential on the command line never reaches the console, at any verbosity.

Ansible prints a failed ad hoc task's own data, options included, beside the message; the collection's
modules must leave nothing of a secret there, in the message or in the result.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from conftest import BIN, INVENTORY, ROOT, ansible_env

CANARY = "S3cr3t-Canary"
STAGING = "hybrid_identity.entra_connect.entra_staging_mode"
CALLS = [
    ("new-sync01", {"state": "disabled", "admin_credential": {"username": "x", "pasword": CANARY}}),
    # Short enough that Ansible's one-line view of the task would show the whole value.
    ("new-sync01", {"admin_credential": CANARY}),
    ("new-sync01", {"state": "disabled", "admin_credential": CANARY}),
    ("new-sync01", {"state": "disabled", "admin_credential": [CANARY]}),
    ("new-sync01", {"state": "disabled", "admin_credential": {"username": "x", "password": [CANARY]}}),
    ("new-sync01", {"admin_credential": {"username": "x", "password": CANARY}, "max_reading_age": "soon"}),
    ("new-sync01", {"state": "disabled", "admin_password": CANARY}),
    ("new-sync01", {"pw": CANARY}),
    # A good credential on a server that fails the task: Entra Connect is not installed there.
    ("new-sync01", {"admin_credential": {"username": "x", "password": CANARY}, "state": "disabled"}),
    # ... and on a server that does not answer (set below).
    ("old-sync01", {"admin_credential": {"username": "x", "password": CANARY}, "state": "enabled"}),
]


def test_no_mistyped_credential_is_printed_even_at_vvvv(lab, lab_dir: Path) -> None:
    old = lab.state("old-sync01")
    old["faults"] = {"unreachable": True}
    lab.write("old-sync01", old)
    # Ad hoc's own console output (the minimal callback), as an administrator sees it.
    env = ansible_env(lab_dir, callback="minimal")
    printed = []
    for host, args in CALLS:
        command = [str(BIN / "ansible"), "-i", str(INVENTORY), host, "-m", STAGING, "-a", json.dumps(args), "-vvvv"]
        proc = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False, timeout=120)
        assert proc.returncode != 0, (args, proc.stdout)
        assert "FAILED!" in proc.stdout or "UNREACHABLE!" in proc.stdout, (args, proc.stdout)
        assert CANARY not in proc.stdout + proc.stderr, (args, proc.stdout, proc.stderr)
        printed.append(proc.stdout)
    # What is wrong is still said, naming the option and the key.
    assert "admin_credential: unknown key 'pasword'; expected username, password" in printed[0]
    assert "admin_credential.password: expected a string, got a list" in printed[4]
    assert "Invalid options for hybrid_identity.entra_connect.entra_staging_mode: admin_password" in printed[6]


RUN_CANARY = "Tier0-Run-Canary-7f3a"


def test_no_secret_of_a_whole_migration_switch_and_rollback_is_printed_or_written(lab, lab_dir: Path, tmp_path) -> None:
    # The lab inventory with a known administrator credential, as an operator keeps it in group_vars.
    inventory = tmp_path / "inventory"
    inventory.mkdir()
    (inventory / "hosts.yml").write_text((INVENTORY / "hosts.yml").read_text())
    group_vars = (INVENTORY / "group_vars" / "all.yml").read_text().replace("{{ inventory_dir }}", str(INVENTORY))
    credential = {"username": "admin@contoso.onmicrosoft.com", "password": RUN_CANARY}
    (inventory / "group_vars").mkdir()
    (inventory / "group_vars" / "all.yml").write_text(
        group_vars + f"entra_connect_admin_credential: {json.dumps(credential)}\n"
    )
    # Password writeback on the HA pair (2.6.91.0): its switch needs an administrator sign-in that no cmdlet takes,
    # so the plan refuses it before any change; the deprecated credential is still read, and never shown.
    for host in ("ha-sync01", "ha-sync02"):
        state = lab.state(host)
        state["entra_connect"]["password_writeback"] = True
        lab.write(host, state)
    env = ansible_env(lab_dir, callback="default")
    printed = ""
    # The rollback is refused at its gates (the seed's old server runs V1 on Windows Server 2012 R2, and a
    # rollback never makes an unsupported server active); it still handles the credential up to there.
    for playbook, extra, rc in (
        ("swing_migration.yml", [], 0),
        ("switch_roles.yml", ["-e", '{"entra_connect_make_active": ["ha-sync02"]}'], 2),
        ("rollback.yml", [], 2),
    ):
        command = [str(BIN / "ansible-playbook"), "-i", str(inventory), str(ROOT / "playbooks" / playbook), "-vvvv"]
        proc = subprocess.run(
            command + extra, cwd=ROOT, env=env, capture_output=True, text=True, check=False, timeout=300
        )
        assert proc.returncode == rc, (playbook, proc.stdout[-3000:], proc.stderr[-3000:])
        printed += proc.stdout + proc.stderr
    assert "the cutover cannot be made unattended" in printed and "is deprecated and not used" in printed
    assert [lab.state(host)["entra_connect"]["staging_mode"] for host in ("ha-sync01", "ha-sync02")] == [False, True]
    assert RUN_CANARY not in printed
    # Nothing the runs wrote holds it either: states, tenant logs, exports, reports.
    written = [path for path in lab_dir.rglob("*") if path.is_file()]
    assert any(path.parent.name == "reports" for path in written)
    assert [path for path in written if RUN_CANARY.encode() in path.read_bytes()] == []
