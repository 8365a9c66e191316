"""Changes that a careless comparison hides as expected or reports as noise: another tenant, a tag changed
without an upgrade, schema and settings across versions, step settings, duplicate names, mapping order."""

from __future__ import annotations

import re
import uuid
import zipfile
from pathlib import Path

from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._syncconfig.compare import compare
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._syncconfig.load import read_configuration
from contoso_export import (
    AD_CONNECTOR,
    ENTRA_CONNECTOR,
    PILOT,
    PRODUCTION,
    connector_file,
    copy_side,
    edit,
    replace_once,
    rule_file,
    set_global,
    sub,
)

USER_JOIN = f"{AD_CONNECTOR} / Inbound / In from AD - User Join"
VERSION = "Microsoft.Synchronize.ServerConfigurationVersion"


def attribute_type(name: str, single: bool = False) -> str:
    """An MV.xml attribute type, as the Contoso sample writes one."""
    flag = ' single-value="true"' if single else ""
    return (
        f'<dsml:attribute-type id="{name}"{flag}><dsml:name>{name}</dsml:name>'
        "<dsml:syntax>1.3.6.1.4.1.1466.115.121.1.15</dsml:syntax></dsml:attribute-type>"
    )


def result_of(reference: Path, difference: Path) -> dict:
    return compare(read_configuration(str(reference), "r"), read_configuration(str(difference), "d"))


def drift(result: dict) -> set[tuple[str, str, str, str]]:
    return {(d["category"], d["change"], d["object"], d["field"]) for d in result["differences"] if not d["expected"]}


def test_an_entra_connector_of_another_tenant_is_drift(tmp_path: Path) -> None:
    side = copy_side(PILOT, tmp_path / "side")
    entra = connector_file(side, ENTRA_CONNECTOR)
    edit(entra, replace_once(f"<name>{ENTRA_CONNECTOR}</name>", "<name>fabrikam.onmicrosoft.com - AAD</name>"))
    edit(entra, sub(r"Sync_CONTOSO-SYNC01_([0-9a-f]{12})@contoso", r"Sync_NEW-SYNC01_\g<1>@fabrikam"))
    result = result_of(PRODUCTION, side)
    assert result["identical"] is False
    label = f"{ENTRA_CONNECTOR} -> fabrikam.onmicrosoft.com - AAD"
    assert drift(result) == {
        ("connector", "renamed", label, "name"),
        ("connector", "changed", label, "parameter[UserName]"),
    }


def test_the_same_tenant_on_another_server_is_not_a_difference(tmp_path: Path) -> None:
    side = copy_side(PILOT, tmp_path / "side")
    edit(
        connector_file(side, ENTRA_CONNECTOR),
        sub(r"Sync_CONTOSO-SYNC01_[0-9a-f]{12}@", "Sync_NEW-SYNC01_a1b2c3d4e5f6@"),
    )
    assert result_of(PRODUCTION, side)["differences"] == []


def test_a_tag_changed_without_an_upgrade_is_drift_field_by_field(tmp_path: Path) -> None:
    side = copy_side(PILOT, tmp_path / "side")
    rule = rule_file(side, "In from AD - User Join")
    edit(rule, sub(r"InfromADUserJoin\.\d{3}", "InfromADUserJoin.999", 1))
    edit(rule, sub(r"<precedence>(\d+)</precedence>", r"<precedence>9\g<1></precedence>", 1))
    result = result_of(PRODUCTION, side)
    assert drift(result) == {
        ("sync_rule", "changed", USER_JOIN, "immutable_tag"),
        ("sync_rule", "changed", USER_JOIN, "precedence"),
    }


def test_across_versions_a_changed_attribute_and_a_changed_setting_stay_drift(tmp_path: Path) -> None:
    reference, side = copy_side(PILOT, tmp_path / "reference"), copy_side(PILOT, tmp_path / "side")
    set_global(side, VERSION, "1.1.819.0")
    mv = side / "GlobalSettings" / "MV.xml"
    edit(mv, sub(r'(<dsml:attribute-type id="accountEnabled") single-value="true"', r"\g<1>", 1))
    set_global(side, "Microsoft.OptionalFeature.ExportDeletionThresholdValue", "5000")
    # What the newer version brings: an attribute in person, and a setting the older one does not have.
    edit(
        mv,
        replace_once(
            '<dsml:attribute ref="#accountEnabled" required="false" />',
            '<dsml:attribute ref="#accountEnabled" required="false" />'
            '<dsml:attribute ref="#onPremisesObjectIdentifier" required="false" />',
        ),
    )
    edit(
        mv,
        replace_once(
            '<dsml:attribute-type id="accountEnabled"',
            attribute_type("onPremisesObjectIdentifier", single=True) + '<dsml:attribute-type id="accountEnabled"',
        ),
    )
    edit(
        mv,
        replace_once(
            "</parameter-values>",
            '<parameter name="Microsoft.OptionalFeature.NewFeature" type="string" use="SynchronizationGlobal" '
            'dataType="String">False</parameter></parameter-values>',
        ),
    )
    # And an attribute only the OLDER side has: not something an upgrade brings.
    edit(
        reference / "GlobalSettings" / "MV.xml",
        replace_once(
            '<dsml:attribute-type id="accountEnabled"',
            attribute_type("legacyCostCenter") + '<dsml:attribute-type id="accountEnabled"',
        ),
    )
    result = result_of(reference, side)
    assert drift(result) == {
        ("metaverse", "changed", "metaverse", "attribute[accountEnabled]"),
        ("metaverse", "removed", "metaverse", "attribute[legacyCostCenter]"),
        ("global_setting", "changed", "Microsoft.OptionalFeature.ExportDeletionThresholdValue", "value"),
    }
    expected = {(d["category"], d["object"], d["field"]) for d in result["differences"] if d["expected"]}
    assert expected == {
        ("version_change", VERSION, "value"),
        ("version_change", "Microsoft.OptionalFeature.NewFeature", "value"),
        ("version_change", "metaverse", "attribute[onPremisesObjectIdentifier]"),
        ("version_change", "metaverse", "class[person]"),
    }


def test_boolean_spelling_of_global_settings_is_not_a_difference(tmp_path: Path) -> None:
    side = copy_side(PILOT, tmp_path / "side")
    edit(
        side / "GlobalSettings" / "MV.xml", lambda t: t.replace('dataType="String">False<', 'dataType="String">false<')
    )
    assert result_of(PRODUCTION, side)["differences"] == []


def test_run_profile_step_settings_and_password_sync_retries_are_compared(tmp_path: Path) -> None:
    side = copy_side(PILOT, tmp_path / "side")
    ad = connector_file(side, AD_CONNECTOR)
    edit(ad, sub(r"(<name>Delta Import</name>.*?<page-size>)500(</page-size>)", r"\g<1>100\g<2>", 1))
    edit(
        ad,
        replace_once("<maximum-retry-count>10</maximum-retry-count>", "<maximum-retry-count>3</maximum-retry-count>"),
    )
    assert drift(result_of(PRODUCTION, side)) == {
        ("connector", "changed", AD_CONNECTOR, "run_profile[Delta Import]"),
        ("connector", "changed", AD_CONNECTOR, "password_sync[maximum-retry-count]"),
    }


def test_a_standard_rule_renamed_by_an_upgrade_is_one_expected_entry(tmp_path: Path) -> None:
    side = copy_side(PILOT, tmp_path / "side")
    set_global(side, VERSION, "1.1.819.0")
    rule = rule_file(side, "In from AD - User Join")
    edit(rule, sub(r"InfromADUserJoin\.(\d{3})", lambda m: f"InfromADUserJoin.{int(m.group(1)) + 1:03d}", 1))
    edit(
        rule, replace_once("<name>In from AD - User Join</name>", "<name>In from AD - User Join (cloud anchor)</name>")
    )
    result = result_of(PRODUCTION, side)
    assert result["identical"] is True
    (entry,) = [d for d in result["differences"] if d["object"].startswith(USER_JOIN)]
    assert entry["category"] == "version_change" and "name" in entry["reason"]


def test_a_standard_rule_only_the_newer_version_has_is_expected_and_a_custom_one_is_not(tmp_path: Path) -> None:
    side = copy_side(PILOT, tmp_path / "side")
    set_global(side, VERSION, "1.1.819.0")
    template = rule_file(side, "In from AD - User Join").read_text(encoding="utf-8")
    for name, tag in (
        ("In from AD - Device Join Win10", "Microsoft.InfromADDeviceJoinWin10.001"),
        ("Custom Badge", ""),
    ):
        text = re.sub(r"<name>[^<]*</name>", f"<name>{name}</name>", template, count=1)
        text = re.sub(r"<immutable-tag>[^<]*</immutable-tag>", f"<immutable-tag>{tag}</immutable-tag>", text)
        text = re.sub(r"<attribute-mappings>.*</attribute-mappings>", "<attribute-mappings />", text, flags=re.S)
        text = re.sub(r"<id>\{[^}]*\}</id>", f"<id>{{{uuid.uuid4()}}}</id>", text, count=1)
        (side / "SynchronizationRules" / f"{uuid.uuid4()}.xml").write_text(text, encoding="utf-8")
    result = result_of(PRODUCTION, side)
    assert drift(result) == {("sync_rule", "added", f"{AD_CONNECTOR} / Inbound / Custom Badge", "")}
    assert ("version_change", "added") in {
        (d["category"], d["change"]) for d in result["differences"] if "Win10" in d["object"]
    }


def _add_duplicates(side: Path) -> None:
    template = rule_file(side, "In from AD - User Join").read_text(encoding="utf-8")
    for precedence, department in (("50", "Sales"), ("60", "Finance")):
        text = re.sub(r"<name>[^<]*</name>", "<name>User Dept</name>", template, count=1)
        text = re.sub(r"<immutable-tag>[^<]*</immutable-tag>", "<immutable-tag />", text)
        text = re.sub(r"<precedence>\d+</precedence>", f"<precedence>{precedence}</precedence>", text)
        text = re.sub(r"<id>\{[^}]*\}</id>", f"<id>{{{uuid.uuid4()}}}</id>", text, count=1)
        scope = (
            "<synchronizationCriteria><conditions><scope><csAttribute>department</csAttribute><csOperator>EQUAL"
            f"</csOperator><csValue>{department}</csValue></scope></conditions></synchronizationCriteria>"
        )
        text = re.sub(
            r"<synchronizationCriteria ?/>|<synchronizationCriteria>.*</synchronizationCriteria>",
            scope,
            text,
            flags=re.S,
        )
        assert f"<csValue>{department}</csValue>" in text
        (side / "SynchronizationRules" / f"dept-{department}.xml").write_text(text, encoding="utf-8")


def test_of_two_rules_of_one_name_the_removed_one_is_named(tmp_path: Path) -> None:
    reference, side = copy_side(PILOT, tmp_path / "reference"), copy_side(PILOT, tmp_path / "side")
    _add_duplicates(reference)
    _add_duplicates(side)
    assert result_of(reference, side)["differences"] == []
    (side / "SynchronizationRules" / "dept-Sales.xml").unlink()
    assert drift(result_of(reference, side)) == {
        ("sync_rule", "removed", f"{AD_CONNECTOR} / Inbound / User Dept (precedence 50)", "")
    }


def test_two_mappings_to_one_attribute_in_another_order_are_the_same(tmp_path: Path) -> None:
    reference, side = copy_side(PILOT, tmp_path / "reference"), copy_side(PILOT, tmp_path / "side")
    first = (
        "<mapping><dest>info</dest><src><attr>description</attr></src><valueMergeType>Update</valueMergeType></mapping>"
    )
    second = "<mapping><dest>info</dest><src>constant</src><valueMergeType>Update</valueMergeType></mapping>"
    edit(
        rule_file(reference, "In from AD - User Join"),
        sub(r"<attribute-mappings ?/>|<attribute-mappings>", f"<attribute-mappings>{first}{second}", 1),
    )
    edit(
        rule_file(side, "In from AD - User Join"),
        sub(r"<attribute-mappings ?/>|<attribute-mappings>", f"<attribute-mappings>{second}{first}", 1),
    )
    assert result_of(reference, side)["differences"] == []


def test_an_archive_from_macos_finder_reads_as_its_folder(tmp_path: Path) -> None:
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for path in PILOT.rglob("*.xml"):
            relative = path.relative_to(PILOT)
            zipped.write(path, f"Export/{relative.as_posix()}")
            zipped.writestr(f"__MACOSX/Export/{relative.parent.as_posix()}/._{path.name}", b"\x00\x05\x16\x07")
    assert result_of(PRODUCTION, archive)["differences"] == []
