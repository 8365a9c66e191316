# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The Host seam: the primitives the action plugins call, whatever the host really is.

A Windows host runs each primitive's PowerShell script over the task's own connection; a lab host
asks the lab connection's twin. Both answers pass the same schema before anyone uses them. Besides
primitives a host can wait (real time on Windows, the twin's clock in the lab), reboot, and hand a
file to the controller.

Transient connection failures (docs/architecture.md, "Lost connections"):

- A read is retried after a lost connection: the connection is reset and the read runs again, at most
  ``READ_RETRIES`` times (polls ask for more). ``connection_retries`` counts the retries.
- A write is never sent twice. When the connection drops during one, it may or may not have happened:
  the host resets the connection and takes the fresh read the write declares (``primitives.Confirmation``).
  If that read shows the write's effect, ``write`` returns it with a note saying so; if not, the task
  fails with ``UnconfirmedWriteError``, naming the server and the write, saying that nothing was
  repeated and that running again reads the server and carries on.
"""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

import abc
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ansible.errors import AnsibleConnectionFailure

from .._common.errors import EntraConnectError, HostCommandError
from .._contract.validate import validate_answer
from .answer_dates import in_utc
from .confirmations import Effect
from .primitives import PRIMITIVES, Confirmation, Primitive, snapshot_parameters

# A credential sent to a script: {"username": ..., "password": ...}.
Credential = dict[str, str]

# A read survives this many lost connections, each followed by a connection reset.
READ_RETRIES = 2


class UnconfirmedWriteError(HostCommandError):
    """The connection dropped during a write, and a fresh read does not show that it took effect."""


@dataclass(frozen=True)
class Written:
    """The outcome of a write. ``answer`` is the write's own answer, or None when the connection dropped
    during it and ``confirmation``, a fresh read, shows that it took effect; ``note`` then says so."""

    primitive: str
    answer: dict[str, Any] | None
    confirmation: dict[str, Any] | None = None
    note: str = ""

    @property
    def answer_lost(self) -> bool:
        return self.answer is None


class Host(abc.ABC):
    """One server, seen through its primitives. ``round_trips`` counts calls that reached it,
    ``connection_retries`` the reads run again after a lost connection, and ``connection_events`` says
    in sentences each connection that dropped and what followed."""

    kind: str = ""

    def __init__(self, name: str) -> None:
        self.name = name
        self.round_trips = 0
        self.connection_retries = 0
        self.connection_events: list[str] = []

    @property
    def is_lab(self) -> bool:
        return self.kind == "lab"

    def _spec(self, primitive: str, parameters: dict[str, Any], sensitive: dict[str, Credential]) -> Primitive:
        spec = PRIMITIVES[primitive]
        given, allowed = set(parameters), set(spec.parameters) | set(spec.optional)
        if not set(spec.parameters) <= given <= allowed or not set(sensitive) <= set(spec.sensitive):
            # A programming error in the collection, caught before anything reaches a host.
            raise ValueError(f"{primitive} takes {sorted(spec.declared)}, was given {sorted(given | set(sensitive))}")
        return spec

    def call(
        self,
        primitive: str,
        parameters: dict[str, Any],
        sensitive: dict[str, Credential] | None = None,
        retries: int | None = None,
        on_retry: Callable[[int, str], None] | None = None,
    ) -> dict[str, Any]:
        """Run one primitive and return its validated answer.

        A read that loses its connection is retried after a reset, ``retries`` times (``READ_RETRIES``
        unless given). A write is never retried: it goes through ``write``, and a write whose answer was
        lost fails here even when a fresh read shows it took effect, because this caller needs its
        answer; a caller that can carry on from the fresh read calls ``write``.
        """
        sensitive = sensitive or {}
        spec = self._spec(primitive, parameters, sensitive)
        if not spec.read_only:
            if retries:
                raise ValueError(f"{primitive} writes; only reads may be retried")
            written = self.write(primitive, parameters, sensitive)
            if written.answer is None:
                raise HostCommandError(
                    f"{written.note} This task needs the answer of {primitive} itself, which was lost with the "
                    f"connection, so it stops here. Run the task again: the run reads {self.name} and carries on "
                    "from what it finds."
                )
            return written.answer
        limit = READ_RETRIES if retries is None else retries
        attempt = 0
        while True:
            self.round_trips += 1
            try:
                answer = self._run(spec, parameters, sensitive)
                break
            except AnsibleConnectionFailure as err:
                attempt += 1
                if attempt > limit:
                    raise
                self.connection_retries += 1
                self.connection_events.append(
                    f"The connection to {self.name} dropped during {primitive} ({err}); it was reset and the read "
                    f"run again ({attempt} of {limit})"
                )
                if on_retry is not None:
                    on_retry(attempt, str(err))
                self.reset()
        # The ADSync dates come as the server's cmdlets gave them; from here on they are UTC.
        return in_utc(primitive, validate_answer(spec.schema, answer, f"{self.kind} host {self.name}"))

    def write(
        self,
        primitive: str,
        parameters: dict[str, Any],
        sensitive: dict[str, Credential] | None = None,
        expect: Callable[[dict[str, Any]], Effect] | None = None,
    ) -> Written:
        """Run one write primitive, once. If the connection drops during it, confirm it by a fresh read.

        The read is the one the primitive declares (``confirm``), judged by its declared check and then by
        ``expect``, the caller's own check of the same read for what only the caller knows (the SHA-256 a
        copy must have, the exports that were there before). Returns the write's answer, or the fresh read
        that shows the write took effect; raises ``UnconfirmedWriteError`` when it does not show that.
        """
        sensitive = sensitive or {}
        spec = self._spec(primitive, parameters, sensitive)
        confirm = spec.confirm
        if spec.read_only or confirm is None:
            raise ValueError(f"{primitive} is not a write with a confirming read; call it with Host.call")
        self.round_trips += 1
        try:
            answer = self._run(spec, parameters, sensitive)
        except AnsibleConnectionFailure as err:
            return self._confirm(primitive, confirm, parameters, str(err), expect)
        return Written(primitive, validate_answer(spec.schema, answer, f"{self.kind} host {self.name}"))

    def _confirm(
        self,
        primitive: str,
        confirm: Confirmation,
        parameters: dict[str, Any],
        reason: str,
        expect: Callable[[dict[str, Any]], Effect] | None,
    ) -> Written:
        """After the connection dropped during a write: reset it, read afresh, and judge that read."""
        read = confirm.read
        lost = f"The connection to {self.name} dropped during {primitive} ({reason})"
        again = (
            f"Nothing was repeated: a write that may have happened is never sent again. Run the task again: the "
            f"run reads {self.name} and carries on from what it finds."
        )
        self.connection_events.append(lost)
        try:
            self.reset()
            fresh = self.call(read, confirm.parameters(parameters))
        except AnsibleConnectionFailure as err:
            raise AnsibleConnectionFailure(
                f"{lost}, and the fresh {read} read that would show whether it took effect failed too ({err}). {again}"
            ) from None
        except EntraConnectError as err:
            raise UnconfirmedWriteError(
                f"{lost}, and the fresh {read} read that would show whether it took effect failed: {err} {again}"
            ) from None
        effect = confirm.shows(parameters, fresh)
        if effect.took_effect and expect is not None:
            effect = expect(fresh)
        if not effect.took_effect:
            message = f"{lost}; a fresh {read} read shows it did not take effect ({effect.seen}). {again}"
            self.connection_events.append(message)
            raise UnconfirmedWriteError(message)
        note = (
            f"The connection to {self.name} dropped during {primitive}; a fresh {read} read shows it took effect "
            f"({effect.seen}). It was not sent again."
        )
        self.connection_events.append(note)
        return Written(primitive, None, fresh, note)

    @abc.abstractmethod
    def _run(self, primitive: Primitive, parameters: dict[str, Any], sensitive: dict[str, Credential]) -> Any:
        """Run one primitive on the host and return its raw answer."""

    @abc.abstractmethod
    def wait(self, seconds: float) -> None:
        """Let time pass on the host between two polls."""

    @abc.abstractmethod
    def reboot(self, timeout: int) -> dict[str, Any]:
        """Restart the host and wait until it answers again; returns at least ``elapsed``."""

    @abc.abstractmethod
    def fetch(self, remote_path: str, local_path: str) -> None:
        """Copy one file from the host to the controller."""

    @abc.abstractmethod
    def put(self, local_path: str, remote_path: str) -> None:
        """Copy one file from the controller to the host; its folder must exist."""

    def reset(self) -> None:  # noqa: B027 - a host without a connection to reset has nothing to do
        """Drop and reopen the connection after a transient failure."""

    def snapshot(self) -> dict[str, Any]:
        return self.call("snapshot", snapshot_parameters())

    # An operator completing the Entra Connect wizard can be simulated only where the server is simulated.
    can_simulate_wizard: bool = False

    def simulate_wizard(
        self,
        installer_path: str,
        settings_path: str,
        sign_in_method: str,
        not_carried: list[dict[str, Any]] | None = None,
    ) -> dict[str, Any]:
        """Install Entra Connect as an operator at the wizard would, then re-apply by hand what the export does
        not carry (``not_carried`` of entra_export_settings); only a simulated host can."""
        raise HostCommandError(
            f"{self.name} is a {self.kind} host: the Entra Connect wizard cannot be simulated there. "
            "An operator completes it with the worksheet."
        )
