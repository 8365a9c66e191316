# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The summary of one connector's pending exports, counted while its csexport file streams past.

Per pending export (``<unapplied-export><delta>`` of a cs-object [S21]):

- the object counts once in ``objects`` and once under its operation: add -> adds, update and replace
  -> updates (a replace rewrites every attribute of an object that exists), delete -> deletes,
  delete-add -> delete_adds;
- a ``newdn`` on the delta is a rename, counted in ``renames`` as well as under the operation: the
  object is renamed and, in the same export, added or updated. A rename alone comes as operation none
  with a newdn (INFERRED from CSExportAnalyzer reporting newdn as an object modification type); it counts
  in objects and renames only;
- obsolete and none (without a newdn) export nothing: they have counters of their own and count
  nowhere else, not in by_object_type, by_attribute, the samples or the CSV;
- each attr and dn-attr of the delta counts once in by_attribute under its operation (add, replace,
  update, delete), and its values under value_adds and value_deletes when it is multi-valued; a
  dn-attr (type reference) also counts in reference_changes.
"""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

import os
from typing import Any

from .csv_out import CsvListing, write_listing
from .errors import CsexportError
from .model import EXPORT_COUNTERS, NOT_EXPORTED, REFERENCE, CsObject
from .reader import FileFacts, read_csexport
from .samples import empty_samples, sample_of

# The counters of a summary, summed by totals().
COUNTERS = (
    "objects",
    "adds",
    "updates",
    "deletes",
    "renames",
    "delete_adds",
    "obsolete",
    "no_change",
    "reference_changes",
)
TYPE_COUNTERS = ("adds", "updates", "deletes", "renames", "delete_adds")
ATTRIBUTE_COUNTERS = ("add", "replace", "update", "delete", "value_adds", "value_deletes")
# The sample list of each export counter.
SAMPLE_OF_COUNTER = {"adds": "add", "updates": "update", "deletes": "delete", "delete_adds": "delete_add"}


def analyse(
    path: str, connector: str | None = None, sample_size: int = 5, csv_path: str | None = None
) -> dict[str, Any]:
    """Read one csexport file (one connector) whole and return its summary.

    The connector is named by ``connector``, else by the first ``ma-name`` in the file, else by the
    file's stem. With ``csv_path``, the CSV listing is written during the same pass and appears only
    once the whole file was read. Raises CsexportError for a file that cannot be read whole.
    """
    if sample_size < 0:
        raise CsexportError(f"sample_size must be 0 or more, got {sample_size}")
    tally = _Tally(sample_size)
    if csv_path is None:
        facts = read_csexport(path, tally.count, tally.wants_holograms)
    else:
        found: list[FileFacts] = []

        def fill(listing: CsvListing) -> None:
            tally.listing = listing
            found.append(read_csexport(path, tally.count, tally.wants_holograms))

        try:
            write_listing(csv_path, fill)
        except OSError as err:
            raise CsexportError(f"the CSV {csv_path} cannot be written: {err.strerror or err}") from None
        facts = found[0]
    name = connector or facts.ma_name or os.path.splitext(os.path.basename(path))[0]
    return tally.summary(name, path, facts)


class _Tally:
    """The counters, samples and CSV rows of one file, fed one cs-object at a time."""

    def __init__(self, sample_size: int) -> None:
        self.sample_size = sample_size
        self.counts = dict.fromkeys(COUNTERS, 0)
        self.by_object_type: dict[str, dict[str, int]] = {}
        self.by_attribute: dict[str, dict[str, Any]] = {}
        self.samples = empty_samples()
        self.listing: CsvListing | None = None

    def wants_holograms(self, obj: CsObject) -> bool:
        """Whether this object's old and new values are needed: for the CSV, or for a sample not yet full."""
        if self.listing is not None or obj.operation is None:
            return True
        counter = EXPORT_COUNTERS.get(obj.operation)
        if counter is not None and len(self.samples[SAMPLE_OF_COUNTER[counter]]) < self.sample_size:
            return True
        renamed = obj.new_dn is not None and obj.operation != "obsolete"
        return renamed and len(self.samples["rename"]) < self.sample_size

    def count(self, obj: CsObject) -> None:
        operation = obj.operation or ""
        counter = EXPORT_COUNTERS.get(operation)
        renamed = obj.new_dn is not None and operation != "obsolete"
        if counter is None and not renamed:
            self.counts[NOT_EXPORTED[operation]] += 1
            return
        counts = self.counts
        per_type = self.by_object_type.get(obj.object_type)
        if per_type is None:
            per_type = self.by_object_type[obj.object_type] = dict.fromkeys(TYPE_COUNTERS, 0)
        counts["objects"] += 1
        if counter is not None:
            counts[counter] += 1
            per_type[counter] += 1
        if renamed:
            counts["renames"] += 1
            per_type["renames"] += 1
        for change in obj.changes:
            entry = self.by_attribute.get(change.name)
            if entry is None:
                entry = self.by_attribute[change.name] = {
                    "type": change.atype,
                    "multivalued": change.multivalued,
                    **dict.fromkeys(ATTRIBUTE_COUNTERS, 0),
                }
            entry[change.operation] += 1
            if change.multivalued:
                entry["value_adds"] += len(change.adds)
                entry["value_deletes"] += len(change.deletes)
            if change.atype == REFERENCE:
                counts["reference_changes"] += 1
        self._sample(obj, counter, renamed)
        if self.listing is not None:
            self.listing.write(obj)

    def _sample(self, obj: CsObject, counter: str | None, renamed: bool) -> None:
        lists = [self.samples[SAMPLE_OF_COUNTER[counter]]] if counter is not None else []
        if renamed:
            lists.append(self.samples["rename"])
        lists = [found for found in lists if len(found) < self.sample_size]
        if lists:
            sample = sample_of(obj)
            for found in lists:
                found.append(sample)

    def summary(self, name: str, path: str, facts: FileFacts) -> dict[str, Any]:
        return {
            "name": name,
            "file": path,
            "bytes": facts.bytes,
            "sha256": facts.sha256,
            **self.counts,
            "by_object_type": dict(sorted(self.by_object_type.items())),
            "by_attribute": dict(sorted(self.by_attribute.items())),
            "samples": self.samples,
        }


def totals(summaries: list[dict[str, Any]]) -> dict[str, Any]:
    """The counters of several connectors added up, by object type and by attribute too."""
    total: dict[str, Any] = {
        "name": "all connectors",
        "connectors": [summary["name"] for summary in summaries],
        "bytes": sum(summary["bytes"] for summary in summaries),
        **{counter: sum(summary.get(counter, 0) for summary in summaries) for counter in COUNTERS},
    }
    by_object_type: dict[str, dict[str, int]] = {}
    by_attribute: dict[str, dict[str, Any]] = {}
    for summary in summaries:
        for object_type, counts in summary["by_object_type"].items():
            merged = by_object_type.setdefault(object_type, dict.fromkeys(TYPE_COUNTERS, 0))
            for counter in TYPE_COUNTERS:
                merged[counter] += counts.get(counter, 0)
        for attribute, counts in summary["by_attribute"].items():
            # Type and multi-valuedness are the first connector's: one name may differ between directories.
            entry = by_attribute.setdefault(
                attribute,
                {"type": counts["type"], "multivalued": counts["multivalued"], **dict.fromkeys(ATTRIBUTE_COUNTERS, 0)},
            )
            for counter in ATTRIBUTE_COUNTERS:
                entry[counter] += counts.get(counter, 0)
    total["by_object_type"] = dict(sorted(by_object_type.items()))
    total["by_attribute"] = dict(sorted(by_attribute.items()))
    return total
