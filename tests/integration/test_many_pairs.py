"""swing_migration.yml over two pairs in one run: each pair in its own tenant, each migrated on its own."""

from __future__ import annotations

import json
from pathlib import Path

INVENTORY = """
entra_connect_source:
  hosts:
    old-sync01: {entra_connect_pair: contoso, entra_lab_state_file: "{{ entra_lab_dir }}/old-sync01.json"}
    ha-sync01: {entra_connect_pair: fabrikam, entra_lab_state_file: "{{ entra_lab_dir }}/ha-sync01.json"}
entra_connect_target:
  hosts:
    new-sync01: {entra_connect_pair: contoso, entra_lab_state_file: "{{ entra_lab_dir }}/new-sync01.json"}
    new-sync02: {entra_connect_pair: fabrikam, entra_lab_state_file: "{{ entra_lab_dir }}/new-sync02.json"}
all:
  vars:
    ansible_connection: hybrid_identity.entra_connect.lab
    entra_lab_dir: "{{ lookup('ansible.builtin.env', 'ENTRA_LAB_DIR') }}"
    entra_connect_work_dir: "{{ entra_lab_dir }}"
    entra_connect_installer_src: "%s"
"""


def test_two_pairs_migrate_in_one_run_each_to_its_own_new_server(play, lab, lab_dir: Path, tmp_path: Path) -> None:
    # A second empty Windows Server 2022 host for the fabrikam tenant, whose active server is ha-sync01.
    fresh = lab.state("new-sync01")
    fresh.update(computer_name="NEW-SYNC02", tenant_log="fabrikam.tenant.json")
    lab.write("new-sync02", fresh)
    inventory = tmp_path / "two_pairs.yml"
    installer = Path(__file__).resolve().parents[2] / "lab" / "installer" / "AzureADConnect.msi"
    inventory.write_text(INVENTORY % installer)

    run = play("swing_migration.yml", inventory=inventory)
    assert run.rc == 0, run.stderr
    for tenant, old, new in (("contoso", "OLD-SYNC01", "NEW-SYNC01"), ("fabrikam", "HA-SYNC01", "NEW-SYNC02")):
        log = json.loads((lab_dir / f"{tenant}.tenant.json").read_text())
        assert log["active_servers"] == [new]
        assert all(len(event["active_servers"]) <= 1 for event in log["events"])
        switches = [(e["server"], e["event"]) for e in log["events"] if e["event"] != "export"]
        assert switches == [(old, "staging_enabled"), (new, "staging_disabled")]
        report = json.loads((lab_dir / "reports" / f"{tenant}-swing_migration.json").read_text())
        assert report["headline"].startswith(f"{tenant}: swing_migration done - {new} (2.6.91.0) is the active server")
    # The fabrikam target imported fabrikam's settings, not contoso's.
    connectors = {c["name"] for c in lab.state("new-sync02")["entra_connect"]["connectors"]}
    assert "fabrikam.com" in connectors and "contoso.com" not in connectors


def _report(lab_dir: Path, pair: str) -> dict:
    return json.loads((lab_dir / "reports" / f"{pair}-swing_migration.json").read_text())


def test_a_pair_that_fails_stops_alone_and_the_other_pair_finishes(play, lab, lab_dir: Path, tmp_path: Path) -> None:
    fresh = lab.state("new-sync01")
    # The fabrikam target cannot start a sync cycle: its initial sync, in the staging verification, fails.
    fresh.update(
        computer_name="NEW-SYNC02",
        tenant_log="fabrikam.tenant.json",
        faults={"primitive_errors": {"sync_start": "Access is denied"}},
    )
    lab.write("new-sync02", fresh)
    inventory = tmp_path / "two_pairs.yml"
    installer = Path(__file__).resolve().parents[2] / "lab" / "installer" / "AzureADConnect.msi"
    inventory.write_text(INVENTORY % installer)

    run = play("swing_migration.yml", inventory=inventory)
    assert run.rc != 0
    # contoso went through every phase, the verification after its cutover included.
    contoso = _report(lab_dir, "contoso")
    assert contoso["headline"].startswith("contoso: swing_migration done - NEW-SYNC01"), contoso["headline"]
    assert json.loads((lab_dir / "contoso.tenant.json").read_text())["active_servers"] == ["NEW-SYNC01"]
    # fabrikam stopped where its target failed; its old server stays active and never went into staging mode.
    fabrikam = _report(lab_dir, "fabrikam")
    assert fabrikam["headline"].startswith("fabrikam: FAILED in verify_staging on new-sync02"), fabrikam["headline"]
    partner = [e for e in fabrikam["phases"] if e.get("status") == "failed" and e["host"] == "ha-sync01"]
    assert [e["message"] for e in partner] == ["stopped because new-sync02 of its pair failed earlier in this run"]
    fabrikam_log = json.loads((lab_dir / "fabrikam.tenant.json").read_text())
    assert fabrikam_log["active_servers"] == ["HA-SYNC01"]
    assert [e for e in fabrikam_log["events"] if e["event"] != "export"] == []
    stopped = {h: r for h, r in run.results("Stop this server, as its pair cannot go on").items() if r.get("failed")}
    assert set(stopped) == {"ha-sync01"}
    message = stopped["ha-sync01"]["msg"]
    assert "Pair fabrikam cannot go on in this run; the other pairs go on." in message
    assert "no reading of new-sync02" in message and "nothing was changed" not in message

    # Once the fault is gone, the next run resumes fabrikam from where its servers are.
    state = lab.state("new-sync02")
    state.pop("faults")
    lab.write("new-sync02", state)
    again = play("swing_migration.yml", inventory=inventory)
    assert again.rc == 0, again.stderr
    assert _report(lab_dir, "fabrikam")["headline"].startswith("fabrikam: swing_migration done - NEW-SYNC02")
    for tenant in ("contoso", "fabrikam"):
        log = json.loads((lab_dir / f"{tenant}.tenant.json").read_text())
        assert all(len(event["active_servers"]) <= 1 for event in log["events"])


SHARED_OLD_SERVER = """
entra_connect_source:
  hosts:
    old-sync01: {entra_connect_pair: contoso, entra_lab_state_file: "{{ entra_lab_dir }}/old-sync01.json"}
    # The same computer under a second name, as an alias or an FQDN would reach it.
    old-sync01.contoso.com: {entra_connect_pair: contoso-b, entra_lab_state_file: "{{ entra_lab_dir }}/old-sync01.json"}
entra_connect_target:
  hosts:
    new-sync01: {entra_connect_pair: contoso, entra_lab_state_file: "{{ entra_lab_dir }}/new-sync01.json"}
    new-sync02: {entra_connect_pair: contoso-b, entra_lab_state_file: "{{ entra_lab_dir }}/new-sync02.json"}
all:
  vars:
    ansible_connection: hybrid_identity.entra_connect.lab
    entra_lab_dir: "{{ lookup('ansible.builtin.env', 'ENTRA_LAB_DIR') }}"
    entra_connect_work_dir: "{{ entra_lab_dir }}"
    entra_connect_installer_src: "%s"
"""


def test_two_pairs_sharing_one_old_server_are_refused_before_any_change(play, lab, lab_dir: Path, tmp_path) -> None:
    fresh = lab.state("new-sync01")
    fresh.update(computer_name="NEW-SYNC02")
    lab.write("new-sync02", fresh)
    before = lab.raw()
    inventory = tmp_path / "shared_old.yml"
    installer = Path(__file__).resolve().parents[2] / "lab" / "installer" / "AzureADConnect.msi"
    inventory.write_text(SHARED_OLD_SERVER % installer)

    run = play("swing_migration.yml", inventory=inventory)
    assert run.rc != 0
    plan = run.results("Derive each pair's phase from the servers' own state")
    message = next(iter(plan.values()))["msg"]
    assert "old-sync01, old-sync01.contoso.com are one computer, OLD-SYNC01" in message
    assert "in pairs contoso, contoso-b" in message
    assert "nothing was changed" in message
    # Not one byte of any server or of the tenant log changed.
    after = lab.raw()
    assert {name: after[name] for name in before} == before
    assert lab.tenant_events() == []
