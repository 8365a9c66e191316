# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Faults a lab state can inject (``faults`` in the state, docs/lab.md): an unreachable server, a
number of dropped calls, a primitive that fails with a given error, the Nth round trip that fails (or
runs, and its answer is lost), and the scheduler starting a cycle just before a sync_start.

The faults are bookkeeping the twin keeps even when the call fails (store.py): a dropped call is used
up, and the round trips ``fail_call`` counts stay counted."""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

from typing import Any

from .._common.errors import HostCommandError


class LabUnreachableError(Exception):
    """The state injects a lost connection; the lab host turns it into an unreachable host."""


def count_round_trip(state: dict[str, Any], what: str, where: str) -> None:
    """Count one round trip to the server (``what``: a primitive, "reboot", "put", "fetch" or "wizard")
    while ``fail_call`` is set, and fail it when it is the one ``fail_call`` names.

    The count is ``calls``, the list of what each round trip was, so ``len(calls)`` is the number of the
    round trip. The fault fails one round trip only: once it has, it says which (``fired``). A ``lost``
    answer is not raised here: the call runs, and the store loses its answer once the state is kept
    (``lost_answer``).
    """
    faults = state.get("faults") or {}
    fail_call = faults.get("fail_call")
    if fail_call is None:
        return
    calls = faults.setdefault("calls", [])
    calls.append(what)
    if "fired" in fail_call or len(calls) != fail_call["at"]:
        return
    fail_call["fired"] = what
    computer = state["computer_name"]
    point = f"round trip {len(calls)} ({what})"
    if fail_call["how"] == "unreachable":
        raise LabUnreachableError(f"{computer}: connection lost during {point} (fault injected in {where})")
    if fail_call["how"] == "error":
        raise HostCommandError(f"The {what} call failed on {computer} at {point}: fault injected in {where}")


def armed_to_lose(state: dict[str, Any]) -> bool:
    """Whether ``fail_call`` is a ``lost`` answer still to come: read before a call, for ``lost_answer``."""
    fail_call = (state.get("faults") or {}).get("fail_call") or {}
    return fail_call.get("how") == "lost" and "fired" not in fail_call


def lost_answer(armed: bool, state: dict[str, Any], where: str) -> LabUnreachableError | None:
    """The lost connection to raise after a call that ran on the server, when it was the one to lose."""
    fail_call = (state.get("faults") or {}).get("fail_call") or {}
    if not armed or "fired" not in fail_call:
        return None
    calls = state["faults"]["calls"]
    return LabUnreachableError(
        f"{state['computer_name']}: connection lost after round trip {len(calls)} ({fail_call['fired']}) ran on "
        f"the server, before its answer came back (fault injected in {where})"
    )


def check_faults(state: dict[str, Any], what: str, where: str) -> None:
    """Raise the fault the state injects for ``what`` (a primitive or "reboot"), if any."""
    count_round_trip(state, what, where)
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


def take_scheduler_start(state: dict[str, Any], what: str) -> bool:
    """Whether the scheduler starts its own cycle just before this call of ``what`` (``scheduler_starts_before``,
    primitive -> N: the next N calls of it); each one uses one up.

    This is the race a real server has between the status read that finds the engine idle and the start
    that follows: the scheduler's time comes in between [S8]."""
    armed = (state.get("faults") or {}).get("scheduler_starts_before") or {}
    if not armed.get(what):
        return False
    armed[what] -= 1
    return True
