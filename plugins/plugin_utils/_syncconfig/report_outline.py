# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What every report of a comparison says, and in which order: the headline, the two sides, the categories with
their titles, and the differences grouped by category and then by object.

The Markdown and the HTML report both take their words and their order from here, so the two never disagree.
"""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

from typing import Any

from .model import CATEGORIES, CATEGORY_SERVER_ROLE, CATEGORY_VERSION_CHANGE, DRIFT_CATEGORIES

Difference = dict[str, Any]
# (object, its differences in the result's order)
ObjectGroup = tuple[str, list[Difference]]
# (category, its objects in the order they first appear)
CategoryGroup = tuple[str, list[ObjectGroup]]

CATEGORY_TITLES = {
    "sync_rule": "Sync rules",
    "connector": "Connectors",
    "global_setting": "Global settings",
    "metaverse": "Metaverse",
    CATEGORY_VERSION_CHANGE: "Expected from the version change",
    CATEGORY_SERVER_ROLE: "Server role (active or staging)",
}
CATEGORY_NOTES = {
    CATEGORY_VERSION_CHANGE: (
        "Standard rules of another immutable-tag version, ServerConfigurationVersion, and what one product version "
        "has and the other not: expected from the upgrade, not drift."
    ),
    CATEGORY_SERVER_ROLE: "Staging mode and the scheduler's state differ between an active and a staging server.",
}


def title(category: str) -> str:
    return CATEGORY_TITLES.get(category, category)


def is_drift_category(category: str) -> bool:
    return category in DRIFT_CATEGORIES


def categories(result: dict[str, Any]) -> list[str]:
    """The report order; a category this code does not know yet comes last rather than not at all."""
    seen = set(CATEGORIES)
    extra = [c for c in result["summary"] if c not in seen]
    extra += sorted({d["category"] for d in result["differences"]} - seen - set(extra))
    return [*CATEGORIES, *extra]


def unexpected(result: dict[str, Any]) -> list[Difference]:
    return [d for d in result["differences"] if not d["expected"]]


def expected(result: dict[str, Any]) -> list[Difference]:
    return [d for d in result["differences"] if d["expected"]]


def grouped(result: dict[str, Any], differences: list[Difference]) -> list[CategoryGroup]:
    """Category in report order, then object in the order the comparison found it; empty categories left out."""
    by_category: dict[str, dict[str, list[Difference]]] = {}
    for entry in differences:
        by_category.setdefault(entry["category"], {}).setdefault(entry["object"], []).append(entry)
    return [(c, list(by_category[c].items())) for c in categories(result) if c in by_category]


def count(result: dict[str, Any], category: str) -> int:
    """The summary's count; the differences themselves when the summary lacks the category."""
    value = result["summary"].get(category)
    return int(value) if value is not None else sum(1 for d in result["differences"] if d["category"] == category)


def verdict(result: dict[str, Any]) -> str:
    return "IDENTICAL" if result["identical"] else "DRIFT"


def headline_detail(result: dict[str, Any]) -> str:
    """What the verdict rests on: the number of unexpected differences, and of the expected ones."""
    drift = len(unexpected(result))
    more = len(result["differences"]) - drift
    ref, diff = result["reference"]["label"], result["difference"]["label"]
    if result["identical"]:
        return f"{diff} has the configuration of {ref}" + (f" but for {more} expected difference(s)" if more else "")
    return f"{drift} unexpected difference(s) between {ref} and {diff}" + (f", and {more} expected" if more else "")


def headline(result: dict[str, Any]) -> str:
    """IDENTICAL or DRIFT first, so the one word an operator needs is the first thing read."""
    return f"{verdict(result)}: {headline_detail(result)}"


def side_facts(side: dict[str, Any]) -> list[tuple[str, str]]:
    """(name, value) of one side, absent values said to be unknown rather than left out."""
    return [
        ("label", str(side["label"])),
        ("server", _known(side.get("server"))),
        ("version", _known(side.get("version"))),
        ("kind", str(side["kind"]).replace("_", " ")),
        ("exported at", _known(side.get("exported_at"))),
        ("connectors", str(side.get("connectors", 0))),
        ("sync rules", str(side.get("sync_rules", 0))),
        ("path", str(side["path"])),
    ]


def side_line(side: dict[str, Any]) -> str:
    """One side in one line: label, server, version and kind, as the headline names them."""
    return (
        f"{side['label']} (server {_known(side.get('server'))}, version {_known(side.get('version'))}, "
        f"{str(side['kind']).replace('_', ' ')} export)"
    )


def _known(value: object) -> str:
    return "unknown" if value is None or value == "" else str(value)
