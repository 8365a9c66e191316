"""Object counts of a pair: pairing by name, map and kind; the tolerance; what a missing connector says."""

from __future__ import annotations

from typing import Any

import pytest
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._rules.object_counts import (
    Side,
    Tolerance,
    compare_counts,
    delta_percent,
    statistics_parameters,
)

AD_ID = "5d4b8a11-7c55-4f0e-9a3b-1f2e6a9c0d21"
ENTRA_ID = "b891884f-051e-4a83-95af-2544101c9083"
ENTRA_SUBTYPE = "Windows Azure Active Directory (Microsoft)"


def ad(name: str = "contoso.com", objects: int | None = 1000, connectors: int | None = 900, **more: Any) -> dict:
    entry = {
        "identifier": AD_ID,
        "name": name,
        "connector_type_name": "AD",
        "subtype": "",
        "total_objects": objects,
        "total_connectors": connectors,
        "total_disconnectors": None if objects is None else objects - (connectors or 0),
        "placeholders": 0 if objects is not None else None,
        "reported_total_connectors": connectors,
        "error": None,
    }
    return dict(entry, **more)


def entra(name: str = "contoso.onmicrosoft.com - AAD", objects: int = 500, connectors: int = 450) -> dict:
    return dict(
        ad(name, objects, connectors),
        identifier=ENTRA_ID,
        connector_type_name="Extensible2",
        subtype=ENTRA_SUBTYPE,
    )


DEFAULT = Tolerance()


def compare(reference: list, difference: list, connector_map=None, tolerance=DEFAULT):
    return compare_counts(Side("OLD-SYNC01", reference), Side("NEW-SYNC01", difference), connector_map or {}, tolerance)


def test_the_same_counts_pass_connector_by_connector() -> None:
    gates, pairing, unpaired = compare([ad(), entra()], [ad(), entra()])
    assert [(g["name"], g["passed"]) for g in gates] == [
        ("object_counts:contoso.com", True),
        ("object_counts:contoso.onmicrosoft.com - AAD", True),
    ]
    assert gates[0]["detail"] == (
        "contoso.com: total_objects 1000 on OLD-SYNC01, 1000 on NEW-SYNC01 (+0, 0%); total_connectors 900 on "
        "OLD-SYNC01, 900 on NEW-SYNC01 (+0, 0%), within the tolerance (10 object(s) or 0.5%)"
    )
    assert pairing[0] == {
        "reference": "contoso.com",
        "difference": "contoso.com",
        "paired_by": "name",
        "passed": True,
        "counts": [
            {
                "counter": "total_objects",
                "reference": 1000,
                "difference": 1000,
                "delta": 0,
                "delta_percent": 0.0,
                "within_tolerance": True,
            },
            {
                "counter": "total_connectors",
                "reference": 900,
                "difference": 900,
                "delta": 0,
                "delta_percent": 0.0,
                "within_tolerance": True,
            },
        ],
    }
    assert unpaired == []


def test_a_source_connector_without_counterpart_fails_and_says_what_to_do() -> None:
    gates, pairing, _unpaired = compare([ad(), entra()], [entra()])
    assert gates[0] == {
        "name": "object_counts:contoso.com",
        "passed": False,
        "detail": "contoso.com (an AD connector) on OLD-SYNC01 has no counterpart on NEW-SYNC01 (its connectors: "
        "contoso.onmicrosoft.com - AAD): the connector and its sync rules were not imported. Re-run the wizard's "
        "import of the exported settings, or add the connector in the wizard (Customize synchronization options, "
        "Connect your directories), then run an initial sync; if it exists under another name, pair the names with "
        "connector_map",
    }
    assert pairing[0]["difference"] is None and pairing[0]["paired_by"] is None and pairing[0]["passed"] is False
    assert gates[1]["passed"] is True


def test_the_entra_connector_pairs_by_kind_when_the_rebranded_name_differs() -> None:
    gates, pairing, unpaired = compare([entra()], [entra("contoso.onmicrosoft.com \u2013 Microsoft Entra ID")])
    assert pairing[0]["paired_by"] == "kind" and gates[0]["passed"] is True
    assert gates[0]["detail"].startswith(
        "contoso.onmicrosoft.com - AAD / contoso.onmicrosoft.com \u2013 Microsoft Entra ID: total_objects 500"
    )
    assert unpaired == []


def test_an_ad_connector_never_pairs_by_kind() -> None:
    gates, _pairing, unpaired = compare([ad("contoso.com")], [ad("corp.contoso.com")])
    assert gates[0]["passed"] is False and "has no counterpart on NEW-SYNC01" in gates[0]["detail"]
    assert unpaired == ["corp.contoso.com"]


def test_a_renamed_connector_pairs_through_the_map() -> None:
    gates, pairing, unpaired = compare(
        [ad("contoso.com")], [ad("corp.contoso.com")], {"contoso.com": "corp.contoso.com"}
    )
    assert (pairing[0]["difference"], pairing[0]["paired_by"], gates[0]["passed"]) == (
        "corp.contoso.com",
        "connector_map",
        True,
    )
    assert unpaired == []


def test_a_map_to_a_name_the_target_lacks_says_so() -> None:
    gates, _pairing, _unpaired = compare(
        [ad("contoso.com")], [ad("corp.contoso.com")], {"contoso.com": "emea.contoso.com"}
    )
    assert gates[0]["detail"] == (
        "contoso.com on OLD-SYNC01: connector_map pairs it with 'emea.contoso.com', but NEW-SYNC01 has no connector of "
        "that name (its connectors: corp.contoso.com); correct connector_map, or import the connector"
    )


def test_two_source_connectors_mapped_to_one_target_leave_the_second_unpaired() -> None:
    reference = [ad("contoso.com"), ad("fabrikam.com")]
    gates, _pairing, _unpaired = compare(reference, [ad("corp")], {"contoso.com": "corp", "fabrikam.com": "corp"})
    assert [g["passed"] for g in gates] == [True, False]
    assert "which is already paired with another connector" in gates[1]["detail"]


def test_names_match_whatever_their_case() -> None:
    _gates, pairing, _unpaired = compare([ad("Contoso.com")], [ad("contoso.COM")])
    assert pairing[0]["paired_by"] == "name"


@pytest.mark.parametrize(
    ("tolerance", "reference", "difference", "within"),
    [
        # Absolute: up to max_difference objects, whatever the share.
        (Tolerance(10, 0), 1000, 1010, True),
        (Tolerance(10, 0), 1000, 1011, False),
        (Tolerance(10, 0), 1000, 989, False),
        # Relative: up to max_difference_percent of the reference count, however many objects.
        (Tolerance(0, 0.5), 10000, 10050, True),
        (Tolerance(0, 0.5), 10000, 10051, False),
        # Either suffices.
        (Tolerance(10, 0.5), 100, 110, True),
        (Tolerance(10, 0.5), 100, 112, False),
        (Tolerance(10, 0.5), 100000, 100400, True),
        # Of a reference of none, no share can be taken: only the absolute allowance counts.
        (Tolerance(10, 0.5), 0, 5, True),
        (Tolerance(0, 50), 0, 5, False),
    ],
)
def test_a_count_is_within_either_tolerance(tolerance, reference, difference, within) -> None:
    assert tolerance.allows(reference, difference) is within


def test_a_count_beyond_the_tolerance_names_it_and_the_scope_to_look_at() -> None:
    gates, pairing, _unpaired = compare([ad(objects=1000, connectors=900)], [ad(objects=800, connectors=900)])
    assert gates[0]["detail"].startswith(
        "contoso.com: total_objects 1000 on OLD-SYNC01, 800 on NEW-SYNC01 (-200, 20%), beyond the tolerance "
        "(10 object(s) or 0.5%). Look at what decides the scope on NEW-SYNC01: the connector's domain and OU "
        "filtering and object types"
    )
    assert [c["within_tolerance"] for c in pairing[0]["counts"]] == [False, True]


def test_without_a_connector_space_count_the_reported_connectors_are_compared() -> None:
    reference = ad(objects=None, connectors=None, reported_total_connectors=900)
    difference = ad(objects=None, connectors=None, reported_total_connectors=905)
    gates, pairing, _unpaired = compare([reference], [difference])
    assert [c["counter"] for c in pairing[0]["counts"]] == ["total_connectors"]
    assert gates[0]["passed"] is True and gates[0]["detail"].endswith("; total_objects not read on both servers")


def test_a_connector_whose_counts_could_not_be_read_fails_with_the_error() -> None:
    unread = ad(objects=None, connectors=None, reported_total_connectors=None, error="Get-ADSyncCSObject: denied")
    gates, _pairing, _unpaired = compare([ad()], [unread])
    assert gates[0]["passed"] is False
    assert gates[0]["detail"].startswith(
        "contoso.com: no count could be compared (total_objects, total_connectors not read - NEW-SYNC01: "
        "Get-ADSyncCSObject: denied)."
    )


def test_a_connector_only_the_target_has_is_reported_not_judged() -> None:
    gates, _pairing, unpaired = compare([ad()], [ad(), ad("fabrikam.com")])
    assert [g["passed"] for g in gates] == [True] and unpaired == ["fabrikam.com"]


def test_delta_percent_is_of_the_reference() -> None:
    assert (delta_percent(200, 150), delta_percent(0, 0), delta_percent(0, 3)) == (25.0, 0.0, None)


def test_a_negative_tolerance_is_refused() -> None:
    with pytest.raises(ValueError, match="not negative"):
        Tolerance(-1, 0.5)


def test_what_the_primitive_is_sent() -> None:
    assert statistics_parameters() == {"PageSize": 1000, "CountConnectorSpace": True}
    assert statistics_parameters(False) == {"PageSize": 1000, "CountConnectorSpace": False}


def test_a_source_without_objects_is_compared_by_the_absolute_allowance_only() -> None:
    gates, _pairing, _unpaired = compare([ad(objects=0, connectors=0)], [ad(objects=20, connectors=0)])
    assert gates[0]["passed"] is False
    assert gates[0]["detail"].startswith(
        "contoso.com: total_objects 0 on OLD-SYNC01, 20 on NEW-SYNC01 (+20, OLD-SYNC01 has none), beyond the tolerance"
    )
