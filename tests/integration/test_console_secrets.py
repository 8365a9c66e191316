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
