# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Samples: a few pending exports of each kind, with what each changes, for a person to read.

A sample is built when its cs-object is read and keeps only plain values, never the object, so the
memory of the samples is bounded by their number. A multi-valued change may add thousands of values
(the members of a group): a sample lists the first SAMPLE_VALUES of them and counts them all.
"""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

from typing import Any

from .model import Change, CsObject, old_and_new

SAMPLE_VALUES = 20

# The sample lists, one per kind of pending export; a renamed object is in "rename" and in the list of
# its operation.
SAMPLE_KINDS = ("add", "update", "delete", "rename", "delete_add")


def empty_samples() -> dict[str, list[dict[str, Any]]]:
    return {kind: [] for kind in SAMPLE_KINDS}


def sample_of(obj: CsObject) -> dict[str, Any]:
    return {
        "dn": obj.dn,
        "object_type": obj.object_type,
        "operation": obj.operation,
        "new_dn": obj.new_dn,
        "attributes": [_attribute(obj, change) for change in obj.changes],
    }


def _attribute(obj: CsObject, change: Change) -> dict[str, Any]:
    if change.multivalued:
        old = new = None
    else:
        old, new = old_and_new(obj, change)
    return {
        "name": change.name,
        "operation": change.operation,
        "type": change.atype,
        "multivalued": change.multivalued,
        "old": old,
        "new": new,
        "value_adds": change.adds[:SAMPLE_VALUES] if change.multivalued else [],
        "value_deletes": change.deletes[:SAMPLE_VALUES] if change.multivalued else [],
        "value_add_count": len(change.adds) if change.multivalued else 0,
        "value_delete_count": len(change.deletes) if change.multivalued else 0,
    }
