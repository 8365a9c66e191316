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

Removal (``uninstall``) takes the product off the server with everything in it.
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
from .._rules.facts import SETTING_CONFIG_VERSION, SETTING_SIGN_ON_METHOD, SETTING_STAGING_MODE
from .clock import Clock
from .files import Files, lab_installer, signature_of
from .operator import reapply_by_hand
from .policy import policy_of, read_policy
from .tenant import TenantLog

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

    def uninstall(self, parameters: dict[str, Any]) -> dict[str, Any]:
        product = self._state["entra_connect"]
        if product is None or product["display_name"] not in parameters["ProductDisplayNames"]:
            return {"removed": []}
        self._clock.advance(180)
        self._state["entra_connect"] = None
        code = uuid.uuid5(uuid.NAMESPACE_URL, f"{product['display_name']}/{product['version']}")
        return {
            "removed": [
                {"display_name": product["display_name"], "product_code": f"{{{str(code).upper()}}}", "exit_code": 0}
            ]
        }
