# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Faults a lab state can inject (``faults`` in the state, docs/lab.md): an unreachable server, a
number of dropped calls, and a primitive that fails with a given error."""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

from typing import Any

from .._common.errors import HostCommandError


class LabUnreachableError(Exception):
    """The state injects a lost connection; the lab host turns it into an unreachable host."""


def check_faults(state: dict[str, Any], what: str, where: str) -> None:
    """Raise the fault the state injects for ``what`` (a primitive or "reboot"), if any."""
    faults = state.get("faults") or {}
    computer = state["computer_name"]
    if faults.get("unreachable"):
        raise LabUnreachableError(f"{computer} does not answer (fault injected in {where})")
    if faults.get("drop_calls"):
        # A transient fault: this call is lost, the next ones get through.
        faults["drop_calls"] -= 1
        raise LabUnreachableError(f"{computer}: connection reset during {what} (transient fault injected in {where})")
    injected = (faults.get("primitive_errors") or {}).get(what)
    if injected:
        raise HostCommandError(f"The {what} script failed on {computer}: {injected}")
