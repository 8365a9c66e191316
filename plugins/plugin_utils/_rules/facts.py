# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Turn a validated snapshot answer into the structured facts users and roles read."""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

import re
from typing import Any

from .identity import tenant_from_connector_name
from .support_data import DOTNET_RELEASES, PRODUCT_DISPLAY_NAMES, SERVER_CORE_INSTALLATION_TYPE, WINDOWS_BUILDS

# Match the Entra connector by its fixed Identifier [S9] or SubType [S17], AD connectors by
# ConnectorTypeName [S17], never by display name, which changed with the rebranding [S7].
# Source numbers: docs/sources.md.
ENTRA_CONNECTOR_ID = "b891884f-051e-4a83-95af-2544101c9083"
ENTRA_CONNECTOR_SUBTYPES = ("Windows Azure Active Directory (Microsoft)", "Microsoft Entra ID (Microsoft)")
AD_CONNECTOR_TYPE_NAME = "AD"

# Global settings read by the snapshot: [S19] for the configuration version, observed names [S25][S28]
# for the others.
SETTING_CONFIG_VERSION = "Microsoft.Synchronize.ServerConfigurationVersion"
SETTING_STAGING_MODE = "Microsoft.Synchronize.StagingMode"
SETTING_SIGN_ON_METHOD = "Microsoft.UserSignIn.SignOnMethod"
# The export deletion threshold and its value [S11][S25].
SETTING_DELETION_THRESHOLD = "Microsoft.OptionalFeature.ExportDeletionThreshold"
SETTING_DELETION_THRESHOLD_VALUE = "Microsoft.OptionalFeature.ExportDeletionThresholdValue"
SNAPSHOT_GLOBAL_SETTINGS: tuple[str, ...] = (
    SETTING_CONFIG_VERSION,
    SETTING_STAGING_MODE,
    SETTING_SIGN_ON_METHOD,
    "Microsoft.Synchronize.SchedulerSuspended",
    "Microsoft.OptionalFeature.AutoUpgradeState",
    "Microsoft.SynchronizationOption.AnchorAttribute",
    SETTING_DELETION_THRESHOLD,
    SETTING_DELETION_THRESHOLD_VALUE,
)

# How many recent run profile results the snapshot reads; enough for the last run of every connector
# of a pair with several forests (a delta cycle writes three results per AD connector).
SNAPSHOT_RUN_HISTORY_COUNT = 50

# The collection's own registry key on each server: what it wrote there and when.
MARKER_PATH = "HKLM:\\SOFTWARE\\hybrid_identity\\entra_connect"
# Written by entra_staging_mode just before it takes a server out of staging: the computer names whose
# staging readings allowed it, and when.
MARKER_ACTIVATED_AFTER = "ActivatedAfterStaging"
MARKER_ACTIVATED_UTC = "ActivatedUtc"


def _snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()


def snake_case_keys(fields: dict[str, Any]) -> dict[str, Any]:
    """PowerShell property names as the snake_case keys Ansible results use."""
    return {_snake(key): value for key, value in fields.items()}


def dotnet_version_name(release: int | None) -> str | None:
    if release is None:
        return None
    for minimum, name in DOTNET_RELEASES:
        if release >= minimum:
            return name
    return "older than 4.5"


def staging_mismatch(name: str, scheduler_value: bool | None, setting: str | None) -> str | None:
    """The warning for a staging global setting that disagrees with the scheduler's reading, or None."""
    setting_value = _as_bool(setting)
    if scheduler_value is None or setting_value is None or setting_value == scheduler_value:
        return None
    return (
        f"{name}: Get-ADSyncScheduler reports StagingModeEnabled={scheduler_value} but the global setting "
        f"{SETTING_STAGING_MODE} is {setting}; the scheduler's value is used"
    )


def _as_bool(value: str | None) -> bool | None:
    if value is None:
        return None
    return value.strip().lower() == "true"


def connector_kind(connector: dict[str, Any]) -> str:
    if connector["identifier"].lower() == ENTRA_CONNECTOR_ID or connector.get("subtype") in ENTRA_CONNECTOR_SUBTYPES:
        return "entra"
    if connector.get("connector_type_name") == AD_CONNECTOR_TYPE_NAME:
        return "ad"
    return "other"


def _product(snapshot: dict[str, Any]) -> dict[str, Any] | None:
    entries = [e for e in snapshot["uninstall_entries"] if e["display_name"] in PRODUCT_DISPLAY_NAMES]
    wizard = snapshot["wizard"]
    if not entries and not (wizard and wizard["file_version"]):
        return None
    entry = entries[0] if entries else {}
    # MigrateSettings.ps1 (Microsoft) reports the wizard's file version as the product version, so it
    # wins over the uninstall entry's DisplayVersion when both exist.
    if wizard and wizard["file_version"]:
        version, source = wizard["file_version"], "wizard file version"
    else:
        version, source = entry.get("display_version"), "uninstall entry"
    return {
        "display_name": entry.get("display_name"),
        "version": version,
        "version_source": source,
        "uninstall_version": entry.get("display_version"),
        "wizard_path": wizard["path"] if wizard else None,
    }


def _last_runs(history: list[dict[str, Any]]) -> list[dict[str, Any]]:
    newest: dict[str, dict[str, Any]] = {}
    for run in history:
        if not run["is_run_complete"] or run["start_date"] is None:
            continue
        key = run["connector_id"].lower()
        if key not in newest or run["start_date"] > newest[key]["start_date"]:
            newest[key] = run
    return sorted(newest.values(), key=lambda r: r["connector_name"].lower())


def snapshot_facts(snapshot: dict[str, Any]) -> dict[str, Any]:
    """Structured facts from a snapshot that already passed the schema."""
    os_info = snapshot["os"]
    build = WINDOWS_BUILDS.get(os_info["build_number"])
    adsync = snapshot["adsync"] or {}
    settings = adsync.get("global_settings") or {}
    raw_scheduler = adsync.get("scheduler")
    scheduler = snake_case_keys(raw_scheduler) if raw_scheduler else None
    connectors = [dict(c, kind=connector_kind(c)) for c in adsync.get("connectors") or []]
    last_runs = _last_runs(adsync.get("run_history") or [])
    ends = [r["end_date"] for r in last_runs if r["end_date"]]
    product = _product(snapshot)
    staging_setting = _as_bool(settings.get(SETTING_STAGING_MODE))
    return {
        "computer_name": snapshot["computer_name"],
        "host_time": snapshot.get("now_utc"),
        "os": {
            "caption": os_info["caption"],
            "version": os_info["version"],
            "build": os_info["build_number"],
            "name": build.name if build else os_info["caption"],
            "installation_type": os_info["installation_type"],
            "server_core": os_info["installation_type"] == SERVER_CORE_INSTALLATION_TYPE,
        },
        "dotnet": {"release": snapshot["dotnet_release"], "version": dotnet_version_name(snapshot["dotnet_release"])},
        "installed": product is not None,
        "product": product,
        "service": snapshot["adsync_service"],
        "adsync_error": adsync.get("error"),
        "server_configuration_version": settings.get(SETTING_CONFIG_VERSION),
        # The scheduler's StagingModeEnabled is Microsoft's documented reading [S7][S8]; the global
        # setting is the fallback when the scheduler could not be read.
        "staging_mode": scheduler["staging_mode_enabled"] if scheduler else staging_setting,
        "staging_mode_setting": staging_setting,
        "sign_in_method": settings.get(SETTING_SIGN_ON_METHOD),
        "global_settings": settings,
        "scheduler": scheduler,
        "connectors": connectors,
        "tenant": next((tenant_from_connector_name(c["name"]) for c in connectors if c["kind"] == "entra"), None),
        # None when the Entra connector does not say (or there is none): a staging change then counts it as on.
        "password_writeback": next((c.get("password_writeback") for c in connectors if c["kind"] == "entra"), None),
        "last_runs": last_runs,
        "last_sync_end": max(ends) if ends else None,
        "activation": _activation(snapshot["markers"]),
    }


def _activation(markers: dict[str, str]) -> dict[str, Any] | None:
    """The collection's record of making this server active, if it did."""
    after = markers.get(MARKER_ACTIVATED_AFTER)
    if after is None:
        return None
    return {"after_staging": [name for name in after.split(",") if name], "at": markers.get(MARKER_ACTIVATED_UTC)}


def facts_warnings(facts: dict[str, Any]) -> list[str]:
    """Things a reader of the facts should not miss."""
    warnings = []
    if facts["adsync_error"]:
        warnings.append(f"The ADSync cmdlets could not be read on {facts['computer_name']}: {facts['adsync_error']}")
    scheduler = facts["scheduler"]
    setting = facts["global_settings"].get(SETTING_STAGING_MODE)
    mismatch = staging_mismatch(facts["computer_name"], scheduler and scheduler["staging_mode_enabled"], setting)
    return warnings + ([mismatch] if mismatch else [])
