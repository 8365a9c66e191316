"""Replay a recorded (or hand-made) primitive answer through the same schema and the same rules that consume it.

A fixture is ``{"metadata": {...}, "answer": {...}}`` as playbooks/record_readings.yml writes it
(plugins/plugin_utils/_report/recording.py). ``replay`` checks, in order: the metadata; the answer against the
primitive's JSON Schema, read from plugins/plugin_utils/_contract/schemas at test time; the invariants the lab
twin promises for that primitive (each cites the twin code it comes from); and that the rules that consume the
answer in the collection accept it. It also holds every fixture to the scrubber: nothing in it is a name the
rules would still replace, and nothing looks like a secret.

Used by tests/unit/test_recorded_fixtures.py (every file under tests/fixtures/recorded) and by
tests/integration/test_record_readings.py (what the recorder wrote from the lab twins).
"""

from __future__ import annotations

import copy
import datetime
import fnmatch
from collections.abc import Callable
from typing import Any

from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._common.dates import parse_utc
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._common.errors import ContractError
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._contract.validate import first_violation
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._host.base import Host
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._host.primitives import PRIMITIVES
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._host.raw_reads import standard_parameters
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._report.scrub import (
    Scrubber,
    secret_findings,
)
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._rules import (
    export_settings,
    facts,
    health,
    identity,
    object_counts,
    stage_file,
    staging,
    support_rules,
    sync,
    tls12,
)


class ReplayHost(Host):
    """A host that answers with a recorded answer, so the answer takes the path every module's answer takes
    (Host.call: validation, and whatever the collection does to a valid answer before using it)."""

    kind = "recorded"

    def __init__(self, answer: Any) -> None:
        super().__init__("recorded")
        self._answer = answer

    def _run(self, primitive: Any, parameters: dict[str, Any], sensitive: dict[str, Any]) -> Any:
        return copy.deepcopy(self._answer)

    def wait(self, seconds: float) -> None:
        raise AssertionError("a replay does not wait")

    def reboot(self, timeout: int) -> dict[str, Any]:
        raise AssertionError("a replay does not reboot")

    def fetch(self, remote_path: str, local_path: str) -> None:
        raise AssertionError("a replay does not fetch")

    def put(self, local_path: str, remote_path: str) -> None:
        raise AssertionError("a replay does not put")


METADATA_KEYS = {"primitive", "collection_version", "product_version", "recorded_utc", "origin", "parameters"}


def newest_first(runs: list[dict[str, Any]]) -> bool:
    """Runs in the order Get-ADSyncRunProfileResult gives them and the twin keeps: newest start first
    (_lab/engine.py runs_newest_first; [S9][S31])."""
    starts = [parse_utc(run["start_date"]) for run in runs if run["start_date"]]
    return starts == sorted(starts, reverse=True)


def check_run(run: dict[str, Any]) -> None:
    # A run still going has no end and is not complete (_lab/engine.py runs_newest_first: in-progress step).
    if run["end_date"] is None:
        assert not run["is_run_complete"], f"{run['run_history_id']}: complete without an end date"
    else:
        assert parse_utc(run["end_date"]) >= parse_utc(run["start_date"]), (
            f"{run['run_history_id']} ends before it starts"
        )


def replay_snapshot(answer: dict[str, Any], metadata: dict[str, Any]) -> None:
    found = facts.snapshot_facts(answer)
    facts.facts_warnings(found)
    support_rules.judge(found, parse_utc(metadata["recorded_utc"]).date())
    if found["product"] and metadata.get("product_version"):
        assert found["product"]["version"] == metadata["product_version"]
    adsync = answer["adsync"]
    if adsync is None:
        return
    if adsync["error"] is None:
        runs = adsync["run_history"]
        assert newest_first(runs), "the run history is not newest first"
        for run in runs:
            check_run(run)
        # Every run names a connector the server has (_lab/engine.py _plan_cycle takes steps from the connectors).
        ids = {connector["identifier"].lower() for connector in adsync["connectors"]}
        assert {run["connector_id"].lower() for run in runs} <= ids, "a run names a connector the server lacks"
        now = parse_utc(metadata["recorded_utc"])
        for role in health.ROLES:
            health.judge_health(found, runs, role, now)
    else:
        # A failed engine read says why and reads nothing else (_lab/engine.py adsync_reading).
        assert adsync["scheduler"] is None and adsync["connectors"] is None and adsync["run_history"] is None


def replay_sync_status(answer: dict[str, Any], metadata: dict[str, Any]) -> None:
    parse_utc(answer["now_utc"])
    if not answer["installed"]:
        # A server without Entra Connect answers with empty readings (_lab/engine.py sync_status).
        assert answer["scheduler"] is None and answer["connectors"] == [] and answer["recent_runs"] == []
        return
    scheduler = sync.require_installed(answer, metadata.get("server", "the server"))
    sync.scheduler_facts(scheduler)
    sync.last_sync(answer)
    staging.take_reading("recorded", answer)
    identity.tenant_from_names(answer["connectors"])
    # What runs is one of the server's connectors (_lab/engine.py sync_status: the running step's connector).
    assert set(answer["running_connectors"]) <= set(answer["connectors"])
    assert newest_first(answer["recent_runs"]), "recent_runs is not newest first"
    for run in answer["recent_runs"]:
        check_run(run)
    # sync_status reads no more runs than it was asked for (_lab/engine.py sync_status, RunHistoryCount).
    asked = (metadata.get("parameters") or {}).get("RunHistoryCount")
    assert asked is None or len(answer["recent_runs"]) <= asked


def replay_run_results(answer: dict[str, Any], metadata: dict[str, Any]) -> None:
    parse_utc(answer["now_utc"])
    runs = answer["runs"]
    assert newest_first(runs), "runs are not newest first"
    for run in runs:
        check_run(run)
        # Counters are counts (_lab/engine.py COUNTERS, set to 0 when a run has none).
        assert min(run[counter] for counter in ("adds", "updates", "deletes", "errors")) >= 0
        sync.failing(run, list(sync.DEFAULT_FAILING_RESULTS))
    if runs:
        oldest = min(run["start_date"] for run in runs if run["start_date"])
        assert len(sync.runs_since(runs, oldest)) == len([run for run in runs if run["start_date"]])
        sync.by_connector(runs)


def replay_connector_statistics(answer: dict[str, Any], metadata: dict[str, Any]) -> None:
    parse_utc(answer["now_utc"])
    identifiers = [entry["identifier"].lower() for entry in answer["connectors"]]
    assert len(identifiers) == len(set(identifiers)), "a connector is listed twice"
    for entry in answer["connectors"]:
        counts = object_counts.counts_of(entry)
        if entry["error"] is None and entry["total_objects"] is not None:
            # The objects split into connectors, disconnectors and placeholders (_lab/statistics.py space_of [S36]).
            parts = entry["total_connectors"] + entry["total_disconnectors"] + entry["placeholders"]
            assert entry["total_objects"] == parts, f"{entry['name']}: {counts} do not add up"


def replay_tls12_read(answer: dict[str, Any], metadata: dict[str, Any]) -> None:
    parse_utc(answer["now_utc"])
    parse_utc(answer["last_boot_utc"])
    tls12.value_states(answer)
    tls12.restart_pending(answer)
    for value in answer["values"]:
        # A value of a missing key has no type or data (_lab/registry.py value).
        if not value["key_exists"]:
            assert value["type"] is None and value["data"] is None
    # The server boots before it answers (_lab/registry.py: last_boot_time is set by a restart of the clock).
    assert parse_utc(answer["last_boot_utc"]) <= parse_utc(answer["now_utc"])
    asked = (metadata.get("parameters") or {}).get("Values")
    if asked is not None:
        # One value per value asked for, in order (_lab/registry.py tls12_read).
        assert [(v["path"], v["name"]) for v in answer["values"]] == [(v["path"], v["name"]) for v in asked]


def replay_settings_read(answer: dict[str, Any], metadata: dict[str, Any]) -> None:
    if answer["product_version"] is None:
        # Without the engine only the files are read (_lab/settings.py settings_read).
        assert answer["connectors"] == [] and answer["sync_rules"] == []
    else:
        export_settings.choose_export_type("auto", answer["product_version"], False)
        export_settings.not_carried(answer)
    export_settings.newest(answer["files"])
    patterns = (metadata.get("parameters") or {}).get("FilePatterns")
    for entry in answer["files"]:
        # Only files of the folder that match a pattern asked for (_lab/settings.py settings_read).
        assert entry["path"].lower().endswith(entry["name"].lower())
        if patterns is not None:
            assert any(fnmatch.fnmatch(entry["name"].lower(), p.lower()) for p in patterns), entry["name"]


def replay_file_stat(answer: dict[str, Any], metadata: dict[str, Any]) -> None:
    stat = answer["file"]
    if stat is None:
        return
    stage_file.signature_refusal("recorded", answer["path"], stat["signature"])
    authenticode = (metadata.get("parameters") or {}).get("Authenticode")
    if authenticode is not None:
        # The signature is read only when asked for (_lab/files.py file_stat).
        assert (stat["signature"] is not None) == bool(authenticode)


CONSUMERS: dict[str, Callable[[dict[str, Any], dict[str, Any]], None]] = {
    "snapshot": replay_snapshot,
    "sync_status": replay_sync_status,
    "run_results": replay_run_results,
    "connector_statistics": replay_connector_statistics,
    "tls12_read": replay_tls12_read,
    "settings_read": replay_settings_read,
    "file_stat": replay_file_stat,
}


def replay(document: dict[str, Any]) -> None:
    """Everything a fixture must pass; an AssertionError or the rules' own error says what it does not."""
    assert set(document) == {"metadata", "answer"}, f"a fixture holds metadata and answer, not {sorted(document)}"
    metadata, answer = document["metadata"], document["answer"]
    assert set(metadata) >= METADATA_KEYS, f"metadata lacks {sorted(METADATA_KEYS - set(metadata))}"
    primitive = metadata["primitive"]
    assert primitive in PRIMITIVES and PRIMITIVES[primitive].read_only, f"{primitive} is not a read-only primitive"
    datetime.datetime.fromisoformat(metadata["recorded_utc"].replace("Z", "+00:00"))
    if metadata.get("lab"):
        assert "lab twin" in metadata["origin"], "a lab recording says it is one"
    violation = first_violation(PRIMITIVES[primitive].schema, answer)
    assert violation is None, f"the {primitive} answer breaks its schema {violation}"
    parameters = metadata.get("parameters") or standard_parameters(primitive)
    try:
        used = ReplayHost(answer).call(primitive, parameters)
    except ContractError as err:
        raise AssertionError(str(err)) from None
    CONSUMERS[primitive](used, metadata)
    assert Scrubber().scrub(document) == document, "the fixture holds names the scrubber would still replace"
    assert secret_findings(document) == [], secret_findings(document)
