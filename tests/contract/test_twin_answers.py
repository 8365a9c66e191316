"""The twin answers every primitive in the schema the PowerShell scripts answer in."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._common.errors import HostCommandError
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._common.versions import parse_version
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._contract.validate import first_violation
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._host.primitives import (
    PRIMITIVES,
    snapshot_parameters,
)
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._lab.store import load_state
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._rules.export_settings import (
    APPLIED_PATTERN,
    ARCHIVE_PATTERN,
    DEFAULT_FOLDER,
    GAP_SETTINGS,
)
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._rules.facts import SETTING_STAGING_MODE
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._rules.sign_in import SCHEDULER_SIGN_IN_FROM
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._rules.tls12 import read_parameters
from lab_twins import twin_of

SEED_DIR = Path(__file__).resolve().parents[2] / "lab" / "seeds"
SEEDS = sorted(p for p in SEED_DIR.glob("*.json") if not p.name.endswith(".tenant.json"))

# What Python sends, per primitive; the writes run after the reads, on the same twin.
SENT: dict[str, dict[str, Any]] = {
    "snapshot": snapshot_parameters(),
    "tls12_read": read_parameters(),
    "sync_status": {"StagingSettingName": SETTING_STAGING_MODE, "RunHistoryCount": 20},
    "run_results": {"NumberRequested": 200},
    "settings_read": {
        "Folder": DEFAULT_FOLDER,
        "FilePatterns": [APPLIED_PATTERN, ARCHIVE_PATTERN],
        "GlobalSettingNames": list(GAP_SETTINGS),
    },
    "tls12_write": dict(read_parameters(), Values=[{"path": "HKLM:\\SOFTWARE\\x", "name": "y", "data": 1}]),
    "scheduler_write": {"SyncCycleEnabled": True, "CustomizedSyncCycleInterval": "01:00:00"},
    "staging_write": {
        "StagingSettingName": SETTING_STAGING_MODE,
        "StagingMode": True,
        "PauseScheduler": True,
        "SyncCycleEnabledAfter": True,
    },
    "settings_export": {"Folder": DEFAULT_FOLDER},
    "sync_start": {"PolicyType": "Delta"},
    "file_stat": {"Path": "C:\\ProgramData\\AADConnect\\PersistedState.xml", "Authenticode": True},
    "directory_create": {"Path": "C:\\EntraConnectMigration"},
    "file_copy": {
        "Source": "C:\\ProgramData\\AADConnect\\PersistedState.xml",
        "Destination": "C:\\EntraConnectMigration\\PersistedState.xml",
    },
    "file_remove": {"Path": "C:\\ProgramData\\AADConnect\\PersistedState.xml"},
    "connector_statistics": {"PageSize": 1000, "CountConnectorSpace": True},
    "csexport": {"ConnectorName": "contoso.com", "Path": "C:\\ProgramData\\AADConnect\\csexport.xml", "Filter": "x"},
    "config_export": {"Folder": "C:\\Windows\\Temp\\hybrid_identity.entra_connect"},
    "uninstall": {"ProductDisplayNames": ["Microsoft Entra Connect Sync", "Microsoft Azure AD Connect"]},
}
# These read or write the sync engine, so they fail as the ADSync cmdlets fail when it cannot be used.
USES_ENGINE = set(SENT) - {
    "snapshot",
    "tls12_read",
    "tls12_write",
    "file_stat",
    "directory_create",
    "file_copy",
    "file_remove",
    "uninstall",
}
# These also answer on a server without Entra Connect, saying it is not installed.
ANSWER_WITHOUT_PRODUCT = {"sync_status", "settings_read"}


def _variants(state: dict) -> list[dict]:
    """The seed as it is, plus the states the twin must still describe within the schema."""
    state.pop("tenant_log", None)
    variants = [state]
    if state["entra_connect"] is not None:
        staging = copy.deepcopy(state)
        staging["entra_connect"]["staging_mode"] = True
        stopped = copy.deepcopy(state)
        stopped["entra_connect"]["service"]["status"] = "Stopped"
        empty = copy.deepcopy(state)
        empty["entra_connect"].update(connectors=[], run_history=[])
        variants += [staging, stopped, empty]
    return variants


def _failure(state: dict, primitive: str) -> str | None:
    """The error the script would end with on this state, or None when it answers."""
    if primitive == "file_copy" and SENT["file_copy"]["Source"] not in (state.get("files") or {}):
        return "Cannot find path"
    if primitive not in USES_ENGINE:
        return None
    if state["entra_connect"] is None:
        return None if primitive in ANSWER_WITHOUT_PRODUCT else "ADSync"
    if state["entra_connect"]["service"]["status"] != "Running":
        return "ADSync"
    # Set-ADSyncScheduler opens an interactive sign-in from 2.6.91.0 [S3], which the script's host cannot give.
    pauses = primitive == "scheduler_write" or (primitive == "staging_write" and SENT[primitive]["PauseScheduler"])
    if pauses and parse_version(state["entra_connect"]["version"]) >= SCHEDULER_SIGN_IN_FROM:
        return "NonInteractive mode"
    # csexport names one connector; every connector of every seed: test_csexport_contract.py.
    if primitive == "csexport" and SENT["csexport"]["ConnectorName"] not in [
        c["name"] for c in state["entra_connect"]["connectors"]
    ]:
        return "for connector 'contoso.com'"
    return None


def test_every_primitive_is_exercised_here() -> None:
    assert set(SENT) == set(PRIMITIVES)


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem)
def test_seed_is_a_valid_lab_state(seed: Path) -> None:
    assert load_state(str(seed))["format"] == "hybrid_identity.entra_connect.lab/1"


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem)
@pytest.mark.parametrize("primitive", list(SENT))
def test_twin_answer_validates_against_the_primitive_schema(seed: Path, primitive: str) -> None:
    for state in _variants(json.loads(seed.read_text())):
        twin = twin_of(state)
        failure = _failure(state, primitive)
        if failure:
            with pytest.raises(HostCommandError, match=failure):
                twin.call(primitive, copy.deepcopy(SENT[primitive]))
            continue
        assert first_violation(primitive, twin.call(primitive, copy.deepcopy(SENT[primitive]))) is None
        # What a write leaves behind is still a valid state.
        assert first_violation("lab_state", twin.state) is None


def test_a_running_cycle_is_described_within_the_schemas(old_state) -> None:
    old_state.pop("tenant_log")
    twin = twin_of(old_state)
    twin.call("sync_start", {"PolicyType": "Initial"})
    # The first step, the AD connector's full import, runs from +1 s to +9 s.
    twin.advance(5)
    status = twin.call("sync_status", SENT["sync_status"])
    assert first_violation("sync_status", status) is None
    assert first_violation("run_results", twin.call("run_results", SENT["run_results"])) is None
    assert first_violation("snapshot", twin.call("snapshot", snapshot_parameters())) is None
    assert first_violation("lab_state", twin.state) is None
    assert status["scheduler"]["SyncCycleInProgress"] is True and status["running_connectors"] == ["contoso.com"]
