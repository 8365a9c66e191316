# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What removing Entra Connect from a server takes, and whether it is done.

Microsoft documents one way: Programs and Features, select the product, Remove in the wizard; "all of the
components should be removed" (Microsoft Learn, "Uninstall Microsoft Entra Connect"). A quiet removal with
msiexec has no such wizard, so the collection removes the products of the family one by one, in the order
the installer depends on them: the wizard product first, then the sync engine (the ADSync service and its
database), then the Health agent for sync. Removing only the wizard product can leave the engine installed and
the ADSync service running (a Microsoft Q&A thread: "synchronization services" still listed after the wizard
product was removed), so the server is read again afterwards and the removal counts as done only when the
ADSync service is gone.

LocalDB is never removed (INFERRED, conservative): the wizard offers to keep the database, nothing a script can
read shows that no other software uses the LocalDB installation, and a LocalDB left behind does no harm. It is
reported with the products left, for the operator to remove once nothing else uses it.

From 2.6.84.0 the uninstall wizard also cleans up the cloud configuration with an administrator's sign-in [S3];
a quiet removal cannot, so the result says what the operator removes in Microsoft Entra ID.
"""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .._common.errors import InvalidVersionError
from .._common.versions import parse_version
from .support_data import (
    HEALTH_AGENT_DISPLAY_NAMES,
    LOCALDB_DISPLAY_NAMES,
    PRODUCT_DISPLAY_NAMES,
    SYNC_ENGINE_DISPLAY_NAMES,
    UNINSTALL_CLOUD_CLEANUP_SINCE,
)

# Windows Installer: 0 is success, 3010 is success with a restart required.
MSI_SUCCESS = 0
MSI_RESTART_REQUIRED = 3010
MSI_DONE = (MSI_SUCCESS, MSI_RESTART_REQUIRED)

# Removed, in this order: what depends on the engine goes before it.
REMOVAL_ORDER: tuple[str, ...] = PRODUCT_DISPLAY_NAMES + SYNC_ENGINE_DISPLAY_NAMES + HEALTH_AGENT_DISPLAY_NAMES
# Read after the removal: the family and the LocalDB it brought.
READ_AFTER: tuple[str, ...] = REMOVAL_ORDER + LOCALDB_DISPLAY_NAMES
# Parts of a DisplayName that make an entry look related, to name when nothing matched or something is left
# (e.g. the pass-through authentication agent, which serves sign-ins and is never removed here).
RELATED_NAME_PARTS = ("azure ad connect", "entra connect", "azure ad sync", "adsync", "localdb")

KEEP_LOCALDB = (
    "LocalDB is kept: other software may use it, and Microsoft's wizard offers to keep the database; remove it "
    "from Programs and Features once nothing else on the server uses it"
)


def _names(names: Iterable[str]) -> set[str]:
    return {name.casefold() for name in names}


def matching(entries: Iterable[dict[str, Any]], names: Iterable[str]) -> list[dict[str, Any]]:
    """The entries whose DisplayName is one of ``names``, compared as Windows does, without regard to case."""
    wanted = _names(names)
    return [e for e in entries if (e.get("display_name") or "").casefold() in wanted]


def related(entries: Iterable[dict[str, Any]]) -> list[str]:
    """The DisplayNames that look related to Entra Connect, sorted, each once."""
    found = {
        e["display_name"]
        for e in entries
        if e.get("display_name") and any(part in e["display_name"].casefold() for part in RELATED_NAME_PARTS)
    }
    return sorted(found, key=str.casefold)


def nothing_matched(server: str, found: list[dict[str, Any]]) -> str:
    looks = related(found)
    return (
        f"Nothing was removed from {server}: no uninstall entry is named any of "
        + ", ".join(f"'{n}'" for n in REMOVAL_ORDER)
        + ". Uninstall entries that look related: "
        + (", ".join(f"'{n}'" for n in looks) if looks else "none")
        + ". Remove Entra Connect from Programs and Features, or report the DisplayName it has there."
    )


def failed(attempted: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [r for r in attempted if r["exit_code"] not in MSI_DONE]


def restart_required(attempted: list[dict[str, Any]]) -> bool:
    return any(r["exit_code"] == MSI_RESTART_REQUIRED for r in attempted)


def left_after(fresh: dict[str, Any]) -> dict[str, Any]:
    """What a fresh snapshot, read with ``READ_AFTER``, shows is still there."""
    return {
        "family": matching(fresh["uninstall_entries"], REMOVAL_ORDER),
        "localdb": matching(fresh["uninstall_entries"], LOCALDB_DISPLAY_NAMES),
        "adsync_service": fresh["adsync_service"],
    }


def waits_for_restart(attempted: list[dict[str, Any]], left: dict[str, Any]) -> bool:
    """Whether all that is left is the ADSync service, after removals that all succeeded: a service marked for
    deletion stays listed until the restart that msiexec's 3010 asks for (INFERRED from Windows' service
    deletion, which waits for the last handle)."""
    return not failed(attempted) and not left["family"] and left["adsync_service"] is not None


def not_done(server: str, attempted: list[dict[str, Any]], left: dict[str, Any], restart: bool = False) -> str | None:
    """Why the removal is not done, or None when the family is gone and the ADSync service with it."""
    if restart and waits_for_restart(attempted, left):
        return (
            f"Removing Entra Connect from {server} waits for a restart: every product of it is gone, and the ADSync "
            "service is marked for deletion until the server restarts (msiexec asked for one, exit code 3010). "
            f"Restart {server} (reboot: true does it), then run the task again to confirm."
        )
    problems = [
        f"msiexec /x {r['product_code']} ({r['display_name']}) ended with exit code {r['exit_code']}"
        for r in failed(attempted)
    ]
    if left["adsync_service"] is not None:
        service = left["adsync_service"]
        problems.append(f"the ADSync service is still there ({service['status']}, start type {service['start_type']})")
    if left["family"]:
        problems.append("still installed: " + ", ".join(_entry_text(e) for e in left["family"]))
    if not problems:
        return None
    removed = [r["display_name"] for r in attempted if r["exit_code"] in MSI_DONE]
    return (
        f"Removing Entra Connect from {server} did not finish: "
        + "; ".join(problems)
        + ". Removed: "
        + (", ".join(removed) if removed else "nothing")
        + ". Remove what is left from Programs and Features (Microsoft's uninstall wizard removes every component), "
        "then run the task again to confirm."
    )


def _entry_text(entry: dict[str, Any]) -> str:
    version = entry.get("display_version")
    return f"{entry['display_name']} {version}" if version else entry["display_name"]


def kept(left: dict[str, Any]) -> list[dict[str, Any]]:
    """The products deliberately left, each once, with why."""
    seen: dict[str, dict[str, Any]] = {}
    for e in left["localdb"]:
        seen.setdefault(
            e["display_name"].casefold(),
            {"display_name": e["display_name"], "display_version": e.get("display_version"), "reason": KEEP_LOCALDB},
        )
    return list(seen.values())


def cloud_cleanup(server: str, version: str | None) -> list[str]:
    """What the operator removes in Microsoft Entra ID: the objects only this server used.

    The legacy Directory Synchronization Account is removed with ``Remove-ADSyncAADServiceAccount`` and an
    unused application credential with ``Remove-EntraApplicationKey`` (Microsoft Learn, "Authenticate to
    Microsoft Entra ID by using application identity"); the account name ``Sync_<server>_<id>`` is the form
    public write-ups show (INFERRED).
    """
    steps = [
        f"In Microsoft Entra ID, remove what only {server} used, never what the active server uses: its directory "
        f"synchronization account (a user named Sync_{server}_..., if it signed in with one) and, if it used "
        "application-based authentication, its Entra Connect application or that application's certificate "
        "credential.",
        f"Remove {server} from Microsoft Entra Connect Health (sync services) if it is listed there.",
    ]
    if version is not None and _at_least(version, UNINSTALL_CLOUD_CLEANUP_SINCE):
        steps.insert(
            0,
            f"Entra Connect {version} cleans up its cloud configuration only in its uninstall wizard, after an "
            "administrator signs in; this quiet removal did the local clean-up only, so the cloud clean-up is left "
            "to you.",
        )
    return steps


def _at_least(version: str, floor: str) -> bool:
    try:
        return parse_version(version) >= parse_version(floor)
    except InvalidVersionError:
        # An unreadable version: say what every version needs, and assume the newer wizard's clean-up too.
        return True
