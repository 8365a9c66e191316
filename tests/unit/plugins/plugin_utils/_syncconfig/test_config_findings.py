"""What the settings import does not carry, found in a configuration [S6][S27]; and the sync-settings JSON."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._syncconfig.compare import compare
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._syncconfig.findings import findings
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._syncconfig.load import read_configuration
from contoso_export import (
    AD_CONNECTOR,
    PILOT,
    PRODUCTION,
    connector_file,
    copy_side,
    edit,
    replace_once,
    rule_file,
    set_global,
)


def codes(path: Path) -> set[tuple[str, str]]:
    return {(f["code"], f["object"]) for f in findings(read_configuration(str(path), "side"))}


def test_contoso_has_only_its_connector_selections_to_check() -> None:
    assert codes(PRODUCTION) == {
        ("object_and_attribute_filter", AD_CONNECTOR),
        ("object_and_attribute_filter", "contoso.onmicrosoft.com - AAD"),
    }


def test_each_import_limitation_is_found(tmp_path: Path) -> None:
    side = copy_side(PILOT, tmp_path / "side")
    custom = rule_file(side, "In from AD - User Common").read_text(encoding="utf-8")
    for name, precedence, disabled in (("Custom late", "150", "False"), ("Custom off", "20", "True")):
        text = custom.replace("<name>In from AD - User Common</name>", f"<name>{name}</name>")
        text = text.replace("<immutable-tag>Microsoft.InfromADUserCommon.004</immutable-tag>", "<immutable-tag />")
        text = text.replace("<precedence>106</precedence>", f"<precedence>{precedence}</precedence>")
        text = text.replace("<disabled>False</disabled>", f"<disabled>{disabled}</disabled>")
        text = re.sub(r"<id>\{[^}]*\}</id>", f"<id>{{{name}}}</id>", text, count=1)
        (side / "SynchronizationRules" / f"{name}.xml").write_text(text, encoding="utf-8")
    edit(
        rule_file(side, "Out to AAD - Group Join"),
        replace_once("<disabled>False</disabled>", "<disabled>True</disabled>"),
    )
    set_global(side, "Microsoft.OptionalFeature.DeviceWriteBack", "True")
    edit(connector_file(side, AD_CONNECTOR), lambda t: t.replace("<name>Export</name>", "<name>Export Sales</name>", 1))
    found = codes(side)
    assert ("custom_rule_precedence", f"{AD_CONNECTOR} / Inbound / Custom late") in found
    assert ("disabled_custom_rule", f"{AD_CONNECTOR} / Inbound / Custom off") in found
    assert ("custom_rule_precedence", f"{AD_CONNECTOR} / Inbound / Custom off") not in found
    assert ("modified_standard_rule", "contoso.onmicrosoft.com - AAD / Outbound / Out to AAD - Group Join") in found
    assert ("device_writeback", "Microsoft.OptionalFeature.DeviceWriteBack") in found
    assert ("custom_run_profile", f"{AD_CONNECTOR}: Export Sales") in found
    assert len(found) == 7  # the five above and the two connectors' selections


def _policy(old_state: dict) -> dict:
    return copy.deepcopy(next(iter(old_state["files"].values()))["content"])


def test_a_settings_json_compared_with_itself_is_identical(tmp_path: Path, old_state: dict) -> None:
    path = tmp_path / "a.json"
    path.write_text(json.dumps(_policy(old_state)))
    config = read_configuration(str(path), "a")
    assert config.kind == "sync_settings" and config.server == "OLD-SYNC01.contoso.com"
    result = compare(config, read_configuration(str(path), "b"))
    assert result["differences"] == [] and result["identical"]


def test_a_settings_json_shows_rule_and_filter_changes_but_not_new_guids(tmp_path: Path, old_state: dict) -> None:
    reference, changed = _policy(old_state), _policy(old_state)
    directory = changed["onpremisesDirectoryPolicy"][0]
    for rule in directory["standardSynchronizationRules"]:
        rule["uniqueIdentifier"] = "00000000-0000-0000-0000-000000000001"
    directory["standardSynchronizationRules"][0]["disabled"] = True
    directory["partitionFilters"][0]["containerExclusions"] = []
    custom = changed["azureDirectoryPolicy"]["customSynchronizationRules"][0]
    custom["name"] = custom["name"] + " (renamed)"
    paths = []
    for name, document in (("reference", reference), ("changed", changed)):
        paths.append(tmp_path / f"{name}.json")
        paths[-1].write_text(json.dumps(document))
    result = compare(read_configuration(str(paths[0]), "r"), read_configuration(str(paths[1]), "d"))
    fields = {(d["category"], d["change"], d["field"]) for d in result["differences"]}
    assert fields == {
        ("sync_rule", "changed", "disabled"),
        ("connector", "changed", "partition[DC=contoso,DC=com].exclusions"),
        ("sync_rule", "renamed", "name"),
    }
