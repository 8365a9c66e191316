"""The twin's csexport: a connector's pending exports as the XML file csexport.exe writes, in the twin's
files, generated from the counts in ``pending_exports`` (which the next export still applies)."""

from __future__ import annotations

import copy
import hashlib
import json
import re
import xml.etree.ElementTree as ET
from collections import Counter

import pytest
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._common.errors import HostCommandError
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._contract.validate import first_violation
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._lab.csexport import FILTER_PATTERN
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._lab.csexport_document import (
    document_chunks,
)
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._lab.store import (
    FileTwinStore,
    MemoryTwinStore,
)
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._lab.twin import Twin
from lab_twins import STAGING_ON, seed_tenants, twin_of

AD = "contoso.com"
ENTRA = "contoso.onmicrosoft.com - AAD"
PATH = "C:\\ProgramData\\AADConnect\\pending-export.xml"
COUNTS = {"add": 2, "update": 4, "rename": 3, "delete_add": 2, "delete": 5}
GUID = r"\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\}"


def _sent(connector: str = AD, path: str = PATH, filter_: str = "x") -> dict:
    return {"ConnectorName": connector, "Path": path, "Filter": filter_}


def _recipe(connector: str = AD, kind: str = "ad", computer: str = "OLD-SYNC01", **counts: int) -> dict:
    return {
        "computer_name": computer,
        "connector": connector,
        "kind": kind,
        "object_type": "user",
        "counts": dict({key: 0 for key in COUNTS}, **counts),
    }


def _objects(recipe: dict) -> list[ET.Element]:
    root = ET.fromstring("".join(document_chunks(recipe)))
    assert root.tag == "cs-objects"
    return list(root)


def _delta(cs_object: ET.Element) -> ET.Element:
    delta = cs_object.find("unapplied-export/delta")
    assert delta is not None
    return delta


def _hologram_value(cs_object: ET.Element, hologram: str, attribute: str) -> list[str]:
    return [v.text or "" for v in cs_object.findall(f"{hologram}/entry/attr[@name='{attribute}']/value")]


def _hologram_manager(cs_object: ET.Element, hologram: str) -> str | None:
    found = cs_object.find(f"{hologram}/entry/dn-attr[@name='manager']/dn-value/dn")
    return None if found is None else found.text


@pytest.fixture
def old(old_state) -> Twin:
    old_state["entra_connect"]["pending_exports"] = {AD: dict(COUNTS)}
    return twin_of(old_state)


# -- the document -------------------------------------------------------------------------------------


def test_the_document_has_one_cs_object_per_pending_export_by_operation() -> None:
    objects = _objects(_recipe(**COUNTS))
    assert len(objects) == sum(COUNTS.values())
    assert all(o.tag == "cs-object" and o.get("object-type") == "user" for o in objects)
    operations = Counter(_delta(o).get("operation") for o in objects)
    # A rename is an update with newdn.
    assert operations == {"add": 2, "update": 4 + 3, "delete-add": 2, "delete": 5}
    assert sum(_delta(o).get("newdn") is not None for o in objects) == 3
    # Each object its own id and DN; the cs-dn is the delta's DN.
    assert len({o.get("id") for o in objects}) == len({o.get("cs-dn") for o in objects}) == len(objects)
    assert all(re.fullmatch(GUID, o.get("id", "")) and o.get("cs-dn") == _delta(o).get("dn") for o in objects)


def test_an_ad_connector_names_its_objects_in_its_forest_and_the_entra_connector_by_guid() -> None:
    ad = _objects(_recipe(delete=8))
    assert ad[7].get("cs-dn") == "CN=pending-delete-0007,OU=Users,DC=contoso,DC=com"
    entra = _objects(_recipe(ENTRA, "entra", update=2))
    assert all(re.fullmatch("CN=" + GUID, o.get("cs-dn", "")) for o in entra)
    assert "@contoso.onmicrosoft.com" in _hologram_value(entra[0], "unapplied-export-hologram", "userPrincipalName")[0]


def test_the_same_counts_make_the_same_bytes_and_each_server_its_own_ids() -> None:
    recipe = _recipe(**COUNTS)
    assert "".join(document_chunks(recipe)) == "".join(document_chunks(copy.deepcopy(recipe)))
    other = _objects(_recipe(computer="NEW-SYNC01", **COUNTS))
    mine = _objects(recipe)
    # Both servers name the same objects alike; their connector spaces give them their own ids.
    assert [o.get("cs-dn") for o in other] == [o.get("cs-dn") for o in mine]
    assert not {o.get("id") for o in other} & {o.get("id") for o in mine}


def test_an_update_replaces_displayname_and_the_holograms_carry_old_and_new() -> None:
    updates = [o for o in _objects(_recipe(update=4)) if _delta(o).get("operation") == "update"]
    assert len(updates) == 4
    for cs_object in updates:
        change = _delta(cs_object).find("attr[@name='displayName']")
        assert change is not None
        assert (change.get("operation"), change.get("multivalued"), change.get("type")) == (
            "replace",
            "false",
            "string",
        )
        old = _hologram_value(cs_object, "synchronized-hologram", "displayName")
        new = _hologram_value(cs_object, "unapplied-export-hologram", "displayName")
        assert [v.text for v in change.findall("value")] == new != old and len(old) == 1


def test_a_multivalued_update_adds_one_value_and_deletes_another() -> None:
    for cs_object in _objects(_recipe(update=3)):
        change = _delta(cs_object).find("attr[@name='proxyAddresses']")
        assert change is not None and (change.get("operation"), change.get("multivalued")) == ("update", "true")
        values = {v.get("operation"): v.text for v in change.findall("value")}
        assert set(values) == {"add", "delete"} and len(change.findall("value")) == 2
        old = _hologram_value(cs_object, "synchronized-hologram", "proxyAddresses")
        new = _hologram_value(cs_object, "unapplied-export-hologram", "proxyAddresses")
        assert values["delete"] in old and values["delete"] not in new
        assert values["add"] in new and values["add"] not in old


def test_a_reference_changes_through_dn_attr_on_every_third_object() -> None:
    updates = _objects(_recipe(update=6))
    references = [o for o in updates if _delta(o).find("dn-attr") is not None]
    assert [updates.index(o) for o in references] == [0, 3]
    for cs_object in references:
        change = _delta(cs_object).find("dn-attr")
        assert change is not None and change.get("name") == "manager" and change.get("multivalued") == "false"
        dn = change.find("dn-value/dn")
        assert dn is not None and change.find("dn-value").get("operation") == "add"  # type: ignore[union-attr]
        assert dn.text == _hologram_manager(cs_object, "unapplied-export-hologram")
        assert _hologram_manager(cs_object, "synchronized-hologram") not in (None, dn.text)
    assert _delta(updates[1]).find("dn-attr") is None and _hologram_manager(updates[1], "synchronized-hologram") is None


def test_a_rename_carries_newdn_and_its_future_image_is_named_by_it() -> None:
    for cs_object in _objects(_recipe(rename=2)):
        delta = _delta(cs_object)
        assert delta.get("operation") == "update" and delta.get("newdn") not in (None, delta.get("dn"))
        entry = cs_object.find("unapplied-export-hologram/entry")
        assert entry is not None and entry.get("dn") == delta.get("newdn")
        assert cs_object.find("synchronized-hologram/entry").get("dn") == delta.get("dn")  # type: ignore[union-attr]


def test_a_delete_carries_no_attributes_and_no_future_image() -> None:
    for cs_object in _objects(_recipe(delete=3)):
        delta = _delta(cs_object)
        assert delta.get("operation") == "delete" and list(delta) == []
        assert cs_object.find("unapplied-export-hologram") is None
        assert _hologram_value(cs_object, "synchronized-hologram", "displayName")


def test_an_add_has_no_synchronized_image_and_a_delete_add_has_both() -> None:
    add, delete_add = _objects(_recipe(add=1, delete_add=1))
    assert add.find("synchronized-hologram") is None
    assert {a.get("operation") for a in _delta(add).findall("attr")} == {"add"}
    assert _delta(delete_add).get("operation") == "delete-add"
    assert delete_add.find("synchronized-hologram") is not None
    assert delete_add.find("unapplied-export-hologram") is not None


def test_the_document_comes_in_one_piece_per_object() -> None:
    pieces = list(document_chunks(_recipe(delete=1000)))
    assert len(pieces) == 1000 + 2 and max(len(p) for p in pieces) < 2000


# -- the primitive ------------------------------------------------------------------------------------


def test_csexport_writes_the_file_and_answers_within_the_schema(old) -> None:
    answer = old.call("csexport", _sent())
    assert first_violation("csexport", answer) is None
    assert first_violation("lab_state", old.state) is None
    data = old.files.data(PATH)
    assert answer["bytes"] == len(data) and answer["sha256"] == hashlib.sha256(data).hexdigest().upper()
    assert (answer["connector"], answer["path"], answer["filter"], answer["exit_code"]) == (AD, PATH, "x", 0)
    assert answer["leftover_removed"] is False and answer["created"] == old.state["clock"]
    assert len(ET.fromstring(data)) == sum(COUNTS.values())
    # Kept as its recipe, not as the document, so a large export stays small in the state.
    assert set(old.state["files"][PATH]) == {"csexport", "last_write_utc"}
    stat = old.call("file_stat", {"Path": PATH, "Authenticode": False})["file"]
    assert (stat["size"], stat["sha256"], stat["last_write_utc"]) == (
        answer["bytes"],
        answer["sha256"],
        answer["created"],
    )


def test_a_connector_without_pending_exports_gives_an_empty_document(old) -> None:
    old.call("csexport", _sent(ENTRA))
    assert old.files.data(PATH) == b"<cs-objects></cs-objects>"


def test_fetch_returns_the_bytes_and_the_file_keeps_them_after_the_export_applies(old_state, tmp_path) -> None:
    old_state["entra_connect"]["pending_exports"] = {AD: {"add": 1, "update": 2, "delete": 3}}
    (tmp_path / "contoso.tenant.json").write_text(json.dumps(seed_tenants()["contoso.tenant.json"]))
    path = tmp_path / "old-sync01.json"
    path.write_text(json.dumps(old_state))
    store = FileTwinStore(str(path))
    answer = store.transact(lambda twin: twin.call("csexport", _sent()))
    fetched = tmp_path / "fetched.xml"
    store.transact(lambda twin: twin.fetch(PATH, str(fetched)))
    assert hashlib.sha256(fetched.read_bytes()).hexdigest().upper() == answer["sha256"]
    assert Counter(_delta(o).get("operation") for o in ET.parse(fetched).getroot()) == {
        "add": 1,
        "update": 2,
        "delete": 3,
    }
    # The old server is active: its next cycle exports the pending changes; the file written before stays as it was.
    store.transact(lambda twin: twin.call("sync_start", {"PolicyType": "Delta"}))
    store.transact(lambda twin: twin.advance(120))
    assert store.read_state()["entra_connect"]["pending_exports"] == {}
    stat = store.transact(lambda twin: twin.call("file_stat", {"Path": PATH, "Authenticode": False}))
    assert stat["file"]["sha256"] == answer["sha256"]


def test_a_leftover_file_is_removed_first(old) -> None:
    old.files.write(PATH, b"<cs-objects>an earlier run</cs-objects>")
    answer = old.call("csexport", _sent(path=PATH.upper()))
    assert answer["leftover_removed"] is True
    assert list(old.state["files"]).count(PATH) == 0 and PATH.upper() in old.state["files"]
    assert b"an earlier run" not in old.files.data(PATH.upper())


def test_an_unknown_connector_fails_as_csexport_does_and_changes_nothing(old) -> None:
    old.files.write(PATH, b"leftover")
    store = MemoryTwinStore(old.state, seed_tenants())
    before = copy.deepcopy(store.state)
    with pytest.raises(HostCommandError) as err:
        store.transact(lambda twin: twin.call("csexport", _sent("fabrikam.com")))
    # The exit code and csexport's words are INFERRED; the script's frame around them is not.
    assert str(err.value).startswith(
        "The csexport script failed on OLD-SYNC01: csexport exited with code 1 for connector 'fabrikam.com': "
    )
    assert store.state == before


@pytest.mark.parametrize("filter_", ["z", "", "xx", "d", "d="])
def test_a_filter_outside_csexports_is_refused_as_the_script_parameter_refuses_it(old, filter_) -> None:
    with pytest.raises(HostCommandError, match=r"Cannot validate argument on parameter 'Filter'\. The argument"):
        old.call("csexport", _sent(filter_=filter_))
    assert PATH not in old.state["files"]


@pytest.mark.parametrize("filter_", ["s", "e", "m", "i", "d=CN=x,DC=contoso,DC=com"])
def test_filters_other_than_pending_exports_are_not_modelled_and_say_so(old, filter_) -> None:
    assert re.match(FILTER_PATTERN, filter_)
    with pytest.raises(HostCommandError, match=r"models only pending exports \(/f:x\)"):
        old.call("csexport", _sent(filter_=filter_))


def test_a_missing_folder_or_engine_fails(old_state, new_state) -> None:
    with pytest.raises(HostCommandError, match="for connector 'contoso.com': .*the folder does not exist"):
        twin_of(old_state).call("csexport", _sent(path="C:\\Nowhere\\export.xml"))
    with pytest.raises(HostCommandError, match="the ADSync module is not installed"):
        twin_of(new_state).call("csexport", _sent())
    old_state["entra_connect"]["service"]["status"] = "Stopped"
    with pytest.raises(HostCommandError, match="the ADSync service is not running"):
        twin_of(old_state).call("csexport", _sent())


def test_csexport_takes_a_little_simulated_time(old) -> None:
    before = old.clock.now()
    old.call("csexport", _sent())
    assert (old.clock.now() - before).total_seconds() == 5


# -- the engine applies the same pending exports ------------------------------------------------------


def test_an_export_counts_renames_as_updates_and_delete_adds_as_deletes_and_adds(old_state) -> None:
    old_state["entra_connect"]["pending_exports"] = {ENTRA: dict(COUNTS)}
    twin = twin_of(old_state)
    twin.call("sync_start", {"PolicyType": "Delta"})
    twin.advance(120)
    export = next(r for r in twin.state["entra_connect"]["run_history"][::-1] if r["connector_name"] == ENTRA)
    assert (export["run_profile_name"], export["result"]) == ("Export", "success")
    assert (export["adds"], export["updates"], export["deletes"]) == (2 + 2, 4 + 3, 5 + 2)


def test_delete_adds_count_against_the_deletion_threshold(old_state) -> None:
    old_state["entra_connect"]["global_settings"].update(
        {
            "Microsoft.OptionalFeature.ExportDeletionThreshold": "True",
            "Microsoft.OptionalFeature.ExportDeletionThresholdValue": "10",
        }
    )
    old_state["entra_connect"]["pending_exports"] = {ENTRA: {"add": 0, "update": 0, "delete": 8, "delete_add": 3}}
    twin = twin_of(old_state)
    twin.call("sync_start", {"PolicyType": "Delta"})
    twin.advance(120)
    export = next(r for r in twin.state["entra_connect"]["run_history"][::-1] if r["connector_name"] == ENTRA)
    assert export["result"] == "stopped-deletion-threshold-exceeded" and export["deletes"] == 0
    assert twin.state["entra_connect"]["pending_exports"][ENTRA]["delete_add"] == 3


# -- the seed variant ---------------------------------------------------------------------------------


def test_the_pending_deletes_seed_is_the_new_server_in_staging_with_450_pending_deletes(seed) -> None:
    state = seed("new-sync01-pending-deletes")
    assert first_violation("lab_state", state) is None
    assert state["computer_name"] == "NEW-SYNC01" and state["entra_connect"]["staging_mode"] is True
    twin = twin_of(state)
    twin.call("csexport", _sent(path="C:\\ProgramData\\pending.xml"))
    objects = ET.fromstring(twin.files.data("C:\\ProgramData\\pending.xml"))
    assert Counter(_delta(o).get("operation") for o in objects) == {"delete": 450}
    assert objects[7].get("cs-dn") == "CN=pending-delete-0007,OU=Users,DC=contoso,DC=com"
    # Under the default threshold of 500: leaving staging, the next export would apply all of them.
    # 2.6.91.0: the change is made without pausing the scheduler, as entra_staging_mode sends it there.
    twin.call(
        "staging_write",
        {"StagingSettingName": STAGING_ON["StagingSettingName"], "StagingMode": False, "PauseScheduler": False},
    )
    twin.call("sync_start", {"PolicyType": "Delta"})
    twin.advance(120)
    export = [r for r in twin.state["entra_connect"]["run_history"] if r["connector_name"] == AD][-1]
    assert (export["run_profile_name"], export["result"], export["deletes"]) == ("Export", "success", 450)
