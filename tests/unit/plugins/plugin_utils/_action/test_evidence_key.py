"""The controller's sealing key: where it lives, and that every job of a run reads the same one."""

from __future__ import annotations

import stat

from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._action import evidence_key


def test_jobs_without_a_shared_ansible_home_share_the_key_through_the_named_directory(tmp_path, monkeypatch) -> None:
    # Two AWX jobs: each its own Ansible home (a fresh container), one directory on shared storage.
    shared = tmp_path / "shared-keys"
    monkeypatch.setenv(evidence_key.KEY_DIRECTORY_VARIABLE, str(shared))
    monkeypatch.setattr(evidence_key.constants, "ANSIBLE_HOME", str(tmp_path / "job-one"))
    first = evidence_key.run_key()
    monkeypatch.setattr(evidence_key.constants, "ANSIBLE_HOME", str(tmp_path / "job-two"))
    assert evidence_key.run_key() == first and len(first) == evidence_key.KEY_BYTES
    key_file = shared / evidence_key.KEY_FILE_NAME
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600 and not (tmp_path / "job-one").exists()


def test_without_the_variable_each_ansible_home_has_its_own_key(tmp_path, monkeypatch) -> None:
    monkeypatch.delenv(evidence_key.KEY_DIRECTORY_VARIABLE, raising=False)
    monkeypatch.setattr(evidence_key.constants, "ANSIBLE_HOME", str(tmp_path / "job-one"))
    first = evidence_key.run_key()
    monkeypatch.setattr(evidence_key.constants, "ANSIBLE_HOME", str(tmp_path / "job-two"))
    assert evidence_key.run_key() != first
