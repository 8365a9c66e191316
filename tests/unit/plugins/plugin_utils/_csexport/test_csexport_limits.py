"""The limits on pending exports: per connector and in total, and what a failed gate tells."""

from __future__ import annotations

from typing import Any

import pytest
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._csexport.analysis import analyse
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._csexport.errors import CsexportError
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._csexport.limits import judge_limits
from csexport_texts import MIXED_OBJECTS, document, write


def summary(name: str, deletes: int = 0, adds: int = 0, updates: int = 0, delete_adds: int = 0) -> dict[str, Any]:
    """A connector's summary with these counts and, for each kind it has, two sample DNs."""
    counts = {"add": adds, "update": updates, "delete": deletes, "delete_add": delete_adds}
    domain = name.split(".")[0]
    return {
        "name": name,
        "deletes": deletes,
        "adds": adds,
        "updates": updates,
        "delete_adds": delete_adds,
        "samples": {
            kind: [{"dn": f"CN={kind}{index},OU=Users,DC={domain},DC=com"} for index in (1, 2)] if count else []
            for kind, count in counts.items()
        },
    }


def gates_by_name(gates: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {gate["name"]: gate for gate in gates}


def test_no_limit_exceeded_passes_every_gate() -> None:
    gates = judge_limits(
        [summary("contoso.com", deletes=100, adds=3), summary("fabrikam.com", updates=7)],
        {"deletes": {"per_connector": 100, "total": 500}, "adds": {"per_connector": None, "total": None}},
    )
    assert [(gate["name"], gate["passed"]) for gate in gates] == [
        ("pending_deletes", True),
        ("pending_adds", True),
        ("pending_updates", True),
    ]
    found = gates_by_name(gates)
    # A limit of 100 lets 100 pass: only more than the limit fails, as the deletion threshold does.
    assert found["pending_deletes"]["detail"] == (
        "pending deletes within the limits (100 per connector, 500 in total): contoso.com 100, fabrikam.com 0"
    )
    assert found["pending_adds"]["detail"] == "pending adds not limited: contoso.com 3, fabrikam.com 0"
    assert found["pending_updates"]["detail"] == "pending updates not limited: contoso.com 0, fabrikam.com 7"


def test_a_connector_over_its_limit_is_named_with_count_limit_and_sample_dns() -> None:
    gates = gates_by_name(
        judge_limits(
            [summary("contoso.com", deletes=450), summary("fabrikam.com", deletes=20)],
            {"deletes": {"per_connector": 100, "total": None}},
        )
    )
    assert gates["pending_deletes"] == {
        "name": "pending_deletes",
        "passed": False,
        "detail": "contoso.com: 450 pending deletes, limit 100 per connector "
        "(e.g. CN=delete1,OU=Users,DC=contoso,DC=com; CN=delete2,OU=Users,DC=contoso,DC=com)",
    }


def test_the_total_is_judged_over_all_connectors() -> None:
    gates = gates_by_name(
        judge_limits(
            [summary("contoso.com", adds=300), summary("fabrikam.com", adds=300)],
            {"adds": {"per_connector": 400, "total": 500}},
        )
    )
    assert gates["pending_adds"]["passed"] is False
    assert gates["pending_adds"]["detail"] == (
        "all connectors: 600 pending adds, limit 500 in total (e.g. CN=add1,OU=Users,DC=contoso,DC=com; "
        "CN=add2,OU=Users,DC=contoso,DC=com; CN=add1,OU=Users,DC=fabrikam,DC=com; CN=add2,OU=Users,DC=fabrikam,DC=com)"
    )


def test_every_failure_of_a_gate_is_in_its_detail() -> None:
    gates = gates_by_name(
        judge_limits(
            [summary("contoso.com", updates=50), summary("fabrikam.com", updates=60)],
            {"updates": {"per_connector": 10, "total": 100}},
        )
    )
    detail = gates["pending_updates"]["detail"]
    assert detail.startswith("contoso.com: 50 pending updates, limit 10 per connector (e.g. CN=update1,")
    assert "; fabrikam.com: 60 pending updates, limit 10 per connector (e.g. CN=update1," in detail
    assert "; all connectors: 110 pending updates, limit 100 in total (e.g. " in detail


def test_delete_adds_count_as_deletes() -> None:
    gates = gates_by_name(
        judge_limits([summary("contoso.com", deletes=8, delete_adds=4)], {"deletes": {"per_connector": 10}})
    )
    assert gates["pending_deletes"]["detail"] == (
        "contoso.com: 12 pending deletes (8 deletes, 4 delete-adds), limit 10 per connector "
        "(e.g. CN=delete1,OU=Users,DC=contoso,DC=com; CN=delete2,OU=Users,DC=contoso,DC=com; "
        "CN=delete_add1,OU=Users,DC=contoso,DC=com; CN=delete_add2,OU=Users,DC=contoso,DC=com)"
    )


def test_a_limit_of_zero_refuses_any_pending_delete_of_a_real_file(tmp_path) -> None:
    summaries = [analyse(write(tmp_path, document(MIXED_OBJECTS)))]
    gates = gates_by_name(judge_limits(summaries, {"deletes": {"per_connector": 0, "total": 0}}))
    # The mixed file has one delete (Dave) and one delete-add (Group1).
    assert gates["pending_deletes"]["detail"] == (
        "contoso.com: 2 pending deletes (1 deletes, 1 delete-adds), limit 0 per connector "
        "(e.g. CN=Dave,OU=Users,DC=contoso,DC=com; CN=Group1,OU=Groups,DC=contoso,DC=com); "
        "all connectors: 2 pending deletes, limit 0 in total "
        "(e.g. CN=Dave,OU=Users,DC=contoso,DC=com; CN=Group1,OU=Groups,DC=contoso,DC=com)"
    )


@pytest.mark.parametrize(
    ("limits", "message"),
    [
        ({"removes": {"total": 1}}, "limits: unknown counter 'removes'; expected deletes, adds, updates"),
        ({"deletes": {"overall": 1}}, "limits.deletes: unknown key 'overall'; expected per_connector, total"),
        ({"deletes": {"total": -1}}, "limits.deletes.total: expected a whole number of 0 or more, got -1"),
        (
            {"adds": {"per_connector": True}},
            "limits.adds.per_connector: expected a whole number of 0 or more, got True",
        ),
        (
            {"adds": {"per_connector": "10"}},
            "limits.adds.per_connector: expected a whole number of 0 or more, got '10'",
        ),
    ],
)
def test_a_wrong_limit_is_refused(limits, message) -> None:
    with pytest.raises(CsexportError) as caught:
        judge_limits([summary("contoso.com")], limits)
    assert str(caught.value) == message
