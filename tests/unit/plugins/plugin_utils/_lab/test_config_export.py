"""The twin's configuration export: the layout of Microsoft's Contoso sample, what changes between two exports and
two servers, and text that survives the round trip."""

from __future__ import annotations

import email.utils
import io
import json
import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._common.dates import parse_utc
from export_reading import CONTOSO, FOLDER, changed_tags, exported, parse
from hosts import TwinHost
from lab_twins import seed_tenants, twin_of

AD_ID = "5d4b8a11-7c55-4f0e-9a3b-1f2e6a9c0d21"
ENTRA_ID = "b891884f-051e-4a83-95af-2544101c9083"
DSML = "http://www.dsml.org/DSML"
MMS_DSML = "http://www.microsoft.com/MMS/DSML"


def _contoso(folder: str) -> list[Path]:
    # Missing data fails the test: a skipped check is not a passed one.
    assert CONTOSO.is_dir(), f"Microsoft's Contoso sample is not at {CONTOSO} (set ENTRA_REFERENCE_DATA)"
    return sorted((CONTOSO / folder).glob("*.xml"))


def _contoso_connector(category: str) -> ET.Element:
    return next(
        root
        for root in (ET.parse(p).getroot() for p in _contoso("Connectors"))
        if root.findtext("category") == category
    )


def _file(files: dict[str, bytes], connector_id: str) -> bytes:
    return files[f"Connectors/Connector_{{{connector_id}}}.xml"]


@pytest.fixture
def old(old_state):
    return twin_of(old_state)


def test_the_archive_has_the_export_layout_with_forward_slash_names(old, old_state) -> None:
    answer, files = exported(old)
    product = old_state["entra_connect"]
    expected = {f"Connectors/Connector_{{{c['identifier'].lower()}}}.xml" for c in product["connectors"]}
    expected |= {
        f"SynchronizationRules/SynchronizationRule_{{{r['identifier'].lower()}}}.xml" for r in product["sync_rules"]
    }
    expected.add("GlobalSettings/MV.xml")
    assert set(files) == expected and not any("\\" in name for name in files)
    assert answer["files"] == len(expected)
    assert re.fullmatch(r"EntraConnectConfig-[0-9a-f-]{36}\.zip", answer["archive"]["name"])
    assert answer["archive"]["path"] == f"{FOLDER}\\{answer['archive']['name']}"


def test_each_file_has_the_root_the_sample_has_crlf_line_ends_and_no_declaration(old) -> None:
    roots = {"Connectors": {p.getroot().tag for p in map(ET.parse, _contoso("Connectors"))}}
    roots["GlobalSettings"] = {ET.parse(p).getroot().tag for p in _contoso("GlobalSettings")}
    roots["SynchronizationRules"] = {ET.parse(p).getroot().tag for p in _contoso("SynchronizationRules")}
    _answer, files = exported(old)
    for name, data in files.items():
        assert {parse(data).tag} == roots[name.split("/")[0]], name
        assert not data.lstrip().startswith(b"<?xml"), name
        assert data.count(b"\n") == data.count(b"\r\n") > 0, name


def test_a_rule_has_every_element_of_the_sample_in_its_order(old, old_state) -> None:
    orders = {tuple(child.tag for child in ET.parse(p).getroot()) for p in _contoso("SynchronizationRules")}
    assert len(orders) == 1, "the sample's rules disagree on their element order"
    _answer, files = exported(old)
    for rule in old_state["entra_connect"]["sync_rules"]:
        root = parse(files[f"SynchronizationRules/SynchronizationRule_{{{rule['identifier']}}}.xml"])
        assert tuple(child.tag for child in root) == next(iter(orders)), rule["name"]
        assert root.findtext("id") == root.findtext("internal-id") == "{" + rule["identifier"].lower() + "}"
        assert root.findtext("connector") == "{" + rule["connector"].lower() + "}"
        assert root.findtext("disabled") == str(rule["disabled"])
        assert root.findtext("precedence") == str(rule["precedence"])
        # A custom rule writes an empty tag; a standard one its own.
        assert (root.findtext("immutable-tag") or None) == rule["immutable_tag"]


@pytest.mark.parametrize(("connector_id", "category"), [(AD_ID, "AD"), (ENTRA_ID, "Extensible2")])
def test_a_connector_has_the_elements_of_the_samples_connector_in_its_order(old, connector_id, category) -> None:
    sample = _contoso_connector(category)
    _answer, files = exported(old)
    root = parse(_file(files, connector_id))
    assert [child.tag for child in root] == [child.tag for child in sample]
    assert root.findtext("id") == "{" + connector_id.upper() + "}"
    assert [c.tag for c in root.find("ma-partition-data/partition")] == [
        c.tag for c in sample.find("ma-partition-data/partition")
    ]


def test_the_ad_connector_is_one_line_after_its_header_with_a_default_namespace_schema(old) -> None:
    sample = next(p for p in _contoso("Connectors") if "<category>AD</category>" in p.read_text())
    sample_lines = sample.read_text().splitlines()
    _answer, files = exported(old)
    lines = _file(files, AD_ID).decode().split("\r\n")
    # As in the sample: the header one element a line, then everything from password-sync-allowed on one line.
    assert len(lines) == len(sample_lines)
    assert [line.split(">")[0] for line in lines[:-1]] == [line.split(">")[0] for line in sample_lines[:-1]]
    for last in (lines[-1], sample_lines[-1]):
        assert last.startswith("  <password-sync-allowed>") and last.endswith("</ma-data>")
    schema = parse(_file(files, AD_ID)).find("schema")
    assert schema[0].tag == f"{{{DSML}}}dsml"
    # DSML is the default namespace (no prefix) and m: the MMS one.
    assert f'<dsml xmlns="{DSML}" xmlns:m="{MMS_DSML}">' in lines[-1]
    assert f"{{{MMS_DSML}}}dit-content-rule" in {e.tag for e in schema.iter()}


def test_the_entra_connector_schema_is_indented_with_prefixes(old) -> None:
    _answer, files = exported(old)
    text = _file(files, ENTRA_ID).decode()
    assert "\r\n  <schema>\r\n    <dsml:dsml " in text and "\r\n      <dsml:directory-schema " in text
    assert parse(_file(files, ENTRA_ID)).find("schema")[0].tag == f"{{{DSML}}}dsml"


def test_the_connectors_carry_the_settings_of_the_state(old, old_state) -> None:
    settings = old_state["entra_connect"]["connector_settings"]
    _answer, files = exported(old)
    ad = parse(_file(files, AD_ID))
    assert [a.text for a in ad.iterfind("attribute-inclusion/attribute")] == settings[AD_ID]["attribute_inclusion"]
    partition = ad.find("ma-partition-data/partition")
    wanted = settings[AD_ID]["partitions"][0]
    assert partition.findtext("name") == wanted["name"]
    assert [e.text for e in partition.iterfind("filter/containers/inclusions/inclusion")] == wanted["inclusions"]
    assert [e.text for e in partition.iterfind("filter/containers/exclusions/exclusion")] == wanted["exclusions"]
    classes = [e.text for e in partition.iterfind("filter/object-classes/object-class")]
    assert classes[: len(settings[AD_ID]["object_inclusion"])] == settings[AD_ID]["object_inclusion"]
    private = ad.find("private-configuration/adma-configuration")
    assert re.fullmatch(r"MSOL_[0-9a-f]{12}", private.findtext("forest-login-user"))
    assert private.findtext("password-hash-sync-config/target") == "{" + ENTRA_ID.upper() + "}"
    assert private.findtext("password-hash-sync-config/enabled") == "1"
    entra = parse(_file(files, ENTRA_ID))
    assert [a.text for a in entra.iterfind("attribute-inclusion/attribute")] == settings[ENTRA_ID][
        "attribute_inclusion"
    ]


def test_each_run_profile_is_one_step_of_the_kind_the_sample_gives_it(old, old_state) -> None:
    def steps(root: ET.Element) -> dict[str, tuple[str, str]]:
        found = {}
        for profile in root.iterfind("ma-run-data/run-configuration"):
            step_type = profile.find("configuration/step/step-type")
            found[profile.findtext("name")] = (step_type.get("type"), " ".join(c.text or "" for c in step_type))
        return found

    sample = steps(_contoso_connector("AD"))
    _answer, files = exported(old)
    ours = steps(parse(_file(files, AD_ID)))
    assert list(ours) == old_state["entra_connect"]["connector_settings"][AD_ID]["run_profiles"]
    assert {name: ours[name] for name in sample} == sample
    # A custom profile named for a delta import runs one.
    assert ours["Delta Import OU=Sales"] == sample["Delta Import"]
    partition_id = parse(_file(files, AD_ID)).findtext("ma-partition-data/partition/id")
    step_partitions = {
        p.text
        for p in parse(_file(files, AD_ID)).iterfind("ma-run-data/run-configuration/configuration/step/partition")
    }
    assert step_partitions == {partition_id.upper()}


def test_mv_holds_every_global_setting_and_what_the_engine_keeps(old, old_state) -> None:
    product = old_state["entra_connect"]
    _answer, files = exported(old)
    text = files["GlobalSettings/MV.xml"].decode()
    assert "<!--WARNING>" in text.split("\r\n")[1]
    root = parse(files["GlobalSettings/MV.xml"])
    assert root.get("server") == old_state["computer_name"]
    assert root.findtext("mv-data/format-version") == "1"
    assert {c.findtext(f"{{{DSML}}}name") for c in root.iter(f"{{{DSML}}}class")} == {"person", "group", "device"}
    parameters = {}
    for p in root.iterfind("mv-data/parameter-values/parameter"):
        assert (p.get("type"), p.get("use"), p.get("dataType")) == ("string", "SynchronizationGlobal", "String")
        parameters[p.get("name")] = p.text
    assert {name: parameters[name] for name in product["global_settings"]} == product["global_settings"]
    assert parameters["Microsoft.Synchronize.StagingMode"] == str(product["staging_mode"])
    assert parameters["Microsoft.Synchronize.ServerConfigurationVersion"] == product["server_configuration_version"]
    assert parameters["Microsoft.Synchronize.SchedulerSuspended"] == str(product["scheduler"]["SchedulerSuspended"])
    next_start = email.utils.parsedate_to_datetime(parameters["Microsoft.Synchronize.NextStartTime"])
    assert next_start == parse_utc(product["scheduler"]["NextSyncCycleStartTimeInUTC"])


def test_two_exports_of_one_state_differ_in_their_volatile_fields_only(old) -> None:
    _first_answer, first = exported(old)
    _second_answer, second = exported(old)
    assert first.keys() == second.keys()
    changed: set[str] = set()
    for name in first:
        changed |= changed_tags(first[name], second[name])
    assert changed == {
        "last-modification-time",
        "version",
        "cookie",
        "parameter[cookie]",
        "water-mark",
        "@export-date",
    }
    # Rules hold nothing volatile.
    rules = [n for n in first if n.startswith("SynchronizationRules/")]
    assert rules and all(first[n] == second[n] for n in rules)


def test_two_servers_of_one_configuration_differ_in_their_own_fields(seed) -> None:
    one, two = seed("ha-sync01"), seed("ha-sync02")
    # Two servers of the pair, read at one moment, so only what belongs to each server can differ.
    two["clock"] = one["clock"]
    _a, first = exported(twin_of(one))
    _b, second = exported(twin_of(two))
    assert first.keys() == second.keys()
    changed: set[str] = set()
    for name in first:
        changed |= changed_tags(first[name], second[name])
    per_server = {"id", "partition", "forest-login-user", "last-dc", "parameter[last-dc]", "parameter[UserName]"}
    per_server |= {"parameter[forest-login-user]", "@server"}
    volatile = {"cookie", "parameter[cookie]", "water-mark"}
    role = {"parameter[Microsoft.Synchronize.StagingMode]"}
    assert per_server <= changed <= per_server | volatile | role | {"creation-time"}
    ad_one, ad_two = parse(_file(first, AD_ID)), parse(_file(second, AD_ID))
    for path in (
        "ma-partition-data/partition/id",
        "ma-run-data/run-configuration/id",
        "private-configuration/adma-configuration/forest-login-user",
        "ma-partition-data/partition/custom-data/adma-partition-data/last-dc",
    ):
        assert ad_one.findtext(path) != ad_two.findtext(path), path


def test_a_rule_name_with_a_quote_an_ampersand_and_a_bracket_round_trips(old) -> None:
    rule = old.state["entra_connect"]["sync_rules"][4]
    rule["name"] = 'In from AD - "Sales" & <Marketing> Mail\'s'
    rule["description"] = "Keeps a & b < c > d"
    _answer, files = exported(old)
    root = parse(files[f"SynchronizationRules/SynchronizationRule_{{{rule['identifier']}}}.xml"])
    assert root.findtext("name") == rule["name"] and root.findtext("description") == rule["description"]


def test_the_content_a_rule_carries_is_written(old) -> None:
    rule = old.state["entra_connect"]["sync_rules"][4]
    rule.update(
        source_object_type="inetOrgPerson",
        link_type="StickyJoin",
        scoping=[
            [{"attribute": "company", "operator": "EQUAL", "value": "Contoso"}],
            [{"attribute": "c", "operator": "ISNULL"}],
        ],
        join=[[{"cs_attribute": "employeeID", "mv_attribute": "employeeID", "case_sensitive": True}]],
        mappings=[
            {"dest": "company", "flow_type": "Constant", "constant": "Contoso", "execute_once": True},
            {
                "dest": "mail",
                "sources": ["mail", "proxyAddresses"],
                "flow_type": "Expression",
                "expression": "Left([mail], 3)",
            },
        ],
    )
    _answer, files = exported(old)
    root = parse(files[f"SynchronizationRules/SynchronizationRule_{{{rule['identifier']}}}.xml"])
    assert (root.findtext("sourceObjectType"), root.findtext("linkType")) == ("inetOrgPerson", "StickyJoin")
    groups = root.findall("synchronizationCriteria/conditions")
    assert [
        [(s.findtext("csAttribute"), s.findtext("csOperator"), s.findtext("csValue")) for s in g] for g in groups
    ] == [
        [("company", "EQUAL", "Contoso")],
        [("c", "ISNULL", "")],
    ]
    condition = root.find("relationshipCriteria/conditions/condition")
    assert [c.tag for c in condition] == ["caseSensitive", "csAttribute", "ilmAttribute"]
    constant, expression = root.findall("attribute-mappings/mapping")
    assert constant.get("execute-once") == "true" and constant.findtext("src") == "Contoso"
    assert constant.find("expression") is None and constant.findtext("valueMergeType") == "Update"
    assert [a.text for a in expression.iterfind("src/attr")] == ["mail", "proxyAddresses"]
    assert expression.findtext("expression") == "Left([mail], 3)" and expression.get("execute-once") is None


def test_a_standard_join_rule_without_content_gets_the_samples_shape(old, old_state) -> None:
    _answer, files = exported(old)
    by_name = {parse(d).findtext("name"): parse(d) for n, d in files.items() if n.startswith("SynchronizationRules/")}
    join = by_name["In from AD - User Join"]
    assert (join.findtext("sourceObjectType"), join.findtext("targetObjectType"), join.findtext("linkType")) == (
        "user",
        "person",
        "Provision",
    )
    assert "mS-DS-ConsistencyGuid" in {c.findtext("csAttribute") for c in join.iter("condition")}
    assert "sourceAnchor" in {m.findtext("dest") for m in join.iter("mapping")}
    outbound = by_name["Out to AAD - User Join"]
    assert (outbound.findtext("sourceObjectType"), outbound.findtext("targetObjectType")) == ("person", "user")
    assert outbound.findtext("EnablePasswordSync") == "true" and join.findtext("EnablePasswordSync") == "false"
    assert "cloudFiltered" in {s.findtext("csAttribute") for s in outbound.iter("scope")}
    common = by_name["In from AD - User Common"]
    assert common.findtext("linkType") == "Join" and common.find("relationshipCriteria").findall("*") == []


def test_an_answer_lost_after_the_export_is_confirmed_and_not_exported_again(old_state) -> None:
    host = TwinHost(old_state, tenants=seed_tenants())
    host.twin.state["faults"] = {"lose_answers": {"config_export": 1}}
    written = host.write("config_export", {"Folder": FOLDER})
    assert written.answer is None and written.answer_lost
    assert host.primitives == ["config_export", "settings_read"]
    archives = [f["name"] for f in written.confirmation["files"]]
    assert len(archives) == 1 and archives[0].startswith("EntraConnectConfig-")
    assert host.twin.state["entra_connect"]["configuration_exports"] == 1


def test_a_settings_export_holds_the_same_export_and_the_policy_with_settings(old_state) -> None:
    twin = twin_of(old_state)
    archive = twin.call("settings_export", {"Folder": "%ProgramData%\\AADConnect"})["archive"]
    with zipfile.ZipFile(io.BytesIO(twin.files.data(archive["path"]))) as packed:
        names = packed.namelist()
        policy = json.loads(packed.read("MigratedPolicy.json"))
    assert f"Connectors/Connector_{{{AD_ID}}}.xml" in names and "GlobalSettings/MV.xml" in names
    assert policy["globalSettings"] == old_state["entra_connect"]["global_settings"]
    filters = policy["onpremisesDirectoryPolicy"][0]["partitionFilters"]
    wanted = old_state["entra_connect"]["connector_settings"][AD_ID]["partitions"][0]
    assert filters == [
        {
            "distinguishedName": wanted["name"],
            "containerInclusions": wanted["inclusions"],
            "containerExclusions": wanted["exclusions"],
        }
    ]
