# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The simulated operator re-applying by hand what the settings import does not carry.

The wizard's import does not carry device writeback, the object-type and attribute selection made in
Synchronization Service Manager, or custom run profiles [S6]; the worksheet lists them from the old server
(``not_carried`` of entra_export_settings, _rules/export_settings.py) and the operator re-applies them after
the wizard. The twin does what the worksheet says, from each gap's ``values``, on the new server's connector
of the same NAME (a new installation's connectors need not have the old identifiers):
- ``optional_feature``: ``{"setting": <global setting>}`` is enabled ("True");
- ``object_and_attribute_filter``: ``{"connector", "object_inclusion", "attribute_inclusion"}`` are selected;
- ``custom_run_profile``: ``{"connector", "run_profile"}`` is created again.
A gap without ``values``, or of another kind, is for a person to judge and is left alone.

A seed may make the operator forget kinds of gaps, to show what the staging verification then finds: the
target's state ``"lab_operator": {"forgets": ["custom_run_profile", ...]}`` (the three kinds above).
"""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

from typing import Any

REAPPLIED_KINDS = ("optional_feature", "object_and_attribute_filter", "custom_run_profile")
ENABLED = "True"


def _settings_of(product: dict[str, Any], connector_name: str) -> dict[str, Any] | None:
    connector = next((c for c in product["connectors"] if c["name"].lower() == connector_name.lower()), None)
    if connector is None:
        return None
    settings: dict[str, Any] = product.setdefault("connector_settings", {}).setdefault(connector["identifier"], {})
    return settings


def _apply(product: dict[str, Any], kind: str, values: dict[str, Any]) -> bool:
    """Re-apply one gap; False when the new server has nothing to apply it to."""
    if kind == "optional_feature":
        product.setdefault("global_settings", {})[values["setting"]] = ENABLED
        return True
    settings = _settings_of(product, values["connector"])
    if settings is None:
        return False
    if kind == "object_and_attribute_filter":
        settings["object_inclusion"] = list(values["object_inclusion"])
        settings["attribute_inclusion"] = list(values["attribute_inclusion"])
        return True
    profiles = settings.setdefault("run_profiles", [])
    if values["run_profile"] not in profiles:
        profiles.append(values["run_profile"])
    return True


def reapply_by_hand(state: dict[str, Any], not_carried: list[dict[str, Any]]) -> dict[str, list[str]]:
    """Apply every gap the operator handles to the installed product; what was done, forgotten or impossible."""
    product = state["entra_connect"]
    forgets = set((state.get("lab_operator") or {}).get("forgets") or [])
    done: dict[str, list[str]] = {"reapplied": [], "forgotten": [], "not_possible": []}
    for gap in not_carried:
        kind, values = gap.get("kind"), gap.get("values")
        if kind not in REAPPLIED_KINDS or not isinstance(values, dict):
            continue
        said = f"{kind}: {gap.get('subject', '')}"
        if kind in forgets:
            done["forgotten"].append(said)
        elif _apply(product, str(kind), values):
            done["reapplied"].append(said)
        else:
            done["not_possible"].append(said)
    return done
