# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The fault ``lose_answers`` (docs/lab.md): a call that took effect on the server, and whose answer the
dropped connection lost.

``drop_calls`` loses a call before it reaches the server; this one loses it after, which is the case a
write must survive without being sent again. The twin keeps the call's effect and uses one lost answer
up in the same transaction; the lab host, once the store has kept both, reports the lost connection."""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

from typing import Any


def lose_answer(state: dict[str, Any], primitive: str, where: str) -> str | None:
    """Use up one lost answer of ``primitive`` if the state injects one: the lost connection's message."""
    lost = (state.get("faults") or {}).get("lose_answers") or {}
    if not lost.get(primitive):
        return None
    lost[primitive] -= 1
    return (
        f"{state['computer_name']}: connection reset after {primitive} ran; its answer was lost "
        f"(transient fault injected in {where})"
    )
