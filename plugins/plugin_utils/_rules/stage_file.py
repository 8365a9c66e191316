# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Whether a staged file may be used: its hash, and for an installer its Microsoft signature."""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

from typing import Any

from .._common.errors import EntraConnectError

# Microsoft signs its installers with certificates whose subject names Microsoft Corporation as the
# organisation. Get-AuthenticodeSignature reports HashMismatch for a file changed after signing,
# NotSigned for none and NotTrusted for a publisher the server does not trust; Valid by itself "does not
# imply trust in any way" [PSSIG], hence the signer check as well. Both rest on the server's own trust
# store: a certificate naming Microsoft Corporation under a root that server trusts would pass.
MICROSOFT_ORGANIZATION = "O=Microsoft Corporation"


def signature_refusal(host: str, path: str, signature: dict[str, Any] | None) -> str | None:
    """Why a file's Authenticode signature is not acceptable for a Microsoft installer, or None."""
    if signature is None:
        return f"{path} on {host} has no Authenticode reading"
    subject = signature["signer_subject"] or ""
    if signature["status"] != "Valid":
        return (
            f"the Authenticode signature of {path} on {host} is {signature['status']}"
            f" ({signature['status_message'] or 'no message'}); download the installer from Microsoft again"
        )
    organizations = [part.strip() for part in subject.split(",")]
    if MICROSOFT_ORGANIZATION not in organizations:
        return f"{path} on {host} is signed by {subject or 'an unnamed signer'}, not by Microsoft Corporation"
    return None


def require_signed(host: str, path: str, signature: dict[str, Any] | None, removed: bool) -> None:
    reason = signature_refusal(host, path, signature)
    if reason:
        what = "It was removed from the server." if removed else "It was left where it is and will not be used."
        raise EntraConnectError(f"Refusing the installer: {reason}. {what}")
