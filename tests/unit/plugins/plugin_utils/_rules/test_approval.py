"""The cutover approval: bound to the evidence it was given for, to its pair and to its time."""

from __future__ import annotations

import datetime

from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._rules.approval import (
    changed_parts,
    issue,
    judge,
)

KEY = b"k" * 32
GATHERED = datetime.datetime(2026, 11, 22, 10, 0, tzinfo=datetime.UTC)
HOURS_4 = datetime.timedelta(hours=4)
EVIDENCE = {
    "gates": {"pending_deletes": True, "object_counts": True},
    "pending_exports": {"contoso.com": {"adds": 0, "updates": 3, "deletes": 0}},
}


def _later(minutes: int) -> datetime.datetime:
    return GATHERED + datetime.timedelta(minutes=minutes)


def test_a_token_approves_the_same_evidence_within_its_age() -> None:
    token = issue("contoso", EVIDENCE, GATHERED, KEY)
    verdict = judge("contoso", dict(EVIDENCE), token, _later(30), HOURS_4, KEY)
    assert verdict.approved, verdict.reason


def test_changed_evidence_is_not_approved_and_the_reason_names_what_changed() -> None:
    token = issue("contoso", EVIDENCE, GATHERED, KEY)
    now = dict(EVIDENCE, pending_exports={"contoso.com": {"adds": 0, "updates": 3, "deletes": 450}})
    verdict = judge("contoso", now, token, _later(5), HOURS_4, KEY, request={"token": token, "evidence": EVIDENCE})
    assert not verdict.approved
    assert verdict.reason == "the evidence changed since it was approved: pending_exports (contoso.com)"


def test_an_expired_a_future_a_forged_and_another_pairs_approval_are_refused() -> None:
    token = issue("contoso", EVIDENCE, GATHERED, KEY)
    expired = judge("contoso", EVIDENCE, token, _later(241), HOURS_4, KEY)
    assert not expired.approved
    assert expired.reason.startswith("the approval is 241 min old, older than the limit of 240")
    future = judge("contoso", EVIDENCE, token, _later(-1), HOURS_4, KEY)
    assert not future.approved and "dated in the future" in future.reason
    # Backdating the time in the token breaks its seal.
    pair, digest, _when, mac = token.split(":")
    backdated = ":".join([pair, digest, "20261122T130000Z", mac])
    assert "not a token this controller issued" in judge("contoso", EVIDENCE, backdated, _later(5), HOURS_4, KEY).reason
    assert "not a token" in judge("contoso", EVIDENCE, token, _later(5), HOURS_4, b"x" * 32).reason
    other = issue("fabrikam", EVIDENCE, GATHERED, KEY)
    assert judge("contoso", EVIDENCE, other, _later(5), HOURS_4, KEY).reason == (
        "the approval was issued for pair fabrikam, not contoso"
    )


def test_last_approves_the_recorded_request_under_the_same_conditions() -> None:
    token = issue("contoso", EVIDENCE, GATHERED, KEY)
    request = {"token": token, "evidence": EVIDENCE}
    assert judge("contoso", EVIDENCE, "last", _later(10), HOURS_4, KEY, request).approved
    assert not judge("contoso", EVIDENCE, "last", _later(10), HOURS_4, KEY, None).approved
    assert not judge("contoso", EVIDENCE, "", _later(10), HOURS_4, KEY, request).approved


def test_changed_parts_names_the_keys_that_differ() -> None:
    before = {"gates": {"a": True, "b": True}, "counts": 3}
    assert changed_parts(before, {"gates": {"a": True, "b": False}, "counts": 4}) == ["counts", "gates (b)"]
