# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The cutover approval: a person approves the evidence they were shown, and nothing else.

Before the first change of a cutover the run gathers its evidence (pending exports, object counts, sync
health, the gates) and stops with a summary and an approval token. The token names the pair, a digest of
the evidence and when it was gathered, by the controller's clock, sealed with the controller's key
(_action/evidence_key.py), so it cannot be written by hand or moved to another pair or time. A later run
gathers the evidence again, fresh, and goes ahead only when the token's digest is the digest of what it
sees now and the token is not older than the approval's age limit; otherwise it stops again and says
which part of the evidence changed, or that the approval expired.
"""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
from dataclasses import dataclass
from typing import Any

TOKEN_TIME_FORMAT = "%Y%m%dT%H%M%SZ"
# Long enough that two sets of evidence never share it by chance, short enough to paste.
DIGEST_CHARS = 16
MAC_CHARS = 16


def evidence_digest(evidence: Any) -> str:
    """The SHA-256 of the evidence in a canonical form: the same evidence always gives the same digest."""
    text = json.dumps(evidence, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _mac(key: bytes, pair: str, digest: str, at: str) -> str:
    return hmac.new(key, f"{pair}|{digest}|{at}".encode(), hashlib.sha256).hexdigest()[:MAC_CHARS]


def issue(pair: str, evidence: Any, at: datetime.datetime, key: bytes) -> str:
    """The token that approves this evidence of this pair, gathered at ``at``."""
    digest = evidence_digest(evidence)[:DIGEST_CHARS]
    when = at.strftime(TOKEN_TIME_FORMAT)
    return f"{pair}:{digest}:{when}:{_mac(key, pair, digest, when)}"


@dataclass
class Token:
    pair: str
    digest: str
    at: datetime.datetime


def read_token(token: str, key: bytes) -> Token | None:
    """The token's content when this controller issued it, else None (typed by hand, edited, or another
    controller's)."""
    parts = token.strip().rsplit(":", 3)
    if len(parts) != 4:
        return None
    pair, digest, when, mac = parts
    if not hmac.compare_digest(_mac(key, pair, digest, when), mac):
        return None
    try:
        at = datetime.datetime.strptime(when, TOKEN_TIME_FORMAT).replace(tzinfo=datetime.UTC)
    except ValueError:
        return None
    return Token(pair, digest, at)


def changed_parts(before: dict[str, Any], now: dict[str, Any]) -> list[str]:
    """The top-level parts of the evidence, and their first-level keys, that differ between two gatherings."""
    changed = []
    for part in sorted(set(before) | set(now)):
        old, new = before.get(part), now.get(part)
        if old == new:
            continue
        if isinstance(old, dict) and isinstance(new, dict):
            keys = sorted(k for k in set(old) | set(new) if old.get(k) != new.get(k))
            changed.append(f"{part} ({', '.join(str(k) for k in keys)})")
        else:
            changed.append(part)
    return changed


@dataclass
class Verdict:
    approved: bool
    reason: str


def judge(
    pair: str,
    evidence: dict[str, Any],
    approval: str,
    now: datetime.datetime,
    max_age: datetime.timedelta,
    key: bytes,
    request: dict[str, Any] | None = None,
) -> Verdict:
    """Whether ``approval`` approves this pair's fresh ``evidence`` now.

    ``approval`` is a token, ``"last"`` (the request this pair's last stop recorded, ``request``: its
    ``token`` and ``evidence``), or empty. The reason says why not, in words for the operator.
    """
    if not approval:
        return Verdict(False, "no approval given")
    recorded = (request or {}).get("evidence")
    if approval == "last":
        if not request or not request.get("token"):
            return Verdict(False, "no earlier request for approval is recorded for this pair on this controller")
        approval = str(request["token"])
    token = read_token(approval, key)
    if token is None:
        return Verdict(False, "the approval is not a token this controller issued (typed or edited by hand?)")
    if token.pair != pair:
        return Verdict(False, f"the approval was issued for pair {token.pair}, not {pair}")
    if evidence_digest(evidence)[:DIGEST_CHARS] != token.digest:
        what = ""
        if isinstance(recorded, dict) and evidence_digest(recorded)[:DIGEST_CHARS] == token.digest:
            what = ": " + "; ".join(changed_parts(recorded, evidence))
        return Verdict(False, f"the evidence changed since it was approved{what}")
    age = now - token.at
    if age < datetime.timedelta(0):
        at = f"{token.at:%Y-%m-%dT%H:%M:%SZ}"
        return Verdict(False, f"the approval is dated in the future ({at}) by the controller's clock")
    if age > max_age:
        return Verdict(
            False,
            f"the approval is {int(age.total_seconds() // 60)} min old, older than the limit of "
            f"{int(max_age.total_seconds() // 60)} min (evidence gathered {token.at:%Y-%m-%dT%H:%M:%SZ})",
        )
    return Verdict(True, f"approved: the evidence gathered {token.at:%Y-%m-%dT%H:%M:%SZ} is unchanged")
