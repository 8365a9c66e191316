"""The comparison on Microsoft's Contoso export: identical with itself, and each change a server could undergo
found in its category and nothing else reported."""

from __future__ import annotations

import functools
import re
import uuid
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._syncconfig.compare import compare
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._syncconfig.load import read_configuration
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._syncconfig.model import Configuration
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

USER_COMMON = f"{AD_CONNECTOR} / Inbound / In from AD - User Common"
VERSION_CHANGED = ("version_change", "changed", "Microsoft.Synchronize.ServerConfigurationVersion", "value")
GROUP_JOIN = f"{ENTRA_CONNECTOR} / Outbound / Out to AAD - Group Join"
Found = set[tuple[str, str, str, str]]


def found(result: dict) -> Found:
    return {(d["category"], d["change"], d["object"], d["field"]) for d in result["differences"]}


@functools.cache
def production() -> Configuration:
    return read_configuration(str(PRODUCTION), "production")


def compare_with(side: Path, connector_map: dict[str, str] | None = None) -> dict:
    return compare(production(), read_configuration(str(side), "changed"), connector_map)


def test_the_two_contoso_sides_are_identical_with_no_difference_at_all() -> None:
    result = compare(read_configuration(str(PRODUCTION), "production"), read_configuration(str(PILOT), "pilot"))
    assert result["identical"] is True
    assert result["differences"] == []
    assert result["reference"]["sync_rules"] == 62 and result["reference"]["connectors"] == 2
    assert {(p["reference"], p["paired_by"]) for p in result["connector_pairs"]} == {
        (AD_CONNECTOR, "name"),
        (ENTRA_CONNECTOR, "name"),
    }


# Changes that are not configuration: each leaves the comparison with nothing to report.


def _new_guids(side: Path) -> None:
    """Every rule and connector GUID and every file name new, as on another server [S24]."""
    mapping: dict[str, str] = {}

    def fresh(match: re.Match[str]) -> str:
        old = match.group(0).lower()
        mapping.setdefault(old, str(uuid.uuid4()))
        new = mapping[old]
        return new.upper() if match.group(0).isupper() else new

    guid = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
    for path in list(side.rglob("*.xml")):
        text = re.sub(guid, fresh, path.read_text(encoding="utf-8"))
        path.unlink()
        (path.parent / re.sub(guid, fresh, path.name)).write_text(text, encoding="utf-8")


def _volatile(side: Path) -> None:
    for path in side.rglob("*.xml"):
        edit(path, lambda t: t.replace("\n", "\r\n"))
    ad = connector_file(side, AD_CONNECTOR)
    edit(ad, sub(r"<creation-time>[^<]*</creation-time>", "<creation-time>2026-11-01 10:00:00.000</creation-time>"))
    edit(ad, sub(r"<version>\d+</version>", "<version>9001</version>"))
    edit(ad, sub(r"<cookie>[^<]*</cookie>", "<cookie>AAAAbm90IHRoZSBzYW1l</cookie>"))
    edit(ad, sub(r"<last-dc>[^<]*</last-dc>", "<last-dc>CONTOSO-DC07.contoso.com</last-dc>"))
    edit(ad, sub(r"MSOL_[0-9a-f]{12}", "MSOL_0123456789ab"))
    edit(
        connector_file(side, ENTRA_CONNECTOR),
        sub(r"Sync_CONTOSO-SYNC01_[0-9a-f]{12}@", "Sync_NEW-SYNC01_a1b2c3d4e5f6@"),
    )
    edit(side / "GlobalSettings" / "MV.xml", sub(r"export-date='[^']*'", "export-date='2026-11-22 08:00:00.000'"))
    set_global(side, "Microsoft.Synchronize.NextStartTime", "Sun, 22 Nov 2026 09:30:00 GMT")
    # Whitespace outside a string literal of an expression does not change what it does.
    edit(
        rule_file(side, "In from AD - User Common"),
        replace_once(
            "IIF(BitAnd([userAccountControl],2)=0,True,False)",
            "IIF( BitAnd( [userAccountControl] , 2 ) = 0 , True , False )",
        ),
    )
    # Booleans as another build spells them.
    edit(
        rule_file(side, "Out to AAD - Group Join"),
        replace_once("<disabled>False</disabled>", "<disabled>false</disabled>"),
    )


def _wrapped_connector(side: Path) -> None:
    """Synchronization Service Manager's Export Connector wraps <ma-data> [S24]."""
    edit(connector_file(side, ENTRA_CONNECTOR), lambda t: "<saved-ma-configuration>" + t + "</saved-ma-configuration>")


def _encodings(side: Path) -> None:
    rule = rule_file(side, "In from AD - User Common")
    rule.write_bytes(rule.read_text(encoding="utf-8").encode("utf-16"))
    mv = side / "GlobalSettings" / "MV.xml"
    mv.write_bytes(b"\xef\xbb\xbf" + mv.read_bytes())


def _reordered(side: Path) -> None:
    """Mappings, scoping groups and conditions in another order."""

    def reverse_mappings(text: str) -> str:
        head, body, tail = re.split(r"(?s)<attribute-mappings>(.*)</attribute-mappings>", text)[0:3]
        mappings = re.findall(r"(?s)<mapping>.*?</mapping>", body)
        return head + "<attribute-mappings>" + "".join(reversed(mappings)) + "</attribute-mappings>" + tail

    edit(rule_file(side, "In from AD - User Common"), reverse_mappings)
    edit(
        connector_file(side, AD_CONNECTOR),
        sub(
            r"<attribute>adminDescription</attribute>(<attribute>assistant</attribute>)",
            r"\g<1><attribute>adminDescription</attribute>",
        ),
    )


@pytest.mark.parametrize(
    "change",
    [_new_guids, _volatile, _wrapped_connector, _encodings, _reordered],
    ids=["new-guids-and-file-names", "volatile-fields", "export-connector-wrapper", "utf16-and-bom", "order"],
)
def test_what_is_not_configuration_is_not_reported(tmp_path: Path, change: Callable[[Path], None]) -> None:
    side = copy_side(PILOT, tmp_path / "side")
    change(side)
    result = compare_with(side)
    assert result["differences"] == []
    assert result["identical"] is True


# Changes of configuration: each found in its category, field by field, and nothing else.


def _add_custom_rule(side: Path, name: str, precedence: str = "50") -> None:
    template = rule_file(side, "In from AD - User Common").read_text(encoding="utf-8")
    custom = template.replace("<name>In from AD - User Common</name>", f"<name>{name}</name>")
    custom = custom.replace("<immutable-tag>Microsoft.InfromADUserCommon.004</immutable-tag>", "<immutable-tag />")
    custom = custom.replace("<precedence>106</precedence>", f"<precedence>{precedence}</precedence>")
    custom = re.sub(r"<id>\{[^}]*\}</id>", f"<id>{{{uuid.uuid4()}}}</id>", custom, count=1)
    (side / "SynchronizationRules" / f"SynchronizationRule_{{{uuid.uuid4()}}}.xml").write_text(custom, encoding="utf-8")


def _renamed_standard(side: Path) -> None:
    edit(
        rule_file(side, "Out to AAD - Group Join"),
        replace_once("<name>Out to AAD - Group Join</name>", '<name>Out to AAD - Group Join "v2" &amp; more</name>'),
    )


def _expression(side: Path) -> None:
    edit(
        rule_file(side, "In from AD - User Common"),
        replace_once(
            "IIF(IsNullOrEmpty([displayName]),[cn],[displayName])",
            "IIF(IsNullOrEmpty([displayName]),[sAMAccountName],[displayName])",
        ),
    )


def _scoping(side: Path) -> None:
    edit(
        rule_file(side, "In from AD - User Common"),
        sub(
            r"(<synchronizationCriteria>\s*<conditions>)",
            r"\g<1><scope><csAttribute>department</csAttribute><csOperator>NOTEQUAL</csOperator><csValue>Test</csValue></scope>",
            1,
        ),
    )


def _disabled_standard(side: Path) -> None:
    edit(
        rule_file(side, "In from AD - User Common"),
        replace_once("<disabled>False</disabled>", "<disabled>True</disabled>"),
    )


NEXT_VERSION = "1.1.819.0"


def _upgraded_standard(side: Path) -> None:
    """A standard rule of the next version: new tag, new content, same enabled state - expected."""
    set_global(side, "Microsoft.Synchronize.ServerConfigurationVersion", NEXT_VERSION)
    rule = rule_file(side, "In from AD - User Common")
    edit(rule, replace_once("Microsoft.InfromADUserCommon.004", "Microsoft.InfromADUserCommon.008"))
    edit(
        rule,
        replace_once(
            "IIF(IsNullOrEmpty([displayName]),[cn],[displayName])",
            "IIF(IsNullOrWhiteSpace([displayName]),[cn],[displayName])",
        ),
    )
    edit(rule, replace_once("<precedence>106</precedence>", "<precedence>107</precedence>"))


def _role_and_version(side: Path) -> None:
    set_global(side, "Microsoft.Synchronize.StagingMode", "True")
    set_global(side, "Microsoft.Synchronize.ServerConfigurationVersion", "2.5.79.0")


def _global_setting(side: Path) -> None:
    set_global(side, "Microsoft.OptionalFeature.DeviceWriteBack", "True")


def _inclusion(side: Path) -> None:
    edit(
        connector_file(side, AD_CONNECTOR),
        replace_once(
            "<inclusion>OU=CORP,DC=contoso,DC=com</inclusion>",
            "<inclusion>OU=CORP,DC=contoso,DC=com</inclusion><inclusion>OU=Sales,DC=contoso,DC=com</inclusion>",
        ),
    )


def _attribute_and_object_type(side: Path) -> None:
    ad = connector_file(side, AD_CONNECTOR)
    edit(ad, replace_once("<attribute>thumbnailPhoto</attribute>", ""))
    edit(ad, replace_once("<object-class>msDS-Device</object-class>", ""))


def _run_profile(side: Path) -> None:
    def add_profile(text: str) -> str:
        profile = re.search(
            r"(?s)<run-configuration><id>[^<]*</id><name>Delta Import</name>.*?</run-configuration>", text
        )
        assert profile
        custom = profile.group(0).replace("<name>Delta Import</name>", "<name>Delta Import OU=Sales</name>")
        return text.replace("</ma-run-data>", custom + "</ma-run-data>")

    edit(connector_file(side, AD_CONNECTOR), add_profile)


def _metaverse_extension(side: Path) -> None:
    edit(
        side / "GlobalSettings" / "MV.xml",
        replace_once(
            '<dsml:attribute-type id="accountEnabled"',
            '<dsml:attribute-type id="extension_badge" single-value="true"><dsml:name>extension_badge</dsml:name>'
            "<dsml:syntax>1.3.6.1.4.1.1466.115.121.1.15</dsml:syntax></dsml:attribute-type>"
            '<dsml:attribute-type id="accountEnabled"',
        ),
    )


def _removed_rule(side: Path) -> None:
    rule_file(side, "Out to AAD - Group Join").unlink()


CHANGES: list[tuple[str, Callable[[Path], None], Found]] = [
    (
        "added-custom-rule",
        lambda s: _add_custom_rule(s, "In from AD - User Custom Badge"),
        {("sync_rule", "added", f"{AD_CONNECTOR} / Inbound / In from AD - User Custom Badge", "")},
    ),
    ("removed-rule", _removed_rule, {("sync_rule", "removed", GROUP_JOIN, "")}),
    (
        "renamed-standard-rule",
        _renamed_standard,
        {("sync_rule", "renamed", f'{GROUP_JOIN} -> Out to AAD - Group Join "v2" & more', "name")},
    ),
    ("expression", _expression, {("sync_rule", "changed", USER_COMMON, "transformation[displayName]")}),
    ("scoping", _scoping, {("sync_rule", "changed", USER_COMMON, "scoping")}),
    ("disabled-standard-rule", _disabled_standard, {("sync_rule", "changed", USER_COMMON, "disabled")}),
    (
        "upgraded-standard-rule",
        _upgraded_standard,
        {("version_change", "changed", USER_COMMON, "immutable_tag"), VERSION_CHANGED},
    ),
    (
        "staging-and-version",
        _role_and_version,
        {
            ("server_role", "changed", "Microsoft.Synchronize.StagingMode", "value"),
            ("version_change", "changed", "Microsoft.Synchronize.ServerConfigurationVersion", "value"),
        },
    ),
    (
        "global-setting",
        _global_setting,
        {("global_setting", "changed", "Microsoft.OptionalFeature.DeviceWriteBack", "value")},
    ),
    (
        "container-inclusion",
        _inclusion,
        {("connector", "changed", AD_CONNECTOR, "partition[DC=contoso,DC=com].inclusions")},
    ),
    (
        "selected-attribute-and-object-type",
        _attribute_and_object_type,
        {
            ("connector", "changed", AD_CONNECTOR, "attribute_inclusion"),
            ("connector", "changed", AD_CONNECTOR, "partition[DC=contoso,DC=com].object_types"),
        },
    ),
    (
        "custom-run-profile",
        _run_profile,
        {("connector", "changed", AD_CONNECTOR, "run_profile[Delta Import OU=Sales]")},
    ),
    (
        "metaverse-extension-attribute",
        _metaverse_extension,
        {("metaverse", "added", "metaverse", "attribute[extension_badge]")},
    ),
]


@pytest.mark.parametrize("change, expected", [(c, e) for _n, c, e in CHANGES], ids=[n for n, _c, _e in CHANGES])
def test_each_change_is_found_in_its_category_and_nothing_else(
    tmp_path: Path, change: Callable[[Path], None], expected: Found
) -> None:
    side = copy_side(PILOT, tmp_path / "side")
    change(side)
    result = compare_with(side)
    assert found(result) == expected
    assert result["identical"] is all(entry[0] in ("version_change", "server_role") for entry in expected)
    assert sum(result["summary"].values()) == len(expected)


def test_a_changed_expression_shows_both_values_and_every_source(tmp_path: Path) -> None:
    side = copy_side(PILOT, tmp_path / "side")
    _expression(side)
    (difference,) = compare_with(side)["differences"]
    assert "[cn]" in difference["reference"] and "sources: cn, displayName" in difference["reference"]
    assert (
        "[sAMAccountName]" in difference["difference"]
        and "sAMAccountName" in difference["difference"].split("sources:")[1]
    )


def test_an_upgraded_standard_rule_is_one_expected_entry_that_names_what_changed_with_it(tmp_path: Path) -> None:
    side = copy_side(PILOT, tmp_path / "side")
    _upgraded_standard(side)
    (difference,) = [d for d in compare_with(side)["differences"] if d["object"] == USER_COMMON]
    assert difference["expected"] is True
    assert (difference["reference"], difference["difference"]) == (
        "Microsoft.InfromADUserCommon.004",
        "Microsoft.InfromADUserCommon.008",
    )
    assert "precedence" in difference["reason"] and "transformation[displayName]" in difference["reason"]


def test_an_upgraded_standard_rule_that_was_also_disabled_keeps_the_disabled_as_drift(tmp_path: Path) -> None:
    side = copy_side(PILOT, tmp_path / "side")
    _upgraded_standard(side)
    _disabled_standard(side)
    assert found(compare_with(side)) == {
        ("version_change", "changed", USER_COMMON, "immutable_tag"),
        ("sync_rule", "changed", USER_COMMON, "disabled"),
        VERSION_CHANGED,
    }


def test_a_renamed_custom_rule_is_found_by_its_content(tmp_path: Path) -> None:
    reference = copy_side(PILOT, tmp_path / "reference")
    side = copy_side(PILOT, tmp_path / "side")
    _add_custom_rule(reference, "In from AD - User Custom 'Badge'")
    _add_custom_rule(side, "In from AD - User Badge (custom)")
    result = compare(read_configuration(str(reference), "r"), read_configuration(str(side), "d"))
    assert found(result) == {
        (
            "sync_rule",
            "renamed",
            f"{AD_CONNECTOR} / Inbound / In from AD - User Custom 'Badge' -> In from AD - User Badge (custom)",
            "name",
        )
    }


def test_a_renamed_connector_pairs_through_the_connector_map(tmp_path: Path) -> None:
    side = copy_side(PILOT, tmp_path / "side")
    edit(
        connector_file(side, AD_CONNECTOR),
        replace_once(f"<name>{AD_CONNECTOR}</name>", "<name>corp.contoso.com</name>"),
    )
    result = compare_with(side, {AD_CONNECTOR: "corp.contoso.com"})
    assert result["differences"] == []
    without_map = found(compare_with(side))
    assert ("connector", "removed", AD_CONNECTOR, "") in without_map and (
        "connector",
        "added",
        "corp.contoso.com",
        "",
    ) in without_map


def test_the_entra_connector_named_after_another_tenant_label_pairs_by_kind(tmp_path: Path) -> None:
    side = copy_side(PILOT, tmp_path / "side")
    edit(
        connector_file(side, ENTRA_CONNECTOR),
        replace_once(f"<name>{ENTRA_CONNECTOR}</name>", "<name>contoso.onmicrosoft.com - AAD 2</name>"),
    )
    result = compare_with(side)
    assert result["differences"] == []
    assert {
        "reference": ENTRA_CONNECTOR,
        "difference": "contoso.onmicrosoft.com - AAD 2",
        "paired_by": "kind",
    } in result["connector_pairs"]


def test_an_archive_with_backslash_entry_names_reads_as_its_folder(tmp_path: Path) -> None:
    """Compress-Archive of Windows PowerShell 5.1 writes backslashes (Microsoft.PowerShell.Archive issue 48)."""
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for path in PILOT.rglob("*.xml"):
            zipped.write(path, "\\".join(path.relative_to(PILOT).parts))
    result = compare_with(archive)  # type: ignore[arg-type]
    assert result["differences"] == [] and result["difference"]["sync_rules"] == 62
