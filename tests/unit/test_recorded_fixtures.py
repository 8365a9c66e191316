"""Every fixture under tests/fixtures/recorded replays through its schema and the rules that consume it.

Parametrized by file: a recording dropped into the folder (docs/recording.md) is tested with no code change.
The schemas are read from plugins/plugin_utils/_contract/schemas when the test runs, so a fixture follows a
schema that changes, or fails and says where.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._host.raw_reads import (
    read_only_primitives,
)
from recorded_replay import CONSUMERS, replay

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "recorded"
FILES = sorted(FIXTURES.rglob("*.json"))


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", FILES, ids=[str(path.relative_to(FIXTURES)) for path in FILES])
def test_fixture_replays_through_its_schema_and_rules(path: Path) -> None:
    replay(load(path))


def test_fixtures_are_there_and_hand_made_ones_say_so() -> None:
    assert FILES, f"no fixture under {FIXTURES}"
    for path in FILES:
        metadata = load(path)["metadata"]
        if "hand-made" in path.parts:
            assert metadata["origin"].startswith("hand-made from docs/sources.md [S"), path
        else:
            assert metadata["origin"].startswith("recorded from "), path


def test_every_read_only_primitive_has_its_consumers() -> None:
    assert sorted(CONSUMERS) == read_only_primitives()


def snapshot_fixture() -> dict:
    return load(FIXTURES / "hand-made" / "sync-2.6.91" / "snapshot.json")


def test_a_run_history_out_of_order_fails_the_replay() -> None:
    document = snapshot_fixture()
    runs = document["answer"]["adsync"]["run_history"]
    runs.reverse()
    with pytest.raises(AssertionError, match="newest first"):
        replay(document)


def test_an_answer_that_breaks_its_schema_fails_the_replay() -> None:
    document = snapshot_fixture()
    del document["answer"]["markers"]
    with pytest.raises(AssertionError, match="breaks its schema at field"):
        replay(document)


def test_a_fixture_with_a_real_name_left_fails_the_replay() -> None:
    document = snapshot_fixture()
    document["answer"]["computer_name"] = "SYNC01"
    with pytest.raises(AssertionError, match="names the scrubber would still replace"):
        replay(document)


def test_a_run_that_ends_before_it_starts_fails_the_replay() -> None:
    document = load(FIXTURES / "hand-made" / "sync-2.6.91" / "run_results.json")
    bad = copy.deepcopy(document)
    bad["answer"]["runs"][0]["end_date"] = "2026-11-20T09:00:00.0000000Z"
    with pytest.raises(AssertionError, match="ends before it starts"):
        replay(bad)


def test_the_mid_cycle_status_shows_a_running_connector_of_the_server() -> None:
    document = load(FIXTURES / "hand-made" / "sync-2.6.91" / "sync_status.json")
    assert document["answer"]["scheduler"]["SyncCycleInProgress"] is True
    document["answer"]["running_connectors"] = ["domain2.example"]
    with pytest.raises(AssertionError):
        replay(document)
