# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""How a fresh read shows whether a write took effect, one function per write primitive.

When the connection drops during a write, the write may or may not have happened: it is never sent
again. The Host resets the connection and takes the fresh read the write declares (``primitives.py``,
``Confirmation``); the function here judges that read against the write's own parameters and says, in
words, what the read shows. Each one checks the effect that matters, not a proxy for it.
"""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

from typing import Any, NamedTuple

from .._common.dates import format_timespan, parse_timespan, parse_utc

# settings_read lists the files of its folder that match FilePatterns; "<" is not allowed in a Windows
# file name, so this pattern lists none and the read only says whether the folder exists.
NO_FILE_PATTERN = "<no file>"


class Effect(NamedTuple):
    """What a fresh read shows of a write: whether it took effect, and what the read shows, in words."""

    took_effect: bool
    seen: str


def staging_written(write: dict[str, Any], read: dict[str, Any]) -> Effect:
    """staging_write, by sync_status: StagingModeEnabled is what the write set."""
    scheduler = read["scheduler"]
    if scheduler is None:
        return Effect(False, "the scheduler could not be read")
    enabled = scheduler["StagingModeEnabled"]
    return Effect(enabled == write["StagingMode"], f"StagingModeEnabled={enabled}")


def _interval(value: str | None) -> str:
    """A scheduler interval as scheduler_write sends it: hh:mm:ss, or '' for none."""
    return format_timespan(parse_timespan(value, "CustomizedSyncCycleInterval")) if value else ""


def scheduler_written(write: dict[str, Any], read: dict[str, Any]) -> Effect:
    """scheduler_write, by sync_status: every setting sent reads back as sent."""
    scheduler = read["scheduler"]
    if scheduler is None:
        return Effect(False, "the scheduler could not be read")
    differ = [
        name
        for name, sent in write.items()
        if (_interval(scheduler[name]) if name == "CustomizedSyncCycleInterval" else scheduler[name]) != sent
    ]
    return Effect(not differ, ", ".join(f"{name}={scheduler[name]}" for name in sorted(write)))


def sync_started(write: dict[str, Any], read: dict[str, Any]) -> Effect:
    """sync_start, by sync_status: a sync cycle is running, and it is not the scheduler's own.

    A start the engine refused as busy took no effect, though a cycle runs: the scheduler's, which started
    because NextSyncCycleStartTimeInUTC had passed [S8] and leaves that time as it is until the cycle ends
    [TXK]. A running cycle with that time passed while the scheduler is enabled may be either, so the read
    does not show that this start took effect. (Right after a start the cycle may not show yet either: the
    read then shows no effect. The task stops either way; nothing is sent twice.)"""
    scheduler = read["scheduler"]
    if scheduler is None:
        return Effect(False, "the scheduler could not be read")
    running = scheduler["SyncCycleInProgress"]
    due = scheduler.get("NextSyncCycleStartTimeInUTC")
    if running and scheduler.get("SyncCycleEnabled") and due and parse_utc(due) <= parse_utc(read["now_utc"]):
        return Effect(
            False,
            f"SyncCycleInProgress={running}, but NextSyncCycleStartTimeInUTC={due} has passed, so the running "
            "cycle may be the scheduler's own, and a start refused as busy takes no effect",
        )
    return Effect(bool(running), f"SyncCycleInProgress={running}")


def tls12_written(write: dict[str, Any], read: dict[str, Any]) -> Effect:
    """tls12_write, by tls12_read: every value sent reads back as a DWORD with the data sent."""
    found = {(v["path"].lower(), v["name"].lower()): v for v in read["values"]}
    right = 0
    for value in write["Values"]:
        now = found.get((value["path"].lower(), value["name"].lower())) or {}
        right += now.get("type") == "DWord" and now.get("data") == value["data"]
    return Effect(right == len(write["Values"]), f"{right} of {len(write['Values'])} values as written")


def settings_exported(write: dict[str, Any], read: dict[str, Any]) -> Effect:
    """settings_export, by settings_read of its folder: a server-configuration archive is there.

    Which one is new only the caller knows (the archives it saw before): it adds that check."""
    names = sorted(f["name"] for f in read["files"])
    if not names:
        return Effect(False, f"no server-configuration archive in {read['folder']}")
    return Effect(True, f"{len(names)} server-configuration archive(s) in {read['folder']}, newest by name {names[-1]}")


def config_exported(write: dict[str, Any], read: dict[str, Any]) -> Effect:
    """config_export, by settings_read of its Folder: an EntraConnectConfig-*.zip archive is there.

    Which one is new only the caller knows (the archives it saw before): it adds that check, as for
    settings_export. Names hold a random GUID, so the newest is told by its time."""
    if not read["files"]:
        return Effect(False, f"no configuration export archive in {read['folder']}")
    newest = max(read["files"], key=lambda f: (f["last_write_utc"], f["name"]))
    return Effect(
        True,
        f"{len(read['files'])} configuration export archive(s) in {read['folder']}, newest {newest['name']} "
        f"written {newest['last_write_utc']}",
    )


def file_present(write: dict[str, Any], read: dict[str, Any]) -> Effect:
    """file_copy, by file_stat of the destination: the file is there (the caller checks its SHA-256)."""
    found = read["file"]
    if found is None:
        return Effect(False, f"{read['path']} does not exist")
    return Effect(True, f"{read['path']} exists with SHA-256 {found['sha256']}")


def file_absent(write: dict[str, Any], read: dict[str, Any]) -> Effect:
    """file_remove, by file_stat: the file is gone."""
    found = read["file"]
    if found is None:
        return Effect(True, f"{read['path']} does not exist")
    return Effect(False, f"{read['path']} still exists")


def csexport_written(write: dict[str, Any], read: dict[str, Any]) -> Effect:
    """csexport, by file_stat of its Path: the XML file is there.

    A file at Path before the call (csexport removes a leftover first) would read the same: only the caller
    knows whether one could be there, so it writes to a path of its own run, or adds that check (its
    ``last_write_utc`` not before the call)."""
    found = read["file"]
    if found is None:
        return Effect(False, f"{read['path']} does not exist")
    return Effect(True, f"{read['path']} exists ({found['size']} bytes, written {found['last_write_utc']})")


def folder_present(write: dict[str, Any], read: dict[str, Any]) -> Effect:
    """directory_create, by settings_read of that folder: the folder exists."""
    exists = read["folder_exists"]
    return Effect(exists, f"{read['folder']} {'exists' if exists else 'does not exist'}")


def uninstalled(write: dict[str, Any], read: dict[str, Any]) -> Effect:
    """uninstall, by snapshot: no uninstall entry of the products it removes is left."""
    left = [e["display_name"] for e in read["uninstall_entries"] if e["display_name"] in write["ProductDisplayNames"]]
    if left:
        return Effect(False, "still installed: " + ", ".join(left))
    return Effect(True, "no uninstall entry of Entra Connect is left")
