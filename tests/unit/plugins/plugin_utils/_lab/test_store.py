"""The twin store: one transaction per call, in a file or in memory, with the same semantics."""

from __future__ import annotations

import copy

import pytest
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._common.errors import (
    HostCommandError,
    LabStateError,
)
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._host.primitives import PRIMITIVES
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._lab.faults import LabUnreachableError
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._lab.store import (
    MemoryTwinStore,
)
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._lab.twin import HANDLERS
from lab_twins import STAGING_ON


def test_the_handler_table_answers_exactly_the_primitives() -> None:
    assert set(HANDLERS) == set(PRIMITIVES)


def test_a_successful_write_is_kept_and_logged_in_the_tenant(store) -> None:
    store.transact(lambda twin: twin.call("staging_write", STAGING_ON))
    assert store.read_state()["entra_connect"]["staging_mode"] is True
    events = store.read_tenant("contoso.tenant.json")["events"]
    assert [(e["server"], e["event"]) for e in events][-1] == ("OLD-SYNC01", "staging_enabled")


def test_a_failed_call_keeps_nothing_of_what_it_did(store) -> None:
    before = copy.deepcopy(store.read_state())

    def half_done(twin):
        twin.state["entra_connect"]["staging_mode"] = True
        raise HostCommandError("failed half-way")

    with pytest.raises(HostCommandError):
        store.transact(half_done)
    assert store.read_state() == before


def test_a_dropped_call_is_used_up_and_kept(store) -> None:
    state = store.read_state()
    state["faults"] = {"drop_calls": 1}
    store.write_state(state)
    with pytest.raises(LabUnreachableError):
        store.transact(lambda twin: twin.call("snapshot", {}))
    assert store.read_state()["faults"]["drop_calls"] == 0


def test_a_memory_store_refuses_a_state_that_is_not_a_lab_state(old_state) -> None:
    del old_state["clock"]
    with pytest.raises(LabStateError, match="not a valid lab state at field"):
        MemoryTwinStore(old_state)


def test_a_memory_store_names_a_missing_tenant_log(old_state) -> None:
    with pytest.raises(LabStateError, match="Lab tenant log contoso.tenant.json does not exist in memory"):
        MemoryTwinStore(copy.deepcopy(old_state)).transact(lambda twin: twin.call("staging_write", STAGING_ON))
