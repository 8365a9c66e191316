"""Comparison results built by hand for the report tests: one identical, one with drift in every category.

The drift result holds what a report must survive: a rule name that is HTML and Markdown at once, a 2,000-character
expression, a value of several lines, values absent on one side, 40 standard rules of another version.
"""

from __future__ import annotations

import copy
from typing import Any

AD = "contoso.com"
ENTRA = "contoso.onmicrosoft.com - AAD"
HOSTILE = 'In "from" <script>alert(1)</script> & co'
HOSTILE_RULE = f"{AD} / Inbound / {HOSTILE}"
USER_JOIN = f"{AD} / Inbound / In from AD - User Join"
# Long, and with the characters a table or a fence would trip on: '|', backticks, a backslash before '|'.
LONG_EXPRESSION = (
    'IIF(IsPresent([extensionAttribute15]), Trim([extensionAttribute15]) & "|" & `x` & "\\|", '
    + " & ".join(f'Word(Trim([proxyAddresses]), {i}, "|")' for i in range(1, 200))
)[:2000]
LONG_EXPRESSION_TAIL = LONG_EXPRESSION[-40:]
# Would load an image (a request) and run code if it were ever written unescaped.
IMAGE_PAYLOAD = '<img src="x" onerror="alert(2)">'
MULTILINE = 'Switch([userAccountControl],\n  "512", "enabled",\r\n  "514", "disabled")'
VERSION_RULES = 40


def side(label: str, server: str | None, version: str | None, rules: int) -> dict[str, Any]:
    return {
        "label": label,
        "path": f"/srv/entra-connect/config/{label}-server-configuration.zip",
        "kind": "server_configuration",
        "server": server,
        "version": version,
        "exported_at": "2026-11-22T08:00:00Z" if server else None,
        "connectors": 2,
        "sync_rules": rules,
    }


def difference(
    category: str,
    change: str,
    obj: str,
    field: str,
    ref: str | None,
    diff: str | None,
    reason: str = "",
) -> dict[str, Any]:
    return {
        "category": category,
        "change": change,
        "object": obj,
        "field": field,
        "reference": ref,
        "difference": diff,
        "expected": category in ("version_change", "server_role"),
        "reason": reason,
    }


def result_of(differences: list[dict[str, Any]], findings: list[dict[str, str]] | None = None) -> dict[str, Any]:
    summary = dict.fromkeys(
        ("sync_rule", "connector", "global_setting", "metaverse", "version_change", "server_role"), 0
    )
    for entry in differences:
        summary[entry["category"]] += 1
    return {
        "identical": not any(not d["expected"] for d in differences),
        "reference": side("old-sync01", "OLD-SYNC01", "1.6.16.0", 120),
        "difference": side("new-sync01", "NEW-SYNC01", "2.4.18.0", 121),
        "connector_pairs": [
            {"reference": AD, "difference": AD},
            {"reference": ENTRA, "difference": ENTRA},
        ],
        "summary": summary,
        "differences": differences,
        "findings": findings or [],
        "generated_at": "2026-11-22T08:05:00Z",
    }


def server_role() -> list[dict[str, Any]]:
    reason = "differs between an active and a staging server"
    return [
        difference("server_role", "changed", "Microsoft.Synchronize.StagingMode", "value", "false", "true", reason),
        difference(
            "server_role", "changed", "Microsoft.Synchronize.SchedulerSuspended", "value", "false", "true", reason
        ),
    ]


def version_changes() -> list[dict[str, Any]]:
    rules = [
        difference(
            "version_change",
            "changed",
            f"{AD} / Inbound / In from AD - Standard {i:02d}",
            "immutable_tag",
            f"Microsoft.InFromADStandard{i:02d}.004",
            f"Microsoft.InFromADStandard{i:02d}.008",
            "standard rule of another product version; 1 other field(s) differ with it: transformation[cn]",
        )
        for i in range(1, VERSION_RULES + 1)
    ]
    rules.append(
        difference(
            "version_change",
            "changed",
            "Microsoft.Synchronize.ServerConfigurationVersion",
            "value",
            "1.6.16.0",
            "2.4.18.0",
            "the product's version",
        )
    )
    return rules


def identical() -> dict[str, Any]:
    return result_of([*version_changes()[-1:], *server_role()])


def drift() -> dict[str, Any]:
    differences = [
        difference("sync_rule", "changed", USER_JOIN, "precedence", "100", "101"),
        difference("sync_rule", "changed", USER_JOIN, "join", "objectGUID = sourceAnchorBinary", None),
        difference("sync_rule", "changed", USER_JOIN, "transformation[displayName]", LONG_EXPRESSION, "[cn]"),
        difference("sync_rule", "changed", USER_JOIN, "scoping", MULTILINE, ""),
        difference("sync_rule", "added", HOSTILE_RULE, "", None, "custom, precedence 50, disabled false"),
        difference(
            "sync_rule",
            "renamed",
            f"{AD} / Outbound / Out to AD - Old -> Out to AD - New",
            "name",
            "Out to AD - Old",
            "Out to AD - New",
        ),
        difference("connector", "changed", AD, "partition[DC=contoso,DC=com].inclusions", "OU=Sales", "OU=Sales|EU"),
        difference("connector", "changed", AD, "run_profile[Delta Import OU=Sales]", "delta import", None),
        difference("connector", "changed", AD, "attribute_inclusion", "only here: msDS-cloudExtensionAttribute1", ""),
        difference("connector", "changed", AD, "description", "Forest", IMAGE_PAYLOAD),
        difference("global_setting", "changed", "Microsoft.OptionalFeature.DeviceWriteBack", "value", "true", "false"),
        difference("metaverse", "added", "metaverse", "person.extension_xyz", None, "string, single-valued"),
        *version_changes(),
        *server_role(),
    ]
    findings = [
        {
            "code": "custom_rule_precedence",
            "object": HOSTILE_RULE,
            "message": "Custom rule with precedence 150, outside the range 0-99 | reserved for custom rules.",
        },
        {
            "code": "device_writeback",
            "object": "Microsoft.OptionalFeature.DeviceWriteBack",
            "message": "Device writeback is enabled; the import does not carry it.",
        },
    ]
    return result_of(differences, findings)


def fresh(result: dict[str, Any]) -> dict[str, Any]:
    return copy.deepcopy(result)
