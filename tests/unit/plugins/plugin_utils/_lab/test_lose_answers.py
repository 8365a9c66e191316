"""The fault ``lose_answers``: a call takes effect, then its answer is lost as a reset connection loses it
(``drop_calls`` loses a call before it reaches the server)."""

from __future__ import annotations

import pytest
from ansible.errors import AnsibleConnectionFailure
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._common.errors import LabStateError
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._host.lab import LabHost
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._host.primitives import snapshot_parameters
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._lab.store import (
    load_state,
)
from lab_twins import STAGING_ON


@pytest.fixture
def old_state(old_state):
    """The old server's seed, losing one staging_write answer (the conftest's ``store`` runs over it)."""
    old_state["faults"] = {"lose_answers": {"staging_write": 1}}
    return old_state


def test_the_call_takes_effect_and_only_its_answer_is_lost(store) -> None:
    answer, lost = store.transact(lambda twin: (twin.call("staging_write", STAGING_ON), twin.lost_answer))
    assert answer == {
        "now_utc": "2026-11-20T09:45:02.0000000Z",
        "busy": False,
        "scheduler_restored": True,
        "restore_error": None,
    }
    assert lost == (
        "OLD-SYNC01: connection reset after staging_write ran; its answer was lost (transient fault injected in "
        f"{store.name})"
    )
    state = store.read_state()
    # The effect was kept, with its tenant event, and the fault was used up with it.
    assert state["entra_connect"]["staging_mode"] is True
    assert [e["event"] for e in store.read_tenant("contoso.tenant.json")["events"]] == ["staging_enabled"]
    assert state["faults"]["lose_answers"] == {"staging_write": 0}
    # The next answer gets through.
    assert store.transact(lambda twin: (twin.call("staging_write", STAGING_ON), twin.lost_answer))[1] is None


def test_the_lab_host_reports_the_lost_answer_as_a_lost_connection_after_the_effect_was_kept(store) -> None:
    state = store.read_state()
    state["faults"] = {"lose_answers": {"snapshot": 1}}
    store.write_state(state)
    host = LabHost("old-sync01", store)
    with pytest.raises(AnsibleConnectionFailure, match="connection reset after snapshot ran; its answer was lost"):
        host.call("snapshot", snapshot_parameters(), retries=0)
    assert store.read_state()["faults"]["lose_answers"] == {"snapshot": 0}
    # Other primitives, and the same one once the fault is used up, answer as usual.
    assert host.call("snapshot", snapshot_parameters(), retries=0)["computer_name"] == "OLD-SYNC01"


def test_the_state_schema_refuses_a_count_that_is_not_a_whole_number(old_state, write_state) -> None:
    old_state["faults"] = {"lose_answers": {"staging_write": -1}}
    with pytest.raises(LabStateError, match="faults.lose_answers.staging_write"):
        load_state(write_state(old_state))
