# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What in a configuration the settings import does not carry, or may carry wrongly [S6][S27].

The import does not carry device writeback, the object types and attributes selected in Synchronization
Service Manager, custom run profiles or the provisioning hierarchy; custom rules outside precedence 0-99 and
modified standard rules may be placed wrongly; builds before 1.5.45.0 import disabled custom rules as enabled.
Each finding names the object and what to check on the server built from the import.
"""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

import re

from .._rules.export_settings import CUSTOM_PRECEDENCE, STANDARD_RUN_PROFILES
from .model import Configuration

SETTING_DEVICE_WRITEBACK = "Microsoft.OptionalFeature.DeviceWriteBack"


def _finding(code: str, obj: str, message: str) -> dict[str, str]:
    return {"code": code, "object": obj, "message": message}


def findings(config: Configuration) -> list[dict[str, str]]:
    found = []
    for rule in config.rules:
        precedence = rule.fields.get("precedence")
        disabled = rule.fields.get("disabled") == "true"
        if (
            not rule.standard
            and isinstance(precedence, str)
            and re.fullmatch("[0-9]+", precedence) is not None
            and int(precedence) not in CUSTOM_PRECEDENCE
        ):
            found.append(
                _finding(
                    "custom_rule_precedence",
                    rule.label,
                    f"Custom rule with precedence {precedence}, outside the range 0-99 reserved for custom rules: the "
                    "import may give it another precedence. Check its place on the server built from the import.",
                )
            )
        if not rule.standard and disabled:
            found.append(
                _finding(
                    "disabled_custom_rule",
                    rule.label,
                    "Disabled custom rule: imports before 1.5.45.0 enable it. Check it is disabled on the server built "
                    "from the import.",
                )
            )
        if rule.standard and disabled:
            found.append(
                _finding(
                    "modified_standard_rule",
                    rule.label,
                    f"Standard rule {rule.immutable_tag} is disabled: a modified standard rule may not come "
                    "across as it is. Disable it again on the new server and check the custom rule that replaces it.",
                )
            )
    if (config.global_settings.get(SETTING_DEVICE_WRITEBACK) or "").lower() == "true":
        found.append(
            _finding(
                "device_writeback",
                SETTING_DEVICE_WRITEBACK,
                "Device writeback is enabled; the import does not carry it. Enable it in the wizard (Optional "
                "features).",
            )
        )
    for connector in config.connectors.values():
        object_types = sorted({t for k, v in connector.fields.items() if k.endswith(".object_types") for t in v})
        attributes = connector.fields.get("attribute_inclusion") or frozenset()
        if object_types or attributes:
            found.append(
                _finding(
                    "object_and_attribute_filter",
                    connector.name,
                    f"{len(object_types)} object type(s) and {len(attributes)} attribute(s) are selected in "
                    "Synchronization Service Manager; the import does not carry the selection. The comparison shows "
                    "whether the other "
                    "server selects the same ones.",
                )
            )
        for field in connector.fields:
            if (
                field.startswith("run_profile[")
                and field[len("run_profile[") : -1].lower() not in STANDARD_RUN_PROFILES
            ):
                found.append(
                    _finding(
                        "custom_run_profile",
                        f"{connector.name}: {field[len('run_profile[') : -1]}",
                        "Custom run profile; the import does not carry it. Create it again in Synchronization "
                        "Service Manager.",
                    )
                )
            if field.startswith("hierarchy["):
                found.append(
                    _finding(
                        "provisioning_hierarchy",
                        connector.name,
                        "A provisioning hierarchy is configured; the import does not carry it. Configure it again.",
                    )
                )
    return found
