# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The twin's installation and removal of Entra Connect.

Installation is supported only through the wizard [S12]; in the lab an operator completing it is
simulated (``simulate_wizard``), from the staged installer and the staged settings file, as the wizard
does with an imported applied policy [S6] or the MigratedPolicy.json of a server-configuration export,
which the operator extracts from the staged archive [S23]:
- the sync rules with their content, the connectors and their identifiers, each directory's domain and OU
  filtering (``partitionFilters``) and the synchronization settings come from the settings file (policy.py;
  the rule content and settings fields are INFERRED names); disabled custom rules stay disabled (fixed in
  1.5.45.0 [S27]); a file without settings leaves the wizard's defaults;
- the sign-in method is the one the operator chooses (preselected from the file; the worksheet names it);
- staging mode is on, as it is by default on import [S6];
- device writeback, selected attributes, object-type filters and custom run profiles are not carried
  over [S6]: the new server has the wizard's defaults, and the simulated operator then re-applies by hand
  what the worksheet lists (``not_carried``, operator.py), unless the seed says the operator forgets;
- the wizard writes a new Applied-SynchronizationPolicy-*.json [S6], of the configuration it made.
The twin does not run the wizard's initial sync: the staging verification starts it.

The installer adds a family of products, each with its own uninstall entry, kept as the registry keys
Programs and Features reads (``HKLM:\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\{ProductCode}``):
the wizard product, the sync engine ("Microsoft Azure AD Connect synchronization services"), the Health agent for
sync and the LocalDB of its release line (_rules/support_data.py names them and their sources). A seed that lists
none gets the family of its installed version the first time the installer looks.

Removal (``uninstall``) runs msiexec /x per entry, in the order it is given, and answers each exit code:
removing the wizard product leaves the engine, the ADSync service and its database; removing the engine takes
them off the server (INFERRED: the engine's package carries the service). A key's ``LabMsiexecExitCode`` value
(lab only) is the exit code msiexec returns for it; 0 or 3010 remove the entry, anything else leaves it.
"""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

import datetime
import io
import json
import uuid
import zipfile
from typing import Any

from .._common.dates import format_utc
from .._common.errors import HostCommandError
from .._common.versions import parse_version
from .._rules.facts import SETTING_CONFIG_VERSION, SETTING_SIGN_ON_METHOD, SETTING_STAGING_MODE
from .._rules.support_data import HEALTH_AGENT_DISPLAY_NAMES, LOCALDB_DISPLAY_NAMES, SYNC_ENGINE_DISPLAY_NAMES
from .._rules.uninstall import MSI_DONE, MSI_RESTART_REQUIRED, READ_AFTER, matching
from .clock import Clock
from .files import Files, lab_installer, signature_of
from .operator import reapply_by_hand
from .policy import policy_of, read_policy
from .tenant import TenantLog

UNINSTALL_KEY = "HKLM:\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall"
# Lab only: the exit code msiexec returns for the product of this uninstall key.
LAB_EXIT_CODE = "LabMsiexecExitCode"
# How long one msiexec /x takes in the lab.
MSIEXEC_SECONDS = 60
# [S3] 2.5.3.0 "Upgraded the bundled health agent to version 4.5.2520.0"; older bundles: INFERRED.
HEALTH_AGENT_VERSIONS = (((2, 5, 3, 0), "4.5.2520.0"), ((0, 0, 0, 0), "3.2.0.0"))
# The LocalDB each release line bundles (support_data.py) and its version: 11.4.7469.6 in a 1.5.30.0 wizard trace;
# [S3] 2.6.91.0 updated "SQL Server 2022 LocalDB from version 16.0.4250.1 to 16.0.4262.2"; 2019: INFERRED.
LOCALDB_BY_VERSION = (
    ((2, 6, 91, 0), LOCALDB_DISPLAY_NAMES[2], "16.0.4262.2"),
    ((2, 6, 84, 0), LOCALDB_DISPLAY_NAMES[2], "16.0.4250.1"),
    ((2, 0, 0, 0), LOCALDB_DISPLAY_NAMES[1], "15.0.4153.1"),
    ((0, 0, 0, 0), LOCALDB_DISPLAY_NAMES[0], "11.4.7469.6"),
)
# The policy in a server-configuration export that the wizard imports [S23].
MIGRATED_POLICY = "MigratedPolicy.json"
# How long the simulated operator takes in the wizard.
WIZARD_SECONDS = 25 * 60
WIZARD_PATH = "C:\\Program Files\\Microsoft Azure Active Directory Connect\\AzureADConnect.exe"
DEFAULT_RUN_PROFILES = ["Full Import", "Full Synchronization", "Delta Import", "Delta Synchronization", "Export"]
DEFAULT_OBJECT_TYPES = {
    "AD": ["contact", "group", "inetOrgPerson", "user"],
    "Extensible2": ["user", "group", "contact"],
}
# The wizard's default attribute selection is the full list for the chosen features; the twin keeps a
# short stand-in, so attributes someone had added by hand are visibly missing.
DEFAULT_ATTRIBUTES = {
    "AD": [
        "cn",
        "displayName",
        "mail",
        "mS-DS-ConsistencyGuid",
        "objectGUID",
        "proxyAddresses",
        "sAMAccountName",
        "userPrincipalName",
    ],
    "Extensible2": ["accountEnabled", "cloudAnchor", "displayName", "mail", "sourceAnchor", "userPrincipalName"],
}
# The synchronization settings a new installation starts with, before any imported.
DEFAULT_GLOBAL_SETTINGS = {
    "Microsoft.OptionalFeature.DeviceWriteBack": "False",
    "Microsoft.OptionalFeature.ExportDeletionThreshold": "True",
    "Microsoft.OptionalFeature.ExportDeletionThresholdValue": "500",
    "Microsoft.Synchronize.SchedulerSuspended": "False",
}
# Settings of the file the import does not take: device writeback [S6]; the sign-in method, which the operator
# chooses on its own page [S6]; and what belongs to the running server, not its configuration (its staging
# mode, configuration version and scheduler state [S7][S8][S19]).
NOT_IMPORTED_SETTINGS = frozenset(
    {
        "Microsoft.OptionalFeature.DeviceWriteBack",
        SETTING_SIGN_ON_METHOD,
        SETTING_STAGING_MODE,
        SETTING_CONFIG_VERSION,
        "Microsoft.Synchronize.SchedulerSuspended",
        "Microsoft.Synchronize.NextStartTime",
    }
)
DEFAULT_SCHEDULER = {
    "AllowedSyncCycleInterval": "00:30:00",
    "CurrentlyEffectiveSyncCycleInterval": "00:30:00",
    "CustomizedSyncCycleInterval": None,
    "MaintenanceEnabled": True,
    "NextSyncCyclePolicyType": "Initial",
    "PurgeRunHistoryInterval": "7.00:00:00",
    "SchedulerSuspended": False,
    "SyncCycleEnabled": True,
    "SyncCycleInProgress": False,
}


def _add_family(registry: dict[str, dict[str, Any]], product: dict[str, Any]) -> None:
    version = parse_version(product["version"])
    health = next(v for floor, v in HEALTH_AGENT_VERSIONS if version >= floor)
    localdb, localdb_version = next((name, v) for floor, name, v in LOCALDB_BY_VERSION if version >= floor)
    for name, display_version in (
        (product["display_name"], product["version"]),
        (SYNC_ENGINE_DISPLAY_NAMES[0], product["version"]),
        (HEALTH_AGENT_DISPLAY_NAMES[0], health),
        (localdb, localdb_version),
    ):
        code = str(uuid.uuid5(uuid.NAMESPACE_URL, f"{name}/{display_version}")).upper()
        registry[f"{UNINSTALL_KEY}\\{{{code}}}"] = {
            "DisplayName": {"type": "String", "data": name},
            "DisplayVersion": {"type": "String", "data": display_version},
            "Publisher": {"type": "String", "data": "Microsoft Corporation"},
            "WindowsInstaller": {"type": "DWord", "data": 1},
        }


def _entry_keys(registry: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Every uninstall key with a DisplayName, by its path."""
    prefix = UNINSTALL_KEY + "\\"
    return {
        path: key
        for path, key in registry.items()
        if path.startswith(prefix) and "\\" not in path[len(prefix) :] and "DisplayName" in key
    }


def ensure_family(state: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The uninstall keys of ``state``, after giving a seed that lists none of its family the one of its version."""
    product = state["entra_connect"]
    keys = _entry_keys(state["registry"])
    names = {n.casefold() for n in READ_AFTER} | ({product["display_name"].casefold()} if product else set())
    if product is not None and not any(k["DisplayName"]["data"].casefold() in names for k in keys.values()):
        _add_family(state["registry"], product)
        keys = _entry_keys(state["registry"])
    return keys


class Installer:
    def __init__(self, state: dict[str, Any], clock: Clock, files: Files, tenant: TenantLog) -> None:
        self._state = state
        self._clock = clock
        self._files = files
        self._tenant = tenant

    @property
    def _computer(self) -> str:
        return str(self._state["computer_name"])

    def _staged(self, path: str, what: str) -> bytes:
        found = self._files.find(path)
        if found is None:
            raise HostCommandError(f"The simulated wizard on {self._computer} cannot find the {what} {path}")
        return self._files.data(found)

    def _settings(self, settings_path: str) -> Any:
        """The policy the operator imports: an applied policy, or the MigratedPolicy.json of a
        server-configuration export, which the operator extracts from its archive first [S23]."""
        data = self._staged(settings_path, "settings file")
        if zipfile.is_zipfile(io.BytesIO(data)):
            try:
                with zipfile.ZipFile(io.BytesIO(data)) as archive:
                    data = archive.read(MIGRATED_POLICY)
            except (KeyError, zipfile.BadZipFile):
                raise HostCommandError(
                    f"{settings_path} is not a server-configuration export: it holds no {MIGRATED_POLICY}"
                ) from None
        try:
            return json.loads(data.decode("utf-8-sig"))
        except ValueError:
            raise HostCommandError(
                f"The lab simulates importing an applied-policy JSON file or a server-configuration export only; "
                f"{settings_path} is neither"
            ) from None

    def simulate_wizard(
        self,
        installer_path: str,
        settings_path: str,
        sign_in_method: str,
        not_carried: list[dict[str, Any]] | None = None,
    ) -> dict[str, Any]:
        """An operator runs the staged installer and imports the staged settings, staging mode on, then
        re-applies by hand what the worksheet lists (``not_carried``)."""
        if self._state["entra_connect"] is not None:
            raise HostCommandError(f"The simulated wizard found Entra Connect already installed on {self._computer}")
        installer_bytes = self._staged(installer_path, "installer")
        installer = lab_installer(installer_bytes)
        if installer is None or signature_of(installer_bytes)["status"] != "Valid":
            raise HostCommandError(
                f"The simulated wizard on {self._computer} refuses {installer_path}: not an intact lab installer"
            )
        policy = self._settings(settings_path)
        if not isinstance(policy, dict) or "policyMetadata" not in policy:
            raise HostCommandError(f"{settings_path} is not a synchronization settings file (no policyMetadata)")
        version = installer["version"]
        imported = read_policy(policy, f"{self._tenant.tenant_name()} - AAD")
        carried = {k: v for k, v in (imported.global_settings or {}).items() if k not in NOT_IMPORTED_SETTINGS}
        self._clock.advance(WIZARD_SECONDS)
        scheduler = dict(
            DEFAULT_SCHEDULER,
            NextSyncCycleStartTimeInUTC=format_utc(self._clock.now() + datetime.timedelta(minutes=30)),
        )
        connector_settings: dict[str, dict[str, Any]] = {
            c["identifier"]: {
                "run_profiles": list(DEFAULT_RUN_PROFILES),
                "object_inclusion": list(DEFAULT_OBJECT_TYPES[c["type"]]),
                "attribute_inclusion": list(DEFAULT_ATTRIBUTES[c["type"]]),
            }
            for c in imported.connectors
        }
        for identifier, partitions in imported.partitions.items():
            connector_settings[identifier]["partitions"] = partitions
        product: dict[str, Any] = {
            "display_name": installer["product"],
            "version": version,
            "wizard_path": WIZARD_PATH,
            "service": {"status": "Running", "start_type": "Automatic"},
            "server_configuration_version": version,
            "staging_mode": True,
            "global_settings": dict(DEFAULT_GLOBAL_SETTINGS, **carried, **{SETTING_SIGN_ON_METHOD: sign_in_method}),
            "scheduler": scheduler,
            "connectors": imported.connectors,
            "run_history": [],
            "sync_rules": imported.rules,
            "connector_settings": connector_settings,
            "password_writeback": False,
            "installed_utc": self._clock.now_text(),
        }
        self._state["entra_connect"] = product
        _add_family(self._registry, product)
        by_hand = reapply_by_hand(self._state, not_carried or [])
        applied = dict(
            policy_of(product),
            policyMetadata=dict(
                policy["policyMetadata"], azureADConnectVersion=version, timeCreated=self._clock.now_text()
            ),
            deploymentMetadata=dict(policy.get("deploymentMetadata") or {}, hostName=self._computer),
        )
        stamp = self._clock.now().strftime("%Y%m%d-%H%M%S")
        self._files.add(
            f"C:\\ProgramData\\AADConnect\\Applied-SynchronizationPolicy-{stamp}.json", {"content": applied}
        )
        return {
            "version": version,
            "connectors": len(imported.connectors),
            "sync_rules": len(imported.rules),
            "staging_mode": True,
            "reapplied_by_hand": by_hand["reapplied"],
            "forgotten_by_operator": by_hand["forgotten"],
            "not_reapplied": by_hand["not_possible"],
        }

    # -- the uninstall entries of the family, and their removal ------------------------------------

    @property
    def _registry(self) -> dict[str, dict[str, Any]]:
        registry: dict[str, dict[str, Any]] = self._state["registry"]
        return registry

    def _entry_keys(self) -> dict[str, dict[str, Any]]:
        return _entry_keys(self._registry)

    def _family_keys(self) -> dict[str, dict[str, Any]]:
        return ensure_family(self._state)

    def uninstall_entries(self, names: list[str]) -> list[dict[str, Any]]:
        """The uninstall entries named ``names``, as the snapshot reads them. A read changes nothing: the family
        a seed implies is read from a copy of the registry, and written only by a removal or the wizard."""
        copy = {
            "entra_connect": self._state["entra_connect"],
            "registry": json.loads(json.dumps(self._state["registry"])),
        }
        return matching(
            (
                {
                    "display_name": key["DisplayName"]["data"],
                    "display_version": (key.get("DisplayVersion") or {}).get("data"),
                    "publisher": (key.get("Publisher") or {}).get("data"),
                }
                for key in ensure_family(copy).values()
            ),
            names,
        )

    def uninstall(self, parameters: dict[str, Any]) -> dict[str, Any]:
        found = [
            {
                "display_name": key["DisplayName"]["data"],
                "display_version": (key.get("DisplayVersion") or {}).get("data"),
                "product_code": path.rsplit("\\", 1)[1],
            }
            for path, key in self._family_keys().items()
        ]
        removed = []
        for name in parameters["ProductDisplayNames"]:
            # Read again before each name, as the script does: a removal may already have taken the next one.
            for path, key in self._entry_keys().items():
                if key["DisplayName"]["data"].casefold() != name.casefold():
                    continue
                self._clock.advance(MSIEXEC_SECONDS)
                code = int((key.get(LAB_EXIT_CODE) or {}).get("data", 0))
                removed.append(
                    {
                        "display_name": key["DisplayName"]["data"],
                        "product_code": path.rsplit("\\", 1)[1],
                        "exit_code": code,
                    }
                )
                if code in MSI_DONE:
                    self._remove(path, key["DisplayName"]["data"], restart=code == MSI_RESTART_REQUIRED)
        return {"found": found, "removed": removed}

    def _remove(self, path: str, display_name: str, restart: bool = False) -> None:
        del self._registry[path]
        product = self._state["entra_connect"]
        if display_name.casefold() in {n.casefold() for n in SYNC_ENGINE_DISPLAY_NAMES} and product is not None:
            if restart:
                # Exit code 3010: the service is stopped and marked for deletion, and goes at the next restart
                # (INFERRED: Windows deletes a service marked for deletion once nothing holds it).
                product["service"]["status"] = "Stopped"
                product["pending_removal"] = True
                return
            # The engine's package carries the ADSync service and its database.
            self._state["entra_connect"] = None
