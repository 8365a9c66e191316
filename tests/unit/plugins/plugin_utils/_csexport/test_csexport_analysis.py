"""The summary of a csexport file: counts per operation, type and attribute, samples, totals, JSON."""

from __future__ import annotations

import json
import os
import stat

import pytest
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._csexport.analysis import analyse, totals
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._csexport.errors import CsexportError
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._csexport.json_out import write_summary
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._csexport.reader import read_csexport
from csexport_texts import GROUPS, MIXED_OBJECTS, USERS, cs_object, document, write


@pytest.fixture
def mixed(tmp_path) -> str:
    return write(tmp_path, document(MIXED_OBJECTS))


def test_each_operation_is_counted_where_the_module_documents_it(mixed) -> None:
    summary = analyse(mixed)
    # Exports: Ada (add), Bob and Carol (update), Group2 (replace counts as update), Dave (delete),
    # Group1 (delete-add), Gina (a rename alone). Carol and Gina are renames.
    assert summary["objects"] == 7
    assert (summary["adds"], summary["updates"], summary["deletes"], summary["delete_adds"]) == (1, 3, 1, 1)
    assert summary["renames"] == 2
    # Eve is obsolete and Hal's delta exports nothing; Frank has no pending export at all.
    assert (summary["obsolete"], summary["no_change"]) == (1, 1)
    assert summary["name"] == "contoso.com"  # the ma-name of the file
    assert summary["file"] == mixed
    assert summary["bytes"] == os.path.getsize(mixed)
    assert len(summary["sha256"]) == 64 and summary["sha256"] == summary["sha256"].upper()


def test_counts_per_object_type(mixed) -> None:
    assert analyse(mixed)["by_object_type"] == {
        "group": {"adds": 0, "updates": 1, "deletes": 0, "renames": 0, "delete_adds": 1},
        "user": {"adds": 1, "updates": 2, "deletes": 1, "renames": 2, "delete_adds": 0},
    }


def test_counts_per_attribute_with_value_adds_and_deletes(mixed) -> None:
    by_attribute = analyse(mixed)["by_attribute"]
    none = {"add": 0, "replace": 0, "update": 0, "delete": 0, "value_adds": 0, "value_deletes": 0}
    assert by_attribute == {
        "description": {"type": "string", "multivalued": False, **none, "replace": 1},
        "displayName": {"type": "string", "multivalued": False, **none, "add": 1, "replace": 1},
        "manager": {"type": "reference", "multivalued": False, **none, "add": 1, "replace": 1},
        # Group1 adds two members, Group2 adds one and deletes one.
        "member": {"type": "reference", "multivalued": True, **none, "add": 1, "update": 1, "value_adds": 3}
        | {"value_deletes": 1},
        # Ada adds two addresses, Bob adds one and deletes one.
        "proxyAddresses": {"type": "string", "multivalued": True, **none, "add": 1, "update": 1, "value_adds": 3}
        | {"value_deletes": 1},
        "sn": {"type": "string", "multivalued": False, **none, "replace": 1},
    }
    # manager twice (Ada, Bob) and member twice (Group1, Group2); Eve's obsolete change is not counted.
    assert analyse(mixed)["reference_changes"] == 4


def test_samples_carry_old_and_new_values_from_the_holograms(mixed) -> None:
    samples = analyse(mixed)["samples"]
    assert [sample["dn"] for sample in samples["add"]] == [f"CN=Ada,{USERS}"]
    assert [sample["dn"] for sample in samples["update"]] == [
        f"CN=Bob,{USERS}",
        f"CN=Carol,{USERS}",
        f"CN=Group2,{GROUPS}",
    ]
    assert [sample["dn"] for sample in samples["delete"]] == [f"CN=Dave,{USERS}"]
    assert [sample["dn"] for sample in samples["delete_add"]] == [f"CN=Group1,{GROUPS}"]
    assert [(s["dn"], s["new_dn"]) for s in samples["rename"]] == [
        (f"CN=Carol,{USERS}", f"CN=Caroline,{USERS}"),
        (f"CN=Gina,{USERS}", f"CN=Georgina,{USERS}"),
    ]
    bob = {attribute["name"]: attribute for attribute in samples["update"][0]["attributes"]}
    assert (bob["displayName"]["old"], bob["displayName"]["new"]) == ("Bob Old", "Bob New")
    assert (bob["manager"]["old"], bob["manager"]["new"]) == (f"CN=Boss1,{USERS}", f"CN=Boss2,{USERS}")
    assert bob["manager"]["type"] == "reference" and bob["manager"]["operation"] == "replace"
    proxies = bob["proxyAddresses"]
    assert (proxies["old"], proxies["new"]) == (None, None)
    assert proxies["value_adds"] == ["smtp:b2@contoso.com"] and proxies["value_deletes"] == ["smtp:b1@contoso.com"]
    assert proxies["multivalued"] is True
    # Carol's holograms come before her delta in the file, and still give her old and new surname.
    carol = samples["update"][1]["attributes"]
    assert [(a["name"], a["old"], a["new"]) for a in carol] == [("sn", "Smith", "Jones")]
    # Group2 has no holograms: the new description is the one its delta writes, the old one is unknown.
    description = samples["update"][2]["attributes"][0]
    assert (description["name"], description["old"], description["new"]) == ("description", None, "All staff")
    assert samples["delete"][0]["attributes"] == []
    assert samples["update"][2]["operation"] == "replace"


def test_sample_size_bounds_each_list(mixed) -> None:
    samples = analyse(mixed, sample_size=1)["samples"]
    assert [sample["dn"] for sample in samples["update"]] == [f"CN=Bob,{USERS}"]
    assert [len(found) for found in samples.values()] == [1, 1, 1, 1, 1]
    assert all(found == [] for found in analyse(mixed, sample_size=0)["samples"].values())
    with pytest.raises(CsexportError, match="sample_size must be 0 or more, got -1"):
        analyse(mixed, sample_size=-1)


def test_a_large_multi_valued_change_is_counted_whole_and_sampled_in_part(tmp_path) -> None:
    values = "".join(f'<dn-value operation="add"><dn>CN=U{index},{USERS}</dn></dn-value>' for index in range(500))
    path = write(
        tmp_path,
        document(
            cs_object(
                f"CN=Big,{GROUPS}",
                "update",
                f'<dn-attr name="member" multivalued="true" operation="update">{values}</dn-attr>',
                "group",
            )
        ),
    )
    summary = analyse(path)
    assert summary["by_attribute"]["member"]["value_adds"] == 500
    member = summary["samples"]["update"][0]["attributes"][0]
    assert member["value_add_count"] == 500
    assert len(member["value_adds"]) == 20
    assert member["value_adds"][0] == f"CN=U0,{USERS}"


def test_the_reader_keeps_no_hologram_nobody_asked_for(mixed) -> None:
    seen = []
    read_csexport(mixed, seen.append, lambda obj: False)
    assert [obj.old for obj in seen] == [None] * len(seen)
    assert [obj.new for obj in seen] == [None] * len(seen)
    kept = []
    read_csexport(mixed, kept.append, lambda obj: True)
    bob = kept[1]
    # Only the single-valued attributes the delta changes are kept, never the multi-valued addresses.
    assert bob.old == {"displayName": ["Bob Old"], "manager": [f"CN=Boss1,{USERS}"]}


def test_the_connector_is_named_by_the_argument_then_the_file(mixed, tmp_path) -> None:
    assert analyse(mixed, connector="contoso.com - AAD")["name"] == "contoso.com - AAD"
    path = write(tmp_path, document(cs_object(f"CN=X,{USERS}", "delete")), name="fabrikam.com.xml")
    assert analyse(path)["name"] == "fabrikam.com"


def test_base64_values_stay_as_given(tmp_path) -> None:
    change = '<attr name="objectGUID" type="binary" multivalued="false" operation="add">'
    change += '<value encoding="base64">3q2+7w==</value></attr>'
    summary = analyse(write(tmp_path, document(cs_object(f"CN=B,{USERS}", "add", change))))
    attribute = summary["samples"]["add"][0]["attributes"][0]
    assert (attribute["type"], attribute["new"]) == ("binary", "3q2+7w==")


def test_escaped_and_non_ascii_text_is_read_as_text(tmp_path) -> None:
    change = '<attr name="displayName" type="string" multivalued="false" operation="replace">'
    change += "<value>Zoë &amp; Åsa &lt;Sales&gt; &#x263A;</value></attr>"
    summary = analyse(write(tmp_path, document(cs_object(f"CN=Z,{USERS}", "update", change))))
    assert summary["samples"]["update"][0]["attributes"][0]["new"] == "Zoë & Åsa <Sales> \u263a"


def test_totals_add_up_connectors(mixed, tmp_path) -> None:
    other = write(
        tmp_path,
        document(
            cs_object(f"CN=A,{USERS}", "delete")
            + cs_object(
                f"CN=B,{USERS}",
                "update",
                '<attr name="sn" type="string" multivalued="false" operation="replace"><value>B</value></attr>',
            )
        ),
        name="fabrikam.com.xml",
    )
    total = totals([analyse(mixed), analyse(other)])
    assert total["connectors"] == ["contoso.com", "fabrikam.com"]
    assert (total["objects"], total["deletes"], total["updates"], total["adds"]) == (9, 2, 4, 1)
    assert (total["renames"], total["delete_adds"], total["obsolete"], total["reference_changes"]) == (2, 1, 1, 4)
    assert total["by_object_type"]["user"] == {"adds": 1, "updates": 3, "deletes": 2, "renames": 2, "delete_adds": 0}
    assert total["by_attribute"]["sn"]["replace"] == 2
    assert total["bytes"] == os.path.getsize(mixed) + os.path.getsize(other)


def test_the_summary_is_written_whole_and_readable_by_all(mixed, tmp_path) -> None:
    summary = analyse(mixed)
    path = tmp_path / "summary.json"
    write_summary(str(path), [summary])
    assert json.loads(path.read_text(encoding="utf-8")) == [summary]
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    assert [entry.name for entry in tmp_path.iterdir() if entry.name.startswith(".")] == []


def test_a_summary_that_cannot_be_written_is_named(mixed, tmp_path) -> None:
    path = tmp_path / "missing" / "summary.json"
    with pytest.raises(CsexportError) as caught:
        write_summary(str(path), analyse(mixed))
    assert str(caught.value) == f"the summary {path} cannot be written: No such file or directory"
