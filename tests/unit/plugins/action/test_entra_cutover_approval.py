"""entra_cutover_approval: stops with a token and a recorded request; goes ahead only on this evidence."""

from __future__ import annotations

import json
from pathlib import Path

from ansible_collections.hybrid_identity.entra_connect.plugins.action import entra_cutover_approval
from hosts import FakeHost

EVIDENCE = {"gates": {"pending_deletes": True}, "pending_exports": {"contoso.com": {"deletes": 0}}}


def _args(tmp_path: Path, approval: str = "", evidence: dict | None = None) -> dict:
    return {
        "pair": "contoso",
        "evidence": evidence or EVIDENCE,
        "summary": ["contoso.com: 0 pending deletes"],
        "approval": approval,
        "request_dir": str(tmp_path),
        # The unit tests' connection is no lab connection: a person must approve.
        "simulate_in_lab": False,
    }


def test_without_approval_it_stops_with_a_token_and_records_the_request(run_action, tmp_path) -> None:
    result = run_action(entra_cutover_approval, _args(tmp_path), FakeHost())
    assert result["stopped"] is True and result["approved"] is False and result["changed"] is False
    assert result["msg"].startswith("STOPPED before the cutover of contoso: it waits for a person to approve")
    assert f"-e entra_connect_approve_cutover={result['token']}" in result["msg"]
    request = json.loads((tmp_path / "contoso-cutover-approval.json").read_text())
    assert request["token"] == result["token"] and request["evidence"] == EVIDENCE


def test_the_token_or_last_approves_the_same_evidence_and_nothing_else(run_action, tmp_path) -> None:
    token = run_action(entra_cutover_approval, _args(tmp_path), FakeHost())["token"]
    assert run_action(entra_cutover_approval, _args(tmp_path, token), FakeHost())["approved"] is True
    assert run_action(entra_cutover_approval, _args(tmp_path, "last"), FakeHost())["approved"] is True
    changed = dict(EVIDENCE, pending_exports={"contoso.com": {"deletes": 450}})
    again = run_action(entra_cutover_approval, _args(tmp_path, token, changed), FakeHost())
    assert again["approved"] is False and again["stopped"] is True
    assert "the evidence changed since it was approved: pending_exports (contoso.com)" in again["msg"]
    # The new stop records the new evidence: "last" now approves that one, not the old one.
    assert run_action(entra_cutover_approval, _args(tmp_path, "last", changed), FakeHost())["approved"] is True


def test_check_mode_says_it_would_stop_and_records_nothing(run_action, tmp_path) -> None:
    result = run_action(entra_cutover_approval, _args(tmp_path), FakeHost(), check_mode=True)
    assert result["stopped"] is True and result["msg"].startswith("Would stop for approval of the cutover of contoso")
    assert not list(tmp_path.iterdir())


def test_a_pair_name_that_is_not_a_file_name_is_refused(run_action, tmp_path) -> None:
    result = run_action(entra_cutover_approval, dict(_args(tmp_path), pair="../x"), FakeHost())
    assert result["failed"] is True and "is not a pair name" in result["msg"]
