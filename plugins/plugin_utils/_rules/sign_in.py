# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Which ADSync writes an unattended run can make, by version: never one that asks for an Entra sign-in.

The modules run their scripts in a non-interactive PowerShell host (ansible.windows.win_powershell), so a
cmdlet that opens a sign-in prompt fails there, or hangs until the task times out. Microsoft documents [S3]:

- 2.6.91.0: "Cloud configuration cmdlets no longer require an explicit -AADUserName. When you omit the
  parameter, Microsoft Entra Connect derives a sign-in hint from the connector configuration and opens an
  interactive sign-in prompt. This behavior applies to ... Set-ADSyncScheduler ...". No parameter takes a
  credential or a token instead; Set-ADSyncScheduler has none [S9].
- 2.5.3.0: "Administrator credentials now required when toggling staging mode via PowerShell with SSPR
  enabled." No cmdlet takes them: Set-ADSyncGlobalSettings has no credential parameter, and -AADCredential
  exists only on Add-/Remove-ADSyncAADServiceAccount [S9]. So there is no unattended route; the wizard's
  "Configure staging mode" task asks for the sign-in itself [S7].
- Before 2.6.91.0, whether Set-ADSyncScheduler asks for a sign-in is not documented (2.4.18.0 says only that
  cmdlets that talk to Entra ID "now require Microsoft Entra ID login", with examples that do not include it).
  The scripts call it before they change anything, so a prompt there fails with nothing changed.

Each decision is made from a fresh reading of the server, before any change, so a run that cannot finish
unattended stops before its first change and names the wizard step that finishes it.
"""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

from dataclasses import dataclass

from .._common.errors import EntraConnectError
from .._common.versions import Version, format_version

# Set-ADSyncScheduler opens an interactive sign-in from this version on [S3].
SCHEDULER_SIGN_IN_FROM: Version = (2, 6, 91, 0)
# A PowerShell staging change with SSPR (password writeback) on needs administrator credentials [S3].
SSPR_STAGING_SIGN_IN_FROM: Version = (2, 5, 3, 0)
WIZARD_STAGING = "the Entra Connect wizard's Configure staging mode task"


@dataclass(frozen=True)
class StagingRoute:
    """How staging_write may change staging mode on a server: ``pause_scheduler`` says whether it may call
    Set-ADSyncScheduler to pause the scheduler around the change and set it afterwards."""

    pause_scheduler: bool


def scheduler_needs_sign_in(version: Version) -> bool:
    return version >= SCHEDULER_SIGN_IN_FROM


def sspr_refusal(version: Version, password_writeback: bool | None) -> str | None:
    """Why a staging change by PowerShell needs an administrator sign-in on this server, or None."""
    if version < SSPR_STAGING_SIGN_IN_FROM or password_writeback is False:
        return None
    why = (
        "password writeback (SSPR) is enabled there"
        if password_writeback
        else "it could not be read whether password writeback (SSPR) is enabled there"
    )
    return (
        f"{why}, and from {format_version(SSPR_STAGING_SIGN_IN_FROM)} a staging change by PowerShell then needs "
        "administrator credentials that no ADSync cmdlet takes [S3][S9]"
    )


def staging_route(
    server: str,
    version: Version,
    password_writeback: bool | None,
    scheduler_enabled: bool,
    scheduler_enabled_after: bool,
    enable: bool,
) -> StagingRoute:
    """The route for a staging change on ``server``, or EntraConnectError naming why there is none and the
    step that makes the change instead. ``password_writeback`` None means the server could not say."""
    shown = format_version(version)
    change = "into" if enable else "out of"
    refusal = sspr_refusal(version, password_writeback)
    if refusal:
        raise EntraConnectError(
            f"{server} (Entra Connect {shown}) cannot be put {change} staging mode by this collection: {refusal}. "
            f"Make the change with {WIZARD_STAGING} on {server} (it asks for the sign-in). Nothing was changed."
        )
    if not scheduler_needs_sign_in(version):
        return StagingRoute(pause_scheduler=True)
    if scheduler_enabled_after != scheduler_enabled:
        wanted = "enabled" if scheduler_enabled_after else "disabled"
        raise EntraConnectError(
            f"{server} (Entra Connect {shown}) cannot leave its scheduler {wanted} after the staging change: from "
            f"{format_version(SCHEDULER_SIGN_IN_FROM)} Set-ADSyncScheduler opens an interactive Entra sign-in [S3], "
            "which an unattended run cannot give. Leave sync_cycle_enabled_after unset, or set the scheduler in an "
            f"interactive PowerShell session on {server}. Nothing was changed."
        )
    # The staging change itself is made without the scheduler: no pause (the caller has checked that no
    # cycle runs, and the script checks again right before the change).
    return StagingRoute(pause_scheduler=False)


def refuse_scheduler_write(server: str, version: Version) -> None:
    """Set-ADSyncScheduler on a version where it asks for a sign-in: refused before anything is sent."""
    if scheduler_needs_sign_in(version):
        raise EntraConnectError(
            f"The scheduler of {server} (Entra Connect {format_version(version)}) cannot be changed by this "
            f"collection: from {format_version(SCHEDULER_SIGN_IN_FROM)} Set-ADSyncScheduler opens an interactive "
            "Entra sign-in [S3], which an unattended run cannot give. Run Set-ADSyncScheduler in an interactive "
            f"PowerShell session on {server} and sign in when it asks. Nothing was changed."
        )
