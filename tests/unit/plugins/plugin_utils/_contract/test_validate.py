"""The schema check: a bad answer is refused with the field that breaks it."""

from __future__ import annotations

import pytest
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._common.errors import ContractError
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._contract.validate import validate_answer


def test_valid_answer_passes_unchanged(old_state, snapshot_of) -> None:
    answer = snapshot_of(old_state)
    assert validate_answer("snapshot", answer, "lab host x") is answer


@pytest.mark.parametrize(
    ("mutate", "field", "why"),
    [
        (lambda a: a["os"].update(build_number="9600"), "os.build_number", "is not of type 'integer'"),
        (lambda a: a.pop("dotnet_release"), "(the answer itself)", "'dotnet_release' is a required property"),
        (
            lambda a: a["adsync"]["connectors"][1].update(identifier="not-a-guid"),
            "adsync.connectors[1].identifier",
            "does not match",
        ),
        (
            lambda a: a["adsync"]["scheduler"].pop("SyncCycleInProgress"),
            "adsync.scheduler",
            "'SyncCycleInProgress' is a required property",
        ),
        (
            lambda a: a["adsync"]["run_history"][0].update(start_date="20/11/2026"),
            "adsync.run_history[0].start_date",
            "does not match",
        ),
        (lambda a: a.update(unexpected=1), "(the answer itself)", "Additional properties are not allowed"),
    ],
)
def test_contract_violation_names_the_field(old_state, snapshot_of, mutate, field, why) -> None:
    answer = snapshot_of(old_state)
    mutate(answer)
    with pytest.raises(ContractError) as err:
        validate_answer("snapshot", answer, "windows host old-sync01")
    message = str(err.value)
    assert message.startswith("The snapshot answer from windows host old-sync01 breaks the contract")
    assert f"at field '{field}'" in message
    assert why in message
