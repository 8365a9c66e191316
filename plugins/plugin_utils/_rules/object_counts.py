# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Per-connector object counts of the two servers of a pair, compared within a tolerance.

The counts come from each server itself (the connector_statistics primitive): the objects of each connector
space, paged through with Get-ADSyncCSObject [S9], and the connectors (joined objects [S36]) among them, or
TotalConnectors as Get-ADSyncConnectorStatistics reports it where the space was not counted [S35].

Pairing: a connector of the reference server (the source) pairs with the connector of the difference server
(the target) of the same name, or of the name ``connector_map`` gives it. The Entra connector, which the wizard
names after the tenant with a suffix that changed with the rebranding [S7] (identity.py), pairs by kind when no
name matches. A source connector with no counterpart is a failure: its connector and sync rules were not
imported. A target connector with no counterpart is reported, not judged.

Tolerance: a count passes when it differs by at most ``max_difference`` objects OR by at most
``max_difference_percent`` percent of the reference count - the absolute allowance serves small directories, the
relative one large ones. Both servers read the same directories, but not at the same instant: what changed
between the two reads is the only difference a correct target shows. INFERRED: Microsoft names no tolerance.
"""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .facts import connector_kind

# What is compared, where both servers have it.
COUNTERS = ("total_objects", "total_connectors")
# Objects per Get-ADSyncCSObject call while a connector space is counted.
CONNECTOR_SPACE_PAGE_SIZE = 1000
DEFAULT_MAX_DIFFERENCE = 10
DEFAULT_MAX_DIFFERENCE_PERCENT = 0.5


def statistics_parameters(count_connector_space: bool = True) -> dict[str, Any]:
    """What the connector_statistics primitive is sent."""
    return {"PageSize": CONNECTOR_SPACE_PAGE_SIZE, "CountConnectorSpace": count_connector_space}


@dataclass(frozen=True)
class Tolerance:
    max_difference: int = DEFAULT_MAX_DIFFERENCE
    max_difference_percent: float = DEFAULT_MAX_DIFFERENCE_PERCENT

    def __post_init__(self) -> None:
        if self.max_difference < 0 or self.max_difference_percent < 0:
            raise ValueError("a tolerance is not negative")

    @property
    def said(self) -> str:
        return f"{self.max_difference} object(s) or {self.max_difference_percent:g}%"

    def allows(self, reference: int, difference: int) -> bool:
        delta = abs(difference - reference)
        if delta <= self.max_difference:
            return True
        percent = delta_percent(reference, difference)
        return percent is not None and percent <= self.max_difference_percent


def delta_percent(reference: int, difference: int) -> float | None:
    """The difference in percent of the reference count; None when the reference is 0 and the other is not."""
    if reference == 0:
        return 0.0 if difference == 0 else None
    return round(abs(difference - reference) * 100 / reference, 2)


def counts_of(entry: dict[str, Any]) -> dict[str, int | None]:
    """The comparable counts of one connector: its objects and its connectors, the latter as counted in its
    connector space, or as Get-ADSyncConnectorStatistics reports it where the space was not counted."""
    connectors = entry["total_connectors"]
    if connectors is None:
        connectors = entry["reported_total_connectors"]
    return {"total_objects": entry["total_objects"], "total_connectors": connectors}


def _kind_said(entry: dict[str, Any]) -> str:
    return {"entra": "the Entra connector", "ad": "an AD connector"}.get(connector_kind(entry), "a connector")


def _names(entries: list[dict[str, Any]]) -> str:
    return ", ".join(e["name"] for e in entries) or "none"


@dataclass(frozen=True)
class Side:
    """One server's statistics: its name, for the messages, and its connectors."""

    name: str
    connectors: list[dict[str, Any]]

    def find(self, name: str, taken: set[str]) -> dict[str, Any] | None:
        folded = name.casefold()
        return next(
            (e for e in self.connectors if e["name"].casefold() == folded and e["name"] not in taken),
            None,
        )


def pair_connectors(
    reference: Side, difference: Side, connector_map: dict[str, str]
) -> list[tuple[dict[str, Any], dict[str, Any] | None, str | None]]:
    """(reference connector, its counterpart or None, how they were paired: name, connector_map or kind)."""
    pairs: list[tuple[dict[str, Any], dict[str, Any] | None, str | None]] = []
    taken: set[str] = set()
    folded_map = {source.casefold(): target for source, target in connector_map.items()}
    for entry in reference.connectors:
        mapped = folded_map.get(entry["name"].casefold())
        if mapped is not None:
            found, how = difference.find(mapped, taken), "connector_map"
        else:
            found, how = difference.find(entry["name"], taken), "name"
            if found is None and connector_kind(entry) == "entra":
                kind = [e for e in difference.connectors if connector_kind(e) == "entra" and e["name"] not in taken]
                if len(kind) == 1:
                    found, how = kind[0], "kind"
        if found is not None:
            taken.add(found["name"])
        pairs.append((entry, found, how if found is not None else None))
    return pairs


def _missing_detail(
    entry: dict[str, Any], reference: Side, difference: Side, connector_map: dict[str, str], taken: set[str]
) -> str:
    name = entry["name"]
    mapped = {k.casefold(): v for k, v in connector_map.items()}.get(name.casefold())
    if mapped is not None:
        existing = difference.find(mapped, set())
        if existing is not None and existing["name"] in taken:
            return (
                f"{name} on {reference.name}: connector_map pairs it with {mapped!r} on {difference.name}, which is "
                "already paired with another connector; give each connector its own counterpart in connector_map"
            )
        return (
            f"{name} on {reference.name}: connector_map pairs it with {mapped!r}, but {difference.name} has no "
            f"connector of that name (its connectors: {_names(difference.connectors)}); correct connector_map, or "
            "import the connector"
        )
    return (
        f"{name} ({_kind_said(entry)}) on {reference.name} has no counterpart on {difference.name} (its "
        f"connectors: {_names(difference.connectors)}): the connector and its sync rules were not imported. "
        "Re-run the wizard's import of the exported settings, or add the connector in the wizard (Customize "
        "synchronization options, Connect your directories), then run an initial sync; if it exists under "
        "another name, pair the names with connector_map"
    )


def _compare(
    entry: dict[str, Any], found: dict[str, Any], tolerance: Tolerance
) -> tuple[list[dict[str, Any]], list[str]]:
    """The compared counts of a pair, and what could not be compared."""
    ours, theirs = counts_of(entry), counts_of(found)
    counts, unread = [], []
    for counter in COUNTERS:
        a, b = ours[counter], theirs[counter]
        if a is None or b is None:
            unread.append(counter)
            continue
        counts.append(
            {
                "counter": counter,
                "reference": a,
                "difference": b,
                "delta": b - a,
                "delta_percent": delta_percent(a, b),
                "within_tolerance": tolerance.allows(a, b),
            }
        )
    return counts, unread


def _said(count: dict[str, Any], reference: Side, difference: Side) -> str:
    percent = count["delta_percent"]
    share = f"{reference.name} has none" if percent is None else f"{percent:g}%"
    return (
        f"{count['counter']} {count['reference']} on {reference.name}, {count['difference']} on {difference.name} "
        f"({count['delta']:+d}, {share})"
    )


def _scope_hint(difference: Side) -> str:
    return (
        f"Look at what decides the scope on {difference.name}: the connector's domain and OU filtering and object "
        "types (the settings import does not carry object-type filters [S6]), the sync rules' scoping filters, and "
        f"whether {difference.name} completed a full import and full synchronization since its configuration last "
        "changed (run an initial sync)"
    )


def compare_counts(
    reference: Side, difference: Side, connector_map: dict[str, str], tolerance: Tolerance
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[str]]:
    """(gates, one per reference connector; the pairing with its counts; the difference's unpaired connectors)."""
    pairs = pair_connectors(reference, difference, connector_map)
    taken = {found["name"] for _entry, found, _how in pairs if found is not None}
    gates, pairing = [], []
    for entry, found, how in pairs:
        gate_name = f"object_counts:{entry['name']}"
        row: dict[str, Any] = {
            "reference": entry["name"],
            "difference": found["name"] if found else None,
            "paired_by": how,
            "counts": [],
            "passed": False,
        }
        pairing.append(row)
        if found is None:
            gates.append(
                {
                    "name": gate_name,
                    "passed": False,
                    "detail": _missing_detail(entry, reference, difference, connector_map, taken),
                }
            )
            continue
        counts, unread = _compare(entry, found, tolerance)
        row["counts"] = counts
        title = entry["name"] if found["name"] == entry["name"] else f"{entry['name']} / {found['name']}"
        if not counts:
            errors = "; ".join(
                f"{side.name}: {e['error']}" for side, e in ((reference, entry), (difference, found)) if e["error"]
            )
            gates.append(
                {
                    "name": gate_name,
                    "passed": False,
                    "detail": f"{title}: no count could be compared ({', '.join(unread)} not read"
                    + (f" - {errors}" if errors else "")
                    + "). Look at whether the account may use the ADSync module (ADSyncAdmins) and read the "
                    "connector space, and run the task again",
                }
            )
            continue
        beyond = [c for c in counts if not c["within_tolerance"]]
        row["passed"] = not beyond
        said = "; ".join(_said(c, reference, difference) for c in counts)
        if beyond:
            detail = (
                f"{title}: "
                + "; ".join(_said(c, reference, difference) for c in beyond)
                + f", beyond the tolerance ({tolerance.said}). "
                + _scope_hint(difference)
            )
        else:
            detail = f"{title}: {said}, within the tolerance ({tolerance.said})"
            if unread:
                detail += f"; {', '.join(unread)} not read on both servers"
        gates.append({"name": gate_name, "passed": not beyond, "detail": detail})
    unpaired = [e["name"] for e in difference.connectors if e["name"] not in taken]
    return gates, pairing, unpaired
