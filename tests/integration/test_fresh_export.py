"""A swing migration from a fresh server-configuration export, through the lab's state files.

Every call of a lab run reloads the twin from its state file, which is rewritten with sorted keys; the
export's SHA-256 on the old server, the fetched copy, the staged copy on the new server and the archive
the simulated wizard imports must all be the same bytes.
"""

from __future__ import annotations

import json
from pathlib import Path


def test_a_swing_migration_from_a_fresh_server_configuration_export_completes(play, lab, lab_dir: Path) -> None:
    run = play("swing_migration.yml", "-e", "source_export_fresh=true")
    failures = [
        f"{host}: {task['task']['name']}: {result.get('msg')}"
        for each in run.output["plays"]
        for task in each["tasks"]
        for host, result in task["hosts"].items()
        if result.get("failed")
    ]
    assert run.rc == 0, failures

    export = run.results("Export, fetch and validate the settings")["old-sync01"]
    assert (export["export_type"], export["created"], export["fetched"]) == ("server_configuration", True, True)
    name = Path(export["path"]).name
    assert name.startswith("Exported-ServerConfiguration-") and name.endswith(".zip")
    staged = lab.state("new-sync01")["files"][f"C:\\EntraConnectMigration\\{name}"]
    assert "base64" in staged  # kept byte for byte, not re-made from a JSON value

    tenant = json.loads((lab_dir / "contoso.tenant.json").read_text())
    assert tenant["active_servers"] == ["NEW-SYNC01"]
    assert [(e["server"], e["event"]) for e in tenant["events"] if e["event"] != "export"] == [
        ("OLD-SYNC01", "staging_enabled"),
        ("NEW-SYNC01", "staging_disabled"),
    ]
    # The wizard imported the export's MigratedPolicy.json: the old server's connectors and rules.
    old, new = lab.state("old-sync01")["entra_connect"], lab.state("new-sync01")["entra_connect"]
    assert {c["identifier"] for c in new["connectors"]} == {c["identifier"] for c in old["connectors"]}
    assert {r["identifier"] for r in new["sync_rules"]} == {r["identifier"] for r in old["sync_rules"]}
