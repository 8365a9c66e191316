# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Which settings export to take from the old server, how to check it, and what it does not carry.

Sources (numbers in docs/sources.md):
- [S6] the wizard writes Applied-SynchronizationPolicy-*.json to %ProgramData%\\AADConnect on every
  configuration change, from 1.5.42.0 [S32]; the import does not carry device writeback, the
  object-type and attribute selection made in Synchronization Service Manager, custom run profiles,
  or the provisioning hierarchy, and custom rules outside precedence 0-99 or modified standard rules
  may be misplaced. Disabled custom rules were imported as enabled before 1.5.45.0 [S27].
- [S23] MigrateSettings.ps1: Get-ADSyncServerConfiguration into Exported-ServerConfiguration-<guid>,
  %ProgramData%\\AADConnect\\PersistedState.xml, MigratedPolicy.json (whose deploymentMetadata always has
  serviceAccountType); the wizard imports the whole folder. Its Copy-Item of PersistedState.xml stops nothing
  when the file is missing (a non-terminating error; INFERRED from PowerShell's error handling), so an export
  without it is still one, reported with a warning.
- [S29] third party: the field names of the JSON exports.
"""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

import json
import zipfile
from typing import Any

from .._common.errors import EntraConnectError
from .._common.versions import parse_version
from .._common.zip_names import entry_name, unsafe_entry
from .._contract.validate import first_violation
from .facts import SETTING_SIGN_ON_METHOD

DEFAULT_FOLDER = "%ProgramData%\\AADConnect"
APPLIED_PATTERN = "Applied-SynchronizationPolicy-*.json"
ARCHIVE_PATTERN = "Exported-ServerConfiguration-*.zip"
# The collection's own server-configuration exports (config_export): a fresh folder of this prefix, packed
# into <folder>.zip.
CONFIG_EXPORT_PREFIX = "EntraConnectConfig-"
CONFIG_ARCHIVE_PATTERN = f"{CONFIG_EXPORT_PREFIX}*.zip"
FIRST_APPLIED_POLICY_BUILD = (1, 5, 42, 0)
DISABLED_RULES_KEPT_FROM = (1, 5, 45, 0)
STANDARD_RUN_PROFILES = frozenset(
    {"full import", "full synchronization", "delta import", "delta synchronization", "export"}
)
CUSTOM_PRECEDENCE = range(0, 100)
# Optional features recorded on the server, observed global setting names [S25].
OPTIONAL_FEATURES = {
    "Microsoft.OptionalFeature.DeviceWriteBack": "device writeback (catalogued by the export but not applied [S6])",
    "Microsoft.OptionalFeature.GroupWriteBack": "group writeback",
    "Microsoft.OptionalFeature.UserWriteBack": "user writeback",
    "Microsoft.OptionalFeature.DirectoryExtension": "directory extension attributes",
}
GAP_SETTINGS: tuple[str, ...] = (SETTING_SIGN_ON_METHOD, *OPTIONAL_FEATURES)
MIGRATED_POLICY = "MigratedPolicy.json"
PERSISTED_STATE = "PersistedState.xml"
# Entry names as the zip format writes them; an archive with '\\' names is read the same (zip_names.py).
ARCHIVE_MEMBERS = (MIGRATED_POLICY, "GlobalSettings/MV.xml")
ARCHIVE_FOLDERS = ("Connectors/", "SynchronizationRules/")
# MigrateSettings.ps1 always writes it ("Unknown" on builds without the value it reads) [S23].
SERVICE_ACCOUNT_TYPE = "serviceAccountType"
# A settings file larger than this is not a settings export.
MAX_POLICY_BYTES = 64 * 1024 * 1024


def choose_export_type(requested: str, version: str, fresh: bool) -> str:
    if requested != "auto":
        return requested
    if fresh or parse_version(version, "installed version") < FIRST_APPLIED_POLICY_BUILD:
        return "server_configuration"
    return "applied_policy"


def newest(files: list[dict[str, Any]]) -> dict[str, Any] | None:
    return max(files, key=lambda f: (f["last_write_utc"], f["name"])) if files else None


def _gap(kind: str, subject: str, detail: str, remedy: str, values: dict[str, Any] | None = None) -> dict[str, Any]:
    gap: dict[str, Any] = {"kind": kind, "subject": subject, "detail": detail, "remedy": remedy}
    if values is not None:
        gap["values"] = values
    return gap


def not_carried(read: dict[str, Any]) -> list[dict[str, Any]]:
    """What the new server needs by hand after the import, from the old server's own configuration.

    A gap an operator re-applies as it was also has ``values``, what to set, by connector NAME (the new
    server's connectors are its own): ``optional_feature`` ``{setting}`` (to enable),
    ``custom_run_profile`` ``{connector, run_profile}``, ``object_and_attribute_filter``
    ``{connector, object_inclusion, attribute_inclusion}``."""
    gaps = []
    settings = read["global_settings"]
    sign_in = settings.get(SETTING_SIGN_ON_METHOD)
    gaps.append(
        _gap(
            "sign_in_method",
            sign_in or "unknown",
            f"The old server signs users in with {sign_in or 'an unknown method'} ({SETTING_SIGN_ON_METHOD}).",
            "The wizard preselects the imported method but asks for everything it needs; AD FS and PingFederate "
            "settings must be entered again.",
        )
    )
    for name, label in OPTIONAL_FEATURES.items():
        if (settings.get(name) or "").lower() == "true":
            gaps.append(
                _gap(
                    "optional_feature",
                    label,
                    f"{name} is enabled on the old server.",
                    "Enable it in the wizard (Optional features) and verify it.",
                    {"setting": name},
                )
            )
    names = {c["identifier"].lower(): c["name"] for c in read["connectors"]}
    for connector in read["connectors"]:
        custom = [p for p in connector["run_profiles"] if p.lower() not in STANDARD_RUN_PROFILES]
        for profile in custom:
            gaps.append(
                _gap(
                    "custom_run_profile",
                    f"{connector['name']}: {profile}",
                    "Custom run profiles are not exported [S6].",
                    "Create it again in Synchronization Service Manager.",
                    {"connector": connector["name"], "run_profile": profile},
                )
            )
        if connector["object_inclusion"] or connector["attribute_inclusion"]:
            gaps.append(
                _gap(
                    "object_and_attribute_filter",
                    connector["name"],
                    f"Object types {', '.join(connector['object_inclusion']) or 'none'}; "
                    f"{len(connector['attribute_inclusion'])} selected attributes. The selection made in "
                    "Synchronization Service Manager is not exported [S6].",
                    "Compare the connector's object types and attributes on the new server and select the same ones.",
                    {
                        "connector": connector["name"],
                        "object_inclusion": list(connector["object_inclusion"]),
                        "attribute_inclusion": list(connector["attribute_inclusion"]),
                    },
                )
            )
    for rule in read["sync_rules"]:
        connector = names.get(rule["connector"].strip("{}").lower(), rule["connector"])
        subject = f"{rule['name']} ({connector}, {rule['direction']})"
        standard = (rule["immutable_tag"] or "").startswith("Microsoft.")
        if standard and rule["disabled"]:
            gaps.append(
                _gap(
                    "modified_standard_rule",
                    subject,
                    f"Standard rule {rule['immutable_tag']} is disabled.",
                    "Disable it again on the new server and check that its replacement custom rule came across.",
                )
            )
        if not standard and rule["precedence"] not in CUSTOM_PRECEDENCE:
            gaps.append(
                _gap(
                    "custom_rule_precedence",
                    subject,
                    f"Custom rule with precedence {rule['precedence']}, outside 0-99.",
                    "Check its precedence on the new server; the import may move it.",
                )
            )
        if not standard and rule["disabled"]:
            gaps.append(
                _gap(
                    "disabled_custom_rule",
                    subject,
                    "Custom rule is disabled on the old server.",
                    "Check that it is disabled on the new server too.",
                )
            )
    version = read["product_version"]
    if version and parse_version(version, "installed version") < DISABLED_RULES_KEPT_FROM:
        gaps.append(
            _gap(
                "old_build",
                version,
                "Exports from builds before 1.5.45.0 import disabled custom rules as enabled.",
                "Disable those rules again after the import.",
            )
        )
    return gaps


def validate_json_export(data: bytes, what: str, schema: str) -> dict[str, Any]:
    if len(data) > MAX_POLICY_BYTES:
        raise EntraConnectError(f"{what} is {len(data)} bytes, larger than any settings export; it was not used")
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as err:
        raise EntraConnectError(
            f"{what} is not JSON: expected a settings export written by Entra Connect ({err})"
        ) from None
    violation = first_violation(schema, document)
    if violation is not None:
        raise EntraConnectError(f"{what} is not an Entra Connect settings export {violation}")
    valid: dict[str, Any] = document
    return valid


def validate_archive(path: str, what: str) -> dict[str, Any]:
    """Check a server-configuration archive without extracting it; returns what the report shows of it.

    Entry names count with ``/`` or ``\\`` and without case, as Windows reads the unpacked folder. An entry
    that would unpack outside the folder refuses the whole archive: the operator unpacks it on the new server.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
            unsafe = [e.filename for e in entries if unsafe_entry(e.filename)]
            if unsafe:
                raise EntraConnectError(
                    f"{what} has entries that would unpack outside its folder ({', '.join(unsafe[:3])}): it is not "
                    "a server-configuration export and was not used"
                )
            members = {entry_name(e.filename).lower(): e for e in entries}
            missing = [m for m in ARCHIVE_MEMBERS if m.lower() not in members]
            missing += [f for f in ARCHIVE_FOLDERS if not any(n.startswith(f.lower()) for n in members)]
            if missing:
                raise EntraConnectError(
                    f"{what} lacks {', '.join(missing)}: it is not a complete server-configuration export"
                )
            policy = members[MIGRATED_POLICY.lower()]
            if policy.file_size > MAX_POLICY_BYTES:
                raise EntraConnectError(f"{what}: MigratedPolicy.json is too large to be a settings file")
            data = archive.read(policy)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError) as err:
        raise EntraConnectError(f"{what} is not a zip archive: {err}") from None
    document = validate_json_export(data, f"{what} (MigratedPolicy.json)", "migrated_policy")
    deployment = document["deploymentMetadata"]
    if SERVICE_ACCOUNT_TYPE not in deployment or not isinstance(deployment[SERVICE_ACCOUNT_TYPE], (str, type(None))):
        raise EntraConnectError(
            f"{what} (MigratedPolicy.json) has no deploymentMetadata.{SERVICE_ACCOUNT_TYPE} (text or null), which "
            "MigrateSettings.ps1 always writes and so does this collection's export: make a new export with "
            "fresh: true. This one was not used"
        )
    return {
        "persisted_state": PERSISTED_STATE.lower() in members,
        "service_account_type": deployment[SERVICE_ACCOUNT_TYPE],
    }


def archive_warnings(contents: dict[str, Any], what: str) -> list[str]:
    """What an archive that passed validate_archive still lacks, for the operator."""
    if contents["persisted_state"]:
        return []
    return [
        f"{what} holds no {PERSISTED_STATE}: the server had none in {DEFAULT_FOLDER} when the export was made. "
        "MigrateSettings.ps1 exports without it too, reporting an error; the state the old server's wizard kept "
        "there does not reach the new server."
    ]


def summary(document: dict[str, Any]) -> dict[str, Any]:
    """Counts from an applied policy, for the migration report."""
    directories = document.get("onpremisesDirectoryPolicy") or []
    azure = document.get("azureDirectoryPolicy") or {}
    custom = sum(len(d.get("customSynchronizationRules") or []) for d in directories) + len(
        azure.get("customSynchronizationRules") or []
    )
    return {"directories": [d.get("friendlyName") for d in directories], "custom_rules": custom}
