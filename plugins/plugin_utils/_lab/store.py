# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Where a twin's state and its tenant log live between two calls: one store, two kinds.

- ``FileTwinStore``: the JSON state file the lab connection names (format: docs/lab.md) and the tenant
  logs beside it. Lab runs use it.
- ``MemoryTwinStore``: the same documents as dicts in memory. Unit tests use it.

Every call is one transaction: the state is read, the twin acts, and the state is kept only when the
action succeeded, so a failed primitive leaves the server as it was. The injected faults (``faults``)
are the one exception: a failed call keeps nothing but them, so a dropped call is used up and a round
trip ``fail_call`` counted stays counted (and its fault used up) whether the call then succeeds or
fails, as a real connection that drops mid-call has still reached the server. A ``fail_call`` that loses
the answer (``how: lost``) fails a call that succeeded: its whole state is kept, then the loss is raised.
"""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

import abc
import copy
import json
import os
from collections.abc import Callable
from typing import Any, TypeVar

from .._common.errors import LabStateError
from .._common.files import atomic_write
from .._contract.validate import first_violation
from .faults import armed_to_lose, lost_answer
from .seeds import RESET_COMMAND, Seeding, seed_missing
from .twin import Twin

LAB_STATE_SCHEMA = "lab_state"
TENANT_SCHEMA = "lab_tenant"
# A new lab starts from the seeds the collection ships (seeds.py); the docs say how.
RESET_HINT = f"Reset the lab with `{RESET_COMMAND}` (it copies the seeds the collection ships)"

T = TypeVar("T")


def _read_json(path: str, what: str, kind: str, schema: str, missing_hint: str) -> dict[str, Any]:
    try:
        with open(path, encoding="utf-8") as handle:
            document = json.load(handle)
    except FileNotFoundError:
        raise LabStateError(f"{what} {path} does not exist. {missing_hint}") from None
    except (OSError, UnicodeDecodeError) as err:
        raise LabStateError(f"{what} {path} cannot be read: {err}") from None
    except json.JSONDecodeError as err:
        raise LabStateError(f"{what} {path} is not valid JSON: {err}") from None
    violation = first_violation(schema, document)
    if violation is not None:
        raise LabStateError(f"{what} {path} is not a valid {kind} {violation}")
    valid: dict[str, Any] = document
    return valid


def load_state(path: str) -> dict[str, Any]:
    """Read and check one state file; every failure names the file and what is wrong with it."""
    if not path:
        raise LabStateError(
            "No lab state file is set for this host: set the inventory variable entra_lab_state_file (see docs/lab.md)"
        )
    return _read_json(
        path,
        "Lab state file",
        "lab state",
        LAB_STATE_SCHEMA,
        f"{RESET_HINT} or point entra_lab_state_file at a state file",
    )


def dump(document: dict[str, Any]) -> str:
    """Deterministic JSON, so an unchanged state keeps its exact bytes."""
    return json.dumps(document, indent=2, sort_keys=True) + "\n"


def _faults_only(loaded: dict[str, Any], state: dict[str, Any]) -> dict[str, Any]:
    """``loaded`` with the fault bookkeeping of ``state``: what a failed call keeps."""
    kept = dict(loaded)
    if "faults" in state:
        kept["faults"] = state["faults"]
    else:
        kept.pop("faults", None)
    return kept


class TwinStore(abc.ABC):
    """The state of one simulated server and the tenant logs it writes to."""

    name: str

    @abc.abstractmethod
    def read_state(self) -> dict[str, Any]:
        """The server's state, checked against the lab state schema."""

    @abc.abstractmethod
    def write_state(self, state: dict[str, Any]) -> None:
        """Keep the server's state."""

    @abc.abstractmethod
    def read_tenant(self, log: str) -> dict[str, Any]:
        """The tenant log named ``log`` in the state."""

    @abc.abstractmethod
    def write_tenant(self, log: str, tenant: dict[str, Any]) -> None:
        """Keep a tenant log."""

    def transact(self, action: Callable[[Twin], T]) -> T:
        """Act on the twin in one transaction (see the module's docstring)."""
        loaded = self.read_state()
        armed = armed_to_lose(loaded)
        twin = Twin(copy.deepcopy(loaded), self, self.name)
        try:
            result = action(twin)
        except Exception:
            self._keep(loaded, _faults_only(loaded, twin.state))
            raise
        self._keep(loaded, twin.state)
        lost = lost_answer(armed, twin.state, self.name)
        if lost is not None:
            # The call ran and its effect is kept; only its answer never reaches the controller.
            raise lost
        return result

    def _keep(self, loaded: dict[str, Any], state: dict[str, Any]) -> None:
        if state != loaded:
            self.write_state(state)


class FileTwinStore(TwinStore):
    """A state file, and tenant logs next to it.

    With ``announce``, a state file that does not exist is first created from the collection's seed of the
    same name (and the tenant log it names, when missing; seeds.py), and ``announce`` is told what was
    created, so that a lab run that made up its own servers says it did."""

    def __init__(self, path: str, announce: Callable[[Seeding], None] | None = None) -> None:
        self.path = path
        self.name = path
        self.announce = announce

    def read_state(self) -> dict[str, Any]:
        if self.announce is not None and self.path:
            seeding = seed_missing(self.path)
            if seeding.created:
                self.announce(seeding)
        return load_state(self.path)

    def write_state(self, state: dict[str, Any]) -> None:
        atomic_write(self.path, dump(state))

    def tenant_path(self, log: str) -> str:
        """A tenant log named in a state file lives next to that state file."""
        return os.path.join(os.path.dirname(os.path.abspath(self.path)), log)

    def read_tenant(self, log: str) -> dict[str, Any]:
        return _read_json(self.tenant_path(log), "Lab tenant log", "tenant log", TENANT_SCHEMA, RESET_HINT)

    def write_tenant(self, log: str, tenant: dict[str, Any]) -> None:
        atomic_write(self.tenant_path(log), dump(tenant))


class MemoryTwinStore(TwinStore):
    """The same documents in memory; ``state`` and ``tenants`` stay the same objects, so a test may
    inject a fault into them or read them after a call."""

    def __init__(self, state: dict[str, Any], tenants: dict[str, dict[str, Any]] | None = None) -> None:
        violation = first_violation(LAB_STATE_SCHEMA, state)
        if violation is not None:
            raise LabStateError(f"The lab state in memory is not a valid lab state {violation}")
        self.state = state
        self.tenants = tenants if tenants is not None else {}
        self.name = "memory"

    def read_state(self) -> dict[str, Any]:
        return self.state

    def write_state(self, state: dict[str, Any]) -> None:
        # In place, so whoever holds ``state`` sees the change.
        if state is not self.state:
            self.state.clear()
            self.state.update(state)

    def read_tenant(self, log: str) -> dict[str, Any]:
        if log not in self.tenants:
            raise LabStateError(f"Lab tenant log {log} does not exist in memory. {RESET_HINT}")
        return copy.deepcopy(self.tenants[log])

    def write_tenant(self, log: str, tenant: dict[str, Any]) -> None:
        # In place too, so a test that holds a tenant log sees its new events.
        kept = self.tenants.setdefault(log, {})
        if tenant is not kept:
            kept.clear()
            kept.update(tenant)
