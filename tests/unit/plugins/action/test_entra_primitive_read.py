"""entra_primitive_read: one read-only primitive through the Host, its raw answer and the schema's verdict."""

from __future__ import annotations

import pytest
from ansible.errors import AnsibleConnectionFailure
from ansible_collections.hybrid_identity.entra_connect.plugins.action import entra_primitive_read
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._host.primitives import (
    PRIMITIVES,
    snapshot_parameters,
)
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._host.raw_reads import (
    STANDARD_READS,
    read_only_primitives,
)
from hosts import FakeHost, TwinHost


def test_every_read_only_primitive_has_standard_parameters_its_script_declares() -> None:
    assert sorted(STANDARD_READS) == read_only_primitives()
    for name, parameters in STANDARD_READS.items():
        assert set(parameters()) == set(PRIMITIVES[name].parameters), name


@pytest.mark.parametrize("check_mode", [False, True])
@pytest.mark.parametrize("primitive", read_only_primitives())
def test_each_read_only_primitive_runs_on_the_twin(old_state, run_action, primitive, check_mode) -> None:
    host = TwinHost(old_state)
    result = run_action(entra_primitive_read, {"primitive": primitive}, host, check_mode=check_mode)
    assert not result.get("failed"), result.get("msg")
    assert (result["changed"], result["schema_valid"], result["schema_violation"]) == (False, True, None)
    assert (result["lab"], result["host_round_trips"]) == (True, 1)
    assert host.primitives == [primitive]
    assert result["decisions"] == [f"The {primitive} answer of the lab twin old-sync01 matches its schema"]


def test_the_raw_answer_comes_back_as_the_host_gave_it(old_state, snapshot_of, run_action) -> None:
    answer = snapshot_of(old_state)
    host = FakeHost(answer)
    result = run_action(entra_primitive_read, {"primitive": "snapshot"}, host)
    assert result["answer"] == answer
    assert result["parameters"] == snapshot_parameters()
    assert host.calls == [("snapshot", snapshot_parameters())]


def test_an_answer_that_breaks_its_schema_is_returned_with_the_verdict(old_state, snapshot_of, run_action) -> None:
    answer = snapshot_of(old_state)
    answer["adsync"]["scheduler"]["SyncCycleEnabled"] = "yes"
    host = FakeHost(answer)
    result = run_action(entra_primitive_read, {"primitive": "snapshot"}, host)
    assert not result.get("failed")
    assert result["schema_valid"] is False
    assert result["schema_violation"] == "at field 'adsync.scheduler.SyncCycleEnabled': 'yes' is not of type 'boolean'"
    assert result["answer"]["adsync"]["scheduler"]["SyncCycleEnabled"] == "yes"
    # The very answer that was judged: one read, no second one.
    assert result["host_round_trips"] == 1 and result["answer_as_used"] is None
    assert "breaks its schema" in result["warnings"][0]


def test_a_lost_connection_is_retried_as_every_read(old_state, snapshot_of, run_action) -> None:
    host = FakeHost(AnsibleConnectionFailure("reset by peer"), snapshot_of(old_state))
    result = run_action(entra_primitive_read, {"primitive": "snapshot"}, host)
    assert result["schema_valid"] is True and result["host_round_trips"] == 2
    assert "dropped during snapshot" in result["connection_events"][0]


@pytest.mark.parametrize("primitive", ["staging_write", "uninstall", "sync_start", "no_such_thing"])
def test_anything_but_a_read_only_primitive_is_refused_before_the_host(run_action, primitive) -> None:
    host = FakeHost()
    result = run_action(entra_primitive_read, {"primitive": primitive}, host)
    assert result["failed"] is True
    assert result["msg"].startswith(f"'{primitive}' ")
    assert "only a read-only primitive is run on its own: connector_statistics, file_stat" in result["msg"]
    assert "Nothing was sent to the server." in result["msg"]
    assert host.calls == [] and result["host_round_trips"] == 0


def test_given_parameters_replace_the_standard_ones_and_unknown_ones_are_refused(old_state, run_action) -> None:
    host = TwinHost(old_state)
    result = run_action(
        entra_primitive_read, {"primitive": "file_stat", "parameters": {"Path": "C:\\nowhere.msi"}}, host
    )
    assert result["parameters"] == {"Path": "C:\\nowhere.msi", "Authenticode": True}
    assert result["answer"] == {"path": "C:\\nowhere.msi", "file": None}
    refused = run_action(entra_primitive_read, {"primitive": "file_stat", "parameters": {"Pth": "x"}}, FakeHost())
    assert refused["failed"] is True and "Pth is not one of them" in refused["msg"]


def test_a_local_kind_date_comes_back_raw_and_as_the_modules_use_it(old_state, snapshot_of, run_action) -> None:
    answer = snapshot_of(old_state)
    answer["adsync"]["run_history"][0]["start_date"] = "2026-11-20T10:30:05.0000000+01:00"
    result = run_action(entra_primitive_read, {"primitive": "snapshot"}, FakeHost(answer))
    assert result["schema_valid"] is True
    assert result["answer"] == answer
    # What the modules use is exactly what Host.call makes of the same answer.
    assert result["answer_as_used"] == FakeHost(answer).call("snapshot", snapshot_parameters())
