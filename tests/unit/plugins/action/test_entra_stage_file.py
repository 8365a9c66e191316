"""entra_stage_file and the Authenticode decision: what is copied, what is refused, what is removed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from ansible_collections.hybrid_identity.entra_connect.plugins.action import entra_stage_file
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._rules.stage_file import signature_refusal
from hosts import TwinHost
from lab_twins import ROOT

INSTALLER = ROOT / "lab" / "installer" / "AzureADConnect.msi"
DEST = "C:\\EntraConnectMigration\\AzureADConnect.msi"
MICROSOFT = "CN=Microsoft Corporation, O=Microsoft Corporation, L=Redmond, S=Washington, C=US"


def signature(status: str = "Valid", subject: str | None = MICROSOFT) -> dict:
    return {"status": status, "status_message": f"{status} message", "signer_subject": subject}


def test_an_intact_microsoft_signature_is_accepted() -> None:
    assert signature_refusal("new", "C:\\a.msi", signature()) is None


@pytest.mark.parametrize(
    ("reading", "reason"),
    [
        (None, "C:\\a.msi on new has no Authenticode reading"),
        (
            signature("HashMismatch"),
            "the Authenticode signature of C:\\a.msi on new is HashMismatch (HashMismatch message); "
            "download the installer from Microsoft again",
        ),
        (
            signature("NotSigned", None),
            "the Authenticode signature of C:\\a.msi on new is NotSigned (NotSigned message); "
            "download the installer from Microsoft again",
        ),
        (
            signature(subject="CN=Microsoft Corporation, O=Contoso Ltd, C=US"),
            "C:\\a.msi on new is signed by CN=Microsoft Corporation, O=Contoso Ltd, C=US, not by Microsoft Corporation",
        ),
        # The organisation must be a whole RDN, not a substring of another one.
        (
            signature(subject="CN=Evil, O=Microsoft Corporation Fans"),
            "C:\\a.msi on new is signed by CN=Evil, O=Microsoft Corporation Fans, not by Microsoft Corporation",
        ),
        (signature(subject=None), "C:\\a.msi on new is signed by an unnamed signer, not by Microsoft Corporation"),
    ],
)
def test_every_other_signature_is_refused_with_why(reading, reason) -> None:
    assert signature_refusal("new", "C:\\a.msi", reading) == reason


@pytest.fixture
def target(new_state) -> TwinHost:
    return TwinHost(new_state, "new-sync01")


def _stage(run_action, host: TwinHost, src: str | Path = INSTALLER, **task) -> dict:
    return run_action(entra_stage_file, {"src": str(src), "dest": DEST, "authenticode": True}, host, **task)


def test_an_installer_is_sent_checked_and_then_left_alone(run_action, target) -> None:
    first = _stage(run_action, target)
    assert first["changed"] is True and not first.get("failed")
    assert first["signature"]["status"] == "Valid" and first["size"] == INSTALLER.stat().st_size
    assert target.primitives == ["file_stat", "directory_create", "put", "file_stat"]
    assert "C:\\EntraConnectMigration" in target.twin.state["directories"]

    target.calls.clear()
    second = _stage(run_action, target)
    assert (second["changed"], second["sha256"]) == (False, first["sha256"])
    assert target.primitives == ["file_stat"]


def test_check_mode_says_what_it_would_copy_and_sends_nothing(run_action, target) -> None:
    result = _stage(run_action, target, check_mode=True, diff=True)
    assert result["changed"] is True
    assert result["msg"] == f"Would copy {INSTALLER} to {DEST} on new-sync01"
    assert result["diff"]["before"] == {"sha256": None}
    assert target.primitives == ["file_stat"] and "files" not in target.twin.state


def _tampered(tmp_path: Path) -> Path:
    document = json.loads(INSTALLER.read_text())
    document["version"] = "2.6.99.0"
    path = tmp_path / "AzureADConnect.msi"
    path.write_text(json.dumps(document, indent=2))
    return path


def test_a_tampered_installer_is_refused_and_removed_from_the_server(run_action, target, tmp_path) -> None:
    result = _stage(run_action, target, _tampered(tmp_path))
    assert result["failed"] is True
    assert result["msg"].startswith(f"Refusing the installer: the Authenticode signature of {DEST} on new-sync01 is ")
    assert "HashMismatch" in result["msg"] and result["msg"].endswith("It was removed from the server.")
    assert target.primitives[-1] == "file_remove"
    assert target.twin.state["files"] == {}


def test_an_unsigned_file_already_in_place_is_refused_but_left_there(run_action, target, tmp_path) -> None:
    unsigned = tmp_path / "AzureADConnect.msi"
    unsigned.write_text('{"lab_installer": "AzureADConnect.msi", "version": "2.6.91.0"}')
    target.twin.state["directories"].append("C:\\EntraConnectMigration")
    target.twin.put(str(unsigned), DEST)
    result = _stage(run_action, target, unsigned)
    assert result["failed"] is True and "is NotSigned" in result["msg"]
    assert result["msg"].endswith("It was left where it is and will not be used.")
    assert "file_remove" not in target.primitives and DEST in target.twin.state["files"]


def test_a_file_on_a_share_is_copied_by_the_server(run_action, target, tmp_path) -> None:
    share = "\\\\files\\media\\AzureADConnect.msi"
    target.twin.state["directories"].append("\\\\files\\media")
    target.twin.put(str(INSTALLER), share)
    result = run_action(entra_stage_file, {"remote_src": share, "dest": DEST, "authenticode": True}, target)
    assert result["changed"] is True and result["signature"]["status"] == "Valid"
    assert target.primitives == ["file_stat", "file_stat", "file_copy", "file_stat"]
    assert target.twin.files.data(DEST) == INSTALLER.read_bytes()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            {"dest": DEST},
            "Give exactly one of src (a file on the controller) and remote_src (a path the server reads)",
        ),
        (
            {"src": str(INSTALLER), "remote_src": "\\\\files\\a.msi", "dest": DEST},
            "Give exactly one of src (a file on the controller) and remote_src (a path the server reads)",
        ),
        ({"src": "/nonexistent/a.msi", "dest": DEST}, "src /nonexistent/a.msi is not a file on the controller"),
        (
            {"remote_src": "\\\\files\\gone.msi", "dest": DEST},
            "new-sync01 cannot find remote_src \\\\files\\gone.msi, or cannot read it. A share reached over WinRM or "
            "PSRP is a second hop: without CredSSP, Kerberos delegation or runas the server cannot authenticate to it "
            "(docs/windows.md). Or stage the installer from the controller with src.",
        ),
    ],
)
def test_bad_sources_fail_before_anything_is_written(run_action, target, args, message) -> None:
    result = run_action(entra_stage_file, args, target)
    assert (result["failed"], result["msg"]) == (True, message)
    assert not {"put", "file_copy", "directory_create"} & set(target.primitives)


def test_a_copy_that_arrives_different_fails(run_action, target, monkeypatch, tmp_path) -> None:
    settings = tmp_path / "settings.json"
    shutil.copy(INSTALLER, settings)
    real_put = target.put
    # A transfer that corrupts the file: the server stores something other than what was sent.
    monkeypatch.setattr(target, "put", lambda local, remote: real_put(str(_tampered(tmp_path)), remote))
    result = run_action(entra_stage_file, {"src": str(settings), "dest": DEST}, target)
    assert result["failed"] is True
    assert result["msg"].startswith(f"{DEST} on new-sync01 does not match its source after the copy")


# -- a connection lost during a write: never sent twice, confirmed by a fresh read ------------------------


def _on_share(target: TwinHost) -> str:
    share = "\\\\files\\media\\AzureADConnect.msi"
    target.twin.state["directories"].append("\\\\files\\media")
    target.twin.put(str(INSTALLER), share)
    return share


def test_a_copy_whose_answer_was_lost_is_confirmed_by_its_hash(run_action, target) -> None:
    share = _on_share(target)
    target.twin.state["faults"] = {"lose_answers": {"file_copy": 1}}
    result = run_action(entra_stage_file, {"remote_src": share, "dest": DEST, "authenticode": True}, target)
    assert result["changed"] is True and not result.get("failed")
    assert target.primitives == ["file_stat", "file_stat", "file_copy", "file_stat", "file_stat"]
    assert result["warnings"] == [result["decisions"][1]]
    assert result["decisions"][1].startswith(
        "The connection to new-sync01 dropped during file_copy; a fresh file_stat read shows it took effect "
        f"({DEST} has the source's SHA-256 "
    )


def test_a_copy_lost_before_it_happened_fails_and_is_not_repeated(run_action, target) -> None:
    share = _on_share(target)
    target.drop_before("file_copy")
    result = run_action(entra_stage_file, {"remote_src": share, "dest": DEST, "authenticode": True}, target)
    assert result["failed"] is True
    assert f"a fresh file_stat read shows it did not take effect ({DEST} does not exist)" in result["msg"]
    assert target.primitives.count("file_copy") == 1 and DEST not in target.twin.state["files"]


def test_a_folder_created_but_whose_answer_was_lost_is_confirmed_and_the_file_sent(run_action, target) -> None:
    target.twin.state["faults"] = {"lose_answers": {"directory_create": 1}}
    result = _stage(run_action, target)
    assert result["changed"] is True and not result.get("failed")
    assert target.primitives == ["file_stat", "directory_create", "settings_read", "put", "file_stat"]
    assert "(C:\\EntraConnectMigration exists)" in result["warnings"][0]
