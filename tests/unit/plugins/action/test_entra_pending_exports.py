"""entra_pending_exports: csexport on the server, fetched, analysed on the controller, judged, host copy removed."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from ansible_collections.hybrid_identity.entra_connect.plugins.action import entra_pending_exports
from hosts import FakeHost, TwinHost
from lab_twins import ROOT


@pytest.fixture
def pending_deletes() -> TwinHost:
    """The seed variant: the new server in staging mode, 450 pending deletes on contoso.com."""
    state = json.loads((ROOT / "lab" / "seeds" / "new-sync01-pending-deletes.json").read_text())
    return TwinHost(state, "new-sync01")


def _files_left(host: TwinHost) -> list[str]:
    return [path for path in (host.twin.state.get("files") or {}) if "csexport-" in path]


def test_the_deletion_threshold_is_the_default_limit(pending_deletes, run_action) -> None:
    result = run_action(entra_pending_exports, {}, pending_deletes)
    by_name = {c["name"]: c for c in result["connectors"]}
    assert (by_name["contoso.com"]["deletes"], by_name["contoso.onmicrosoft.com - AAD"]["deletes"]) == (450, 0)
    assert result["totals"]["deletes"] == 450
    # The seed's threshold (on, 500) is the default limit: 450 deletes are within it, as the export would be.
    assert not result.get("failed") and result["passed"] is True
    assert result["decisions"][0] == "max_deletes 500 per connector: the server's export deletion threshold"


def test_a_limit_below_the_deletes_fails_naming_the_connector_the_count_the_limit_and_samples(
    pending_deletes, run_action
) -> None:
    result = run_action(entra_pending_exports, {"max_deletes": 100}, pending_deletes)
    assert result["failed"] is True
    assert "pending_deletes: contoso.com: 450 pending deletes, limit 100 per connector" in result["msg"]
    assert "CN=" in result["msg"]
    # csexport, fetch and removal per connector; no csexport file is left on the server.
    assert pending_deletes.primitives.count("csexport") == 2
    assert _files_left(pending_deletes) == []


def test_a_total_limit_and_the_report_files(pending_deletes, run_action, tmp_path) -> None:
    args = {"max_deletes": {"total": 449}, "report_dir": str(tmp_path), "fail_on_gate": False}
    result = run_action(entra_pending_exports, args, pending_deletes)
    assert not result.get("failed") and result["passed"] is False
    gate = next(g for g in result["gates"] if g["name"] == "pending_deletes")
    assert gate["detail"].startswith("all connectors: 450 pending deletes, limit 449 in total")
    with open(tmp_path / "contoso.com.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][:4] == ["ObjectType", "DN", "OMODT", "ChangedAttrCount"]
    assert sum(1 for row in rows[1:] if row[2] == "delete") == 450
    summary = json.loads(Path(result["summary_path"]).read_text())
    assert summary["totals"]["deletes"] == 450


def test_an_unknown_connector_is_refused_before_any_csexport(pending_deletes, run_action) -> None:
    result = run_action(entra_pending_exports, {"connectors": ["fabrikam.com"]}, pending_deletes)
    assert result["failed"] is True and "has no connector 'fabrikam.com'" in result["msg"]
    assert "csexport" not in pending_deletes.primitives


def test_check_mode_reads_no_csexport(pending_deletes, run_action) -> None:
    result = run_action(entra_pending_exports, {}, pending_deletes, check_mode=True)
    assert result["skipped_in_check_mode"] is True and "csexport" not in pending_deletes.primitives


def test_src_files_are_analysed_without_a_server(run_action, tmp_path) -> None:
    document = (
        '<?xml version="1.0" encoding="utf-8"?><cs-objects>'
        '<cs-object cs-dn="CN=a,DC=x" id="{1}" object-type="user"><unapplied-export>'
        '<delta operation="delete" dn="CN=a,DC=x"/></unapplied-export></cs-object>'
        '<cs-object cs-dn="CN=b,DC=x" id="{2}" object-type="group"><unapplied-export>'
        '<delta operation="add" dn="CN=b,DC=x"><attr name="cn" type="string" multivalued="false" operation="add">'
        "<value>b</value></attr></delta></unapplied-export></cs-object></cs-objects>"
    )
    path = tmp_path / "x.xml"
    path.write_text(document, encoding="utf-8")
    host = FakeHost()
    result = run_action(entra_pending_exports, {"src": [str(path)], "max_deletes": 0}, host)
    assert host.calls == [] and result["failed"] is True
    (only,) = result["connectors"]
    assert (only["name"], only["adds"], only["deletes"]) == ("x", 1, 1)
    assert "x: 1 pending delete" in result["msg"]


@pytest.mark.parametrize(
    ("limit", "message"),
    [
        ("many", "max_deletes must be a whole number of objects, got 'many'"),
        (-1, "max_deletes must not be negative, got -1"),
        ({"per_server": 3}, "max_deletes takes per_connector and total, not per_server"),
    ],
)
def test_a_wrong_limit_is_refused_before_csexport(pending_deletes, run_action, limit, message) -> None:
    result = run_action(entra_pending_exports, {"max_deletes": limit}, pending_deletes)
    assert result["failed"] is True and message in result["msg"]
    assert "csexport" not in pending_deletes.primitives
