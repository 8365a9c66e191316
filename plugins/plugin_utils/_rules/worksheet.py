# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The wizard worksheet: what an operator enters in the Entra Connect wizard on the new server.

Installation is supported only through the wizard [S12]. Importing settings is Customize, then
"Import synchronization settings"; the install page (SQL, service account) is not imported, the Entra
administrator and each directory's credentials are asked for, the sign-in method is preselected, and
staging mode is on by default [S6].
"""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

from typing import Any

FEDERATED = ("federation", "adfs", "pingfederate")


def worksheet(
    server: str,
    installer_path: str,
    settings_path: str,
    sign_in_method: str | None,
    source: str,
    directories: list[str],
    not_carried: list[dict[str, Any]],
) -> dict[str, list[str]]:
    """The worksheet as sections of lines: steps in the wizard, accounts asked for, what to re-apply."""
    method = sign_in_method or "the method the old server uses (it could not be read)"
    steps = [
        f"On {server}, as a local administrator, run {installer_path}. When the wizard opens, choose Customize, not "
        "Express settings.",
        f"Required components: tick 'Import synchronization settings' and select {settings_path} (exported from "
        f"{source}).",
        "Install: the SQL Server and service account choices are not imported; keep the defaults unless the old "
        "server used a dedicated SQL Server or account.",
        f"User sign-in: keep {method}, which the import preselects."
        + (
            " Every AD FS or PingFederate setting must be entered again."
            if any(word in (sign_in_method or "").lower() for word in FEDERATED)
            else ""
        ),
        "Ready to configure: leave 'Enable staging mode' TICKED - the new server must not export until the cutover.",
        "Leave 'Start the synchronization process when configuration completes' ticked, then Install.",
    ]
    accounts = [
        "Microsoft Entra ID: a Hybrid Identity Administrator of the tenant (the imported name is suggested; change "
        "it if that account is gone).",
    ]
    accounts += [
        f"Active Directory {name}: an Enterprise Admin to create the connector account, or the existing AD DS "
        "connector account and its password."
        for name in directories
    ] or ["Each Active Directory forest: an Enterprise Admin, or the existing AD DS connector account."]
    reapply = [
        f"{gap['subject']} - {gap['detail']} {gap['remedy']}".strip()
        for gap in not_carried
        if gap.get("kind") != "sign_in_method"
    ]
    return {"wizard": steps, "accounts": accounts, "reapply_by_hand": reapply}


def worksheet_lines(sheet: dict[str, list[str]]) -> list[str]:
    lines = ["In the wizard:"]
    lines += [f"  {number}. {step}" for number, step in enumerate(sheet["wizard"], 1)]
    lines.append("Accounts the wizard asks for:")
    lines += [f"  - {account}" for account in sheet["accounts"]]
    lines.append("Re-apply by hand after the wizard (the settings file does not carry these):")
    lines += [f"  - {item}" for item in sheet["reapply_by_hand"]] or ["  - nothing"]
    return lines
