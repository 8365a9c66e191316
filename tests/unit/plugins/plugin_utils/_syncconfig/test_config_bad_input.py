"""Exports that cannot be compared whole: each refused with the file named and what is wrong, never a partial
result."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._syncconfig import export_files
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._syncconfig.compare import compare
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._syncconfig.errors import ConfigError
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._syncconfig.load import read_configuration
from contoso_export import AD_CONNECTOR, PILOT, PRODUCTION, connector_file, copy_side, edit, replace_once, rule_file

USER_COMMON = "In from AD - User Common"


def refused(path: Path) -> str:
    with pytest.raises(ConfigError) as raised:
        read_configuration(str(path), "side")
    return str(raised.value)


def test_a_folder_that_is_not_an_export_names_what_it_lacks(tmp_path: Path) -> None:
    (tmp_path / "Connectors").mkdir()
    message = refused(tmp_path)
    assert str(tmp_path) in message and "is not a server-configuration export: it lacks" in message
    assert (
        "GlobalSettings\\MV.xml" in message
        and "SynchronizationRules" in message
        and "Connectors" not in message.split("lacks")[1].split(".")[0]
    )


def test_a_missing_folder_and_a_file_of_another_kind_are_named(tmp_path: Path) -> None:
    assert "does not exist" in refused(tmp_path / "nowhere")
    other = tmp_path / "notes.txt"
    other.write_text("hello")
    assert "neither a folder nor a zip archive" in refused(other)


def test_a_truncated_rule_file_is_refused_with_its_place(tmp_path: Path) -> None:
    side = copy_side(PILOT, tmp_path / "side")
    rule = rule_file(side, USER_COMMON)
    rule.write_bytes(rule.read_bytes()[:5000])
    message = refused(side)
    assert rule.name in message and "truncated" in message and "line " in message


@pytest.mark.parametrize(
    "prolog, word",
    [
        ('<!DOCTYPE x [<!ENTITY bomb "boom">]>', "DOCTYPE"),
        ('<!DOCTYPE x SYSTEM "file:///etc/passwd">', "DOCTYPE"),
    ],
    ids=["internal-entity", "external-dtd"],
)
def test_a_dtd_or_entity_is_refused_before_it_is_read(tmp_path: Path, prolog: str, word: str) -> None:
    side = copy_side(PILOT, tmp_path / "side")
    mv = side / "GlobalSettings" / "MV.xml"
    mv.write_text(prolog + mv.read_text(encoding="utf-8"), encoding="utf-8")
    message = refused(side)
    assert word in message and "MV.xml" in message and "refused" in message


def test_an_undeclared_entity_is_not_expanded(tmp_path: Path) -> None:
    side = copy_side(PILOT, tmp_path / "side")
    edit(rule_file(side, USER_COMMON), replace_once("<description />", "<description>&secret;</description>"))
    assert "undefined entity" in refused(side) or "undeclared entity" in refused(side)


def test_a_nul_character_is_named_with_its_line_not_a_crash(tmp_path: Path) -> None:
    """The Documenter stops with an XmlException on one (AADConnectConfigDocumenter issue 23)."""
    side = copy_side(PILOT, tmp_path / "side")
    rule = rule_file(side, USER_COMMON)
    edit(rule, replace_once("<description />", "<description>a\x00b</description>"))
    message = refused(side)
    assert "NUL character (0x00)" in message and "line 6" in message and rule.name in message


def test_a_rule_of_a_connector_missing_from_the_export_makes_it_incomplete(tmp_path: Path) -> None:
    side = copy_side(PILOT, tmp_path / "side")
    connector_file(side, AD_CONNECTOR).unlink()
    message = refused(side)
    assert "incomplete" in message and "not in" in message


def test_two_exports_of_different_generations_are_not_compared(tmp_path: Path) -> None:
    side = copy_side(PILOT, tmp_path / "side")
    edit(
        side / "GlobalSettings" / "MV.xml",
        replace_once("<format-version>1</format-version>", "<format-version>2</format-version>"),
    )
    with pytest.raises(ConfigError, match="different kinds or product generations") as raised:
        compare(read_configuration(str(PRODUCTION), "production"), read_configuration(str(side), "changed"))
    assert "format 1" in str(raised.value) and "format 2" in str(raised.value)


def test_a_settings_json_and_a_server_export_are_not_compared(tmp_path: Path, old_state: dict) -> None:
    policy = next(iter(old_state["files"].values()))["content"]
    path = tmp_path / "Applied-SynchronizationPolicy-1.json"
    path.write_text(json.dumps(policy))
    with pytest.raises(ConfigError, match="different kinds"):
        compare(read_configuration(str(PRODUCTION), "production"), read_configuration(str(path), "settings"))


@pytest.mark.parametrize(
    "content, word",
    [
        ('{"onpremisesDirectoryPolicy": {}}', "settings export"),
        ("[1, 2]", "settings export"),
        ("not json", "not JSON"),
        (
            '{"onpremisesDirectoryPolicy": [{"friendlyName": "x", "partitionFilters": [1]}],'
            ' "azureDirectoryPolicy": {}}',
            "partitionFilters of 'x' must hold objects",
        ),
        (
            '{"onpremisesDirectoryPolicy": [{"friendlyName": "x",'
            ' "partitionFilters": [{"containerInclusions": [{}]}]}], "azureDirectoryPolicy": {}}',
            "containerInclusions must be a list of distinguished names",
        ),
    ],
    ids=["policy-not-a-list", "a-list", "not-json", "filter-not-an-object", "inclusion-not-a-name"],
)
def test_a_settings_json_of_another_shape_is_refused(tmp_path: Path, content: str, word: str) -> None:
    path = tmp_path / "settings.json"
    path.write_text(content)
    message = refused(path)
    assert word in message and str(path) in message


def test_an_archive_that_unpacks_to_more_than_an_export_is_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        zipped.writestr("GlobalSettings/MV.xml", "<x/>" + " " * 100_000)
    monkeypatch.setattr(export_files, "MAX_ARCHIVE_BYTES", 50_000)
    assert "more than any configuration export" in refused(archive)


def test_a_damaged_archive_is_named(tmp_path: Path) -> None:
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("GlobalSettings/MV.xml", "<x/>")
    archive.write_bytes(archive.read_bytes()[:-30])
    assert str(archive) in refused(archive)


def test_a_precedence_in_other_digits_is_compared_as_text_not_a_crash(tmp_path: Path) -> None:
    side = copy_side(PILOT, tmp_path / "side")
    edit(
        rule_file(side, USER_COMMON),
        replace_once("<precedence>106</precedence>", "<precedence>\u00b9\u00b9</precedence>"),
    )
    result = compare(read_configuration(str(PRODUCTION), "production"), read_configuration(str(side), "changed"))
    assert [(d["field"], d["difference"]) for d in result["differences"]] == [("precedence", "\u00b9\u00b9")]
