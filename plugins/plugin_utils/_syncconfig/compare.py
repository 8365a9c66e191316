# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Two configurations compared: every difference with its category, and whether it is expected.

Pairing [S24], each step by dictionary look-up so the cost grows with the number of rules, not its square
(the Documenter's nested loops took a day on ~500 rules: AADConnectConfigDocumenter issue 11):
- connectors by name, through ``connector_map`` (a name on the reference side -> the name on the other);
- rules by (connector, direction, name); the rules left over in one connector and direction by immutable
  tag, then by tag family (a standard rule of another version), then by content, so a renamed rule is one
  rename and not a removal plus an addition;
- global settings by name, metaverse attributes and classes by name.

Expected, and so not drift: what differs between an active and a staging server by design (staging mode,
the scheduler's suspension), and - only when the two product versions differ - what an upgrade brings with
it: standard rules of another immutable-tag version (grouped, not field by field, a rename with them; a
changed ``disabled`` stays drift), standard rules only one version has, and settings and metaverse
attributes that only the newer version has. A value that changed is drift whatever the versions.
"""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

import dataclasses
import re
from collections import defaultdict, deque
from collections.abc import Iterable
from typing import Any

from .._common.errors import EntraConnectError
from .._common.versions import parse_version
from . import normalise
from .errors import ConfigError
from .model import (
    CATEGORIES,
    CATEGORY_CONNECTOR,
    CATEGORY_GLOBAL_SETTING,
    CATEGORY_METAVERSE,
    CATEGORY_SERVER_ROLE,
    CATEGORY_SYNC_RULE,
    CATEGORY_VERSION_CHANGE,
    Configuration,
    Connector,
    Fields,
    Rule,
    Value,
)

# Differ between an active and a staging server by design [S7][S8].
ROLE_SETTINGS = frozenset({"Microsoft.Synchronize.StagingMode", "Microsoft.Synchronize.SchedulerSuspended"})
# Change at every scheduler cycle: not configuration.
VOLATILE_SETTINGS = frozenset({"Microsoft.Synchronize.NextStartTime"})
VERSION_SETTING_PREFIXES = ("Microsoft.Synchronize.ServerConfigurationVersion", "Microsoft.Version.")
# Directory extension attributes in the metaverse are the customer's, whatever the version.
EXTENSION_ATTRIBUTE_PREFIX = "extension_"
# The Entra connector's subtype: "Windows Azure Active Directory (Microsoft)" [S17][S24].
ENTRA_SUBTYPE_WORD = "Azure Active Directory"
# Fields that do not say what a rule does: a rule found again with other values of these was renamed or moved.
_IDENTITY_FIELDS = frozenset({"description", "precedence", "immutable_tag"})

Difference = dict[str, Any]
_DIGITS = re.compile(r"[0-9]+")


def _text(value: Value | None) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return ", ".join(sorted(value, key=str.lower))


def _entry(
    category: str, change: str, obj: str, field: str, ref: Value | None, diff: Value | None, reason: str = ""
) -> Difference:
    return {
        "category": category,
        "change": change,
        "object": obj,
        "field": field,
        "reference": _text(ref),
        "difference": _text(diff),
        "expected": category in (CATEGORY_VERSION_CHANGE, CATEGORY_SERVER_ROLE),
        "reason": reason,
    }


def _change(a: object, b: object) -> str:
    return "changed" if a is not None and b is not None else ("added" if a is None else "removed")


def _field_changes(ref: Fields, diff: Fields) -> Iterable[tuple[str, Value | None, Value | None]]:
    """(field, reference value, difference value) for every field that differs; sets give only what differs."""
    for field in sorted(ref.keys() | diff.keys()):
        a, b = ref.get(field), diff.get(field)
        if a == b:
            continue
        if isinstance(a, frozenset) and isinstance(b, frozenset):
            only_a, only_b = a - b, b - a
            yield (
                field,
                (f"only here: {_text(only_a)}" if only_a else ""),
                (f"only here: {_text(only_b)}" if only_b else ""),
            )
        elif not a and not b:
            # Absent on one side and empty on the other: the same configuration written by another build.
            continue
        else:
            yield field, a, b


def _newer(ref: Configuration, diff: Configuration) -> str | None:
    """Which side runs the newer product version: "reference", "difference", or None (same, or unknown)."""
    try:
        a, b = parse_version(ref.version or "", "version"), parse_version(diff.version or "", "version")
    except EntraConnectError:
        return None
    return None if a == b else ("difference" if b > a else "reference")


def _tenant(name: str) -> str:
    """The tenant part of the Entra connector's name, "<tenant> - AAD" as the wizard names it."""
    return name.split(" - ", 1)[0].strip().lower()


class _Comparison:
    def __init__(self, ref: Configuration, diff: Configuration, connector_map: dict[str, str]) -> None:
        self.ref, self.diff = ref, diff
        self.differences: list[Difference] = []
        self.newer = _newer(ref, diff)
        self.paired_by: dict[str, str] = {}
        self.pairs = self._pair_connectors(connector_map)

    @property
    def upgrade(self) -> bool:
        return self.newer is not None

    # Connectors.

    def _pair_connectors(self, connector_map: dict[str, str]) -> dict[str, str]:
        unknown = sorted(set(connector_map) - set(self.ref.connectors))
        missing = sorted(set(connector_map.values()) - set(self.diff.connectors))
        if unknown or missing:
            raise ConfigError(
                "connector_map names connectors that are not in the exports: "
                + "; ".join(
                    part
                    for part in (
                        f"{unknown} not in {self.ref.label} (it has {sorted(self.ref.connectors)})" if unknown else "",
                        f"{missing} not in {self.diff.label} (it has {sorted(self.diff.connectors)})"
                        if missing
                        else "",
                    )
                    if part
                )
            )
        pairs = {}
        for name in self.ref.connectors:
            other = connector_map.get(name, name)
            if other in self.diff.connectors:
                pairs[name] = other
                self.paired_by[name] = "connector_map" if name in connector_map else "name"
        # The wizard names the Entra connector after the tenant; alone on each side, the two are one connector,
        # as entra_object_counts pairs them. A name of another tenant is reported with the connector.
        ref_entra = [n for n, c in self.ref.connectors.items() if n not in pairs and _is_entra(c)]
        diff_entra = [n for n, c in self.diff.connectors.items() if n not in pairs.values() and _is_entra(c)]
        if len(ref_entra) == 1 and len(diff_entra) == 1:
            pairs[ref_entra[0]] = diff_entra[0]
            self.paired_by[ref_entra[0]] = "kind"
        return pairs

    def connectors(self) -> None:
        paired_other = set(self.pairs.values())
        for name, connector in self.ref.connectors.items():
            if name not in self.pairs:
                self.differences.append(_entry(CATEGORY_CONNECTOR, "removed", name, "", connector.category, None))
                continue
            other = self.diff.connectors[self.pairs[name]]
            label = name if name == other.name else f"{name} -> {other.name}"
            if self.paired_by[name] == "kind" and _tenant(name) != _tenant(other.name):
                self.differences.append(
                    _entry(
                        CATEGORY_CONNECTOR,
                        "renamed",
                        label,
                        "name",
                        name,
                        other.name,
                        "the Entra connector is named after another tenant",
                    )
                )
            for field, a, b in _field_changes(connector.fields, other.fields):
                self.differences.append(_entry(CATEGORY_CONNECTOR, "changed", label, field, a, b))
        for name, connector in self.diff.connectors.items():
            if name not in paired_other:
                self.differences.append(_entry(CATEGORY_CONNECTOR, "added", name, "", None, connector.category))

    # Rules.

    def rules(self) -> None:
        back = {other: name for name, other in self.pairs.items()}
        ref_rules, ref_left = _keyed(self.ref.rules, lambda r: r.connector)
        diff_rules, diff_left = _keyed(
            self.diff.rules, lambda r: back.get(r.connector, f"{r.connector} (only in {self.diff.label})")
        )
        for key, rule in ref_rules.items():
            if key in diff_rules:
                self._rule_pair(rule, diff_rules[key])
            else:
                ref_left[key[:2]].append(rule)
        for key, rule in diff_rules.items():
            if key not in ref_rules:
                diff_left[key[:2]].append(rule)
        for group in sorted(ref_left.keys() | diff_left.keys()):
            removed, added = self._pair_leftovers(ref_left.get(group, []), diff_left.get(group, []))
            for rule, change in [(r, "removed") for r in removed] + [(r, "added") for r in added]:
                self._one_sided(rule, change)

    def _one_sided(self, rule: Rule, change: str) -> None:
        summary = _summary(rule)
        ref, diff = (summary, None) if change == "removed" else (None, summary)
        if rule.standard and self.upgrade:
            self.differences.append(
                _entry(
                    CATEGORY_VERSION_CHANGE,
                    change,
                    _label(rule),
                    "",
                    ref,
                    diff,
                    "a standard rule only one of the two product versions has",
                )
            )
        else:
            self.differences.append(_entry(CATEGORY_SYNC_RULE, change, _label(rule), "", ref, diff))

    def _pair_leftovers(self, removed: list[Rule], added: list[Rule]) -> tuple[list[Rule], list[Rule]]:
        """Pair the rules no (connector, direction, name) paired: by tag, tag family, content, then by name and
        order of precedence (two rules of one name)."""
        for key_of in (
            lambda r: r.immutable_tag,
            lambda r: r.tag_family if r.standard else "",
            _content,
            lambda r: r.name,
        ):
            index: dict[str, deque[Rule]] = defaultdict(deque)
            for rule in added:
                if key_of(rule):
                    index[key_of(rule)].append(rule)
            still: list[Rule] = []
            taken: set[int] = set()
            for rule in removed:
                found = index.get(key_of(rule)) if key_of(rule) else None
                if found:
                    other = found.popleft()
                    taken.add(id(other))
                    self._rule_pair(rule, other)
                else:
                    still.append(rule)
            removed, added = still, [rule for rule in added if id(rule) not in taken]
        return removed, added

    def _rule_pair(self, rule: Rule, other: Rule) -> None:
        label = _label(rule) if rule.name == other.name else f"{_label(rule)} -> {other.name}"
        changes = list(_field_changes(rule.fields, other.fields))
        upgraded = (
            self.upgrade
            and rule.standard
            and other.standard
            and rule.immutable_tag != other.immutable_tag
            and rule.tag_family == other.tag_family
        )
        if upgraded:
            # One entry for the upgrade of a standard rule, its new name included; whether it is enabled stays the
            # operator's choice.
            changed = [f for f, _a, _b in changes if f not in ("immutable_tag", "disabled")]
            changed += ["name"] if rule.name != other.name else []
            self.differences.append(
                _entry(
                    CATEGORY_VERSION_CHANGE,
                    "changed",
                    label,
                    "immutable_tag",
                    rule.immutable_tag,
                    other.immutable_tag,
                    f"standard rule of another product version; {len(changed)} other field(s) differ with it"
                    + (f": {', '.join(changed[:8])}{', ...' if len(changed) > 8 else ''}" if changed else ""),
                )
            )
            changes = [c for c in changes if c[0] == "disabled"]
        elif rule.name != other.name:
            self.differences.append(_entry(CATEGORY_SYNC_RULE, "renamed", label, "name", rule.name, other.name))
        for field, a, b in changes:
            self.differences.append(_entry(CATEGORY_SYNC_RULE, "changed", label, field, a, b))

    # Global settings and the metaverse.

    def _only_newer(self, a: object, b: object) -> bool:
        """Present on the side of the newer product version only: what an upgrade brings."""
        return (a is None and self.newer == "difference") or (b is None and self.newer == "reference")

    def global_settings(self) -> None:
        ref, diff = self.ref.global_settings, self.diff.global_settings
        for name in sorted(ref.keys() | diff.keys()):
            a, b = ref.get(name), diff.get(name)
            if name in VOLATILE_SETTINGS or (not a and not b) or _setting(a) == _setting(b):
                continue
            change = _change(a, b)
            if name in ROLE_SETTINGS:
                reason = "differs between an active and a staging server"
                self.differences.append(_entry(CATEGORY_SERVER_ROLE, change, name, "value", a, b, reason))
            elif name.startswith(VERSION_SETTING_PREFIXES):
                self.differences.append(
                    _entry(CATEGORY_VERSION_CHANGE, change, name, "value", a, b, "the product's version")
                )
            elif self._only_newer(a, b):
                reason = "a setting only the newer product version has"
                self.differences.append(_entry(CATEGORY_VERSION_CHANGE, change, name, "value", a, b, reason))
            else:
                self.differences.append(_entry(CATEGORY_GLOBAL_SETTING, change, name, "value", a, b))

    def metaverse(self) -> None:
        if not self.ref.metaverse or not self.diff.metaverse:
            return
        # Attributes only the newer version defines, and their place in its classes, come with the upgrade.
        brought = {
            field[len("attribute[") : -1]
            for field in self.ref.metaverse.keys() ^ self.diff.metaverse.keys()
            if field.startswith("attribute[")
            and EXTENSION_ATTRIBUTE_PREFIX not in field
            and self._only_newer(self.ref.metaverse.get(field), self.diff.metaverse.get(field))
        }
        for field, a, b in _field_changes(self.ref.metaverse, self.diff.metaverse):
            change = _change(a, b)
            if field.startswith("attribute[") and field[len("attribute[") : -1] in brought:
                expected = True
            elif field.startswith("class[") and a is not None and b is not None:
                differing = self.ref.metaverse[field] ^ self.diff.metaverse[field]  # type: ignore[operator]
                expected = bool(differing) and set(differing) <= brought
            else:
                expected = False
            if expected:
                reason = "the metaverse schema of the newer product version"
                self.differences.append(_entry(CATEGORY_VERSION_CHANGE, change, "metaverse", field, a, b, reason))
            else:
                self.differences.append(_entry(CATEGORY_METAVERSE, change, "metaverse", field, a, b))


def _setting(value: str | None) -> str | None:
    """A setting's value as compared: True and true are one value."""
    if value is not None and value.strip().lower() in ("true", "false"):
        return normalise.boolean(value)
    return value


def _is_entra(connector: Connector) -> bool:
    return connector.category == "Extensible2" and ENTRA_SUBTYPE_WORD in str(connector.fields.get("subtype", ""))


def _keyed(
    rules: list[Rule], connector_of: Any
) -> tuple[dict[tuple[str, str, str], Rule], dict[tuple[str, str], list[Rule]]]:
    """Rules by (connector on the reference side, direction, name), and, by (connector, direction), the rules whose
    name is used twice there: those pair by content before anything else."""
    by_key: dict[tuple[str, str, str], list[Rule]] = defaultdict(list)
    for rule in rules:
        by_key[(connector_of(rule), rule.direction.lower(), rule.name)].append(rule)
    keyed: dict[tuple[str, str, str], Rule] = {}
    duplicated: dict[tuple[str, str], list[Rule]] = defaultdict(list)
    for key, found in by_key.items():
        if len(found) == 1:
            keyed[key] = found[0]
        else:
            duplicated[key[:2]] += sorted(found, key=lambda r: (_precedence(r), r.identifier))
    return keyed, duplicated


def _label(rule: Rule) -> str:
    """A rule's name in a report; a name used twice in one connector and direction also says which one."""
    return f"{rule.label} (precedence {rule.fields.get('precedence', '?')})" if rule.duplicate else rule.label


def _precedence(rule: Rule) -> int:
    value = rule.fields.get("precedence")
    return int(value) if isinstance(value, str) and _DIGITS.fullmatch(value) else 1 << 30


def _content(rule: Rule) -> str:
    """What the rule does, without what names or orders it: two rules with the same content are one rule."""
    return repr(sorted((k, _text(v)) for k, v in rule.fields.items() if k not in _IDENTITY_FIELDS))


def _summary(rule: Rule) -> str:
    tag = rule.immutable_tag or "custom"
    return f"{tag}, precedence {rule.fields.get('precedence', '?')}, disabled {rule.fields.get('disabled', '?')}"


def _mark_duplicates(config: Configuration) -> None:
    counts: dict[tuple[str, str, str], int] = defaultdict(int)
    for rule in config.rules:
        counts[rule.key] += 1
    config.rules = [dataclasses.replace(r, duplicate=True) if counts[r.key] > 1 else r for r in config.rules]


def compare(ref: Configuration, diff: Configuration, connector_map: dict[str, str] | None = None) -> dict[str, Any]:
    """The comparison's result (without findings, reports or times): identical, summary, differences."""
    if (ref.kind, ref.format_version) != (diff.kind, diff.format_version):
        raise ConfigError(
            f"The two sides are exports of different kinds or product generations: {ref.label} is {ref.kind} "
            f"(format {ref.format_version or 'unknown'}, {ref.path}), {diff.label} is {diff.kind} (format "
            f"{diff.format_version or 'unknown'}, {diff.path}). Export both servers the same way "
            "(entra_config_export) and compare those"
        )
    _mark_duplicates(ref)
    _mark_duplicates(diff)
    comparison = _Comparison(ref, diff, dict(connector_map or {}))
    comparison.connectors()
    comparison.rules()
    comparison.global_settings()
    comparison.metaverse()
    differences = comparison.differences
    summary = {category: 0 for category in CATEGORIES}
    for entry in differences:
        summary[entry["category"]] += 1
    return {
        "identical": not any(not d["expected"] for d in differences),
        "reference": ref.describe(),
        "difference": diff.describe(),
        "connector_pairs": [
            {"reference": a, "difference": b, "paired_by": comparison.paired_by[a]}
            for a, b in sorted(comparison.pairs.items())
        ],
        "summary": summary,
        "differences": differences,
    }
