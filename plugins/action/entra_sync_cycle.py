# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from ansible.utils.display import Display
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._action.base import EntraHostAction
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._action.polling import (
    Poll,
    PollTimeoutError,
    backoff,
)
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._common.dates import parse_utc
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._common.errors import EntraConnectError
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._host.base import Host
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._host.readings import read_status
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._rules.sync import (
    BUSY_RESULT,
    START_ATTEMPTS,
    START_GRACE_SECONDS,
    STARTED_RESULT,
    busy_message,
    by_connector,
    cycle_shown,
    failing,
    failure_message,
    no_runs_message,
    not_shown_message,
    require_installed,
    runs_since,
)

display = Display()

# Enough run results for one cycle of a server with many connectors (three or four runs each).
RUN_RESULTS_REQUESTED = 200


class ActionModule(EntraHostAction):
    def entra_host_run(self, host: Host, args: dict[str, Any], task_vars: dict[str, Any]) -> dict[str, Any]:
        if args["timeout"] <= 0:
            raise EntraConnectError(f"timeout must be a positive number of seconds, got {args['timeout']}")
        status = read_status(host)
        scheduler = require_installed(status, host.name)
        self._check_connectors(host, status, args["connectors"])
        if scheduler["SchedulerSuspended"]:
            raise EntraConnectError(
                f"The scheduler on {host.name} is suspended (SchedulerSuspended=True), which Entra Connect does while "
                "its wizard is open or an upgrade runs. Close the wizard or let the upgrade finish, then run this "
                "task again. No cycle was started."
            )
        policy = args["policy_type"]
        running = bool(scheduler["SyncCycleInProgress"])
        if running and args["when_running"] == "fail":
            raise EntraConnectError(
                f"A sync cycle is already running on {host.name} ({self._running(status)}); when_running=fail. "
                "No cycle was started."
            )
        if self._task.check_mode:
            # Every refusal has failed above, so the module would start a cycle: that is the change check mode reports.
            would = (
                f"Would wait for the sync cycle running on {host.name} ({self._running(status)}), then start a sync "
                f"cycle ({policy}) (check mode)"
                if running
                else f"Would start a sync cycle ({policy}) on {host.name} (check mode)"
            )
            return {"changed": True, "policy_type": policy, "msg": would, "decisions": [would]}
        if running:
            # Waiting for a cycle someone else started changes nothing; if the wait fails, no cycle was started.
            self._wait_until_idle(host, status["now_utc"], args["timeout"], "the running cycle", status)
        started, refusals = self._start(host, policy, args["timeout"], args["when_running"])
        # Starting a cycle is the change, whatever its runs then find to do.
        result: dict[str, Any] = {
            "changed": True,
            "started": started,
            "policy_type": policy,
            "staging_mode": scheduler["StagingModeEnabled"],
            "decisions": [
                f"Started a sync cycle ({policy}) on {host.name} at {started} by its clock"
                + (", once the cycle already running there had finished" if running else "")
                + (
                    f", after waiting {len(refusals)} time(s) for a cycle that started just before it ({refusals[-1]})"
                    if refusals
                    else ""
                )
            ],
        }
        if not args["wait"]:
            return dict(result, msg=f"Started a {policy} sync cycle on {host.name}; not waiting for it")
        # One back-off for both waits, so the cycle is polled as often as if it were one wait.
        delays = backoff()
        try:
            shown = self._wait_until_shown(host, started, args["timeout"], delays)
            status = self._wait_until_idle(host, started, args["timeout"], f"the {policy} sync cycle", shown, delays)
        except EntraConnectError as err:
            # The cycle was started, so the task changed the server even though it failed waiting for it.
            return dict(result, failed=True, msg=str(err))
        runs = runs_since(host.call("run_results", {"NumberRequested": RUN_RESULTS_REQUESTED})["runs"], started)
        if not runs:
            # A cycle always runs at least an import on each connector [S8]; none means it never ran.
            return dict(result, failed=True, msg=no_runs_message(host.name, policy, started), runs=[])
        if args["connectors"]:
            wanted = {name.lower() for name in args["connectors"]}
            runs = [run for run in runs if run["connector_name"].lower() in wanted]
        return self._judge(host, result, runs, status, args["fail_on_results"])

    def _start(self, host: Host, policy: str, timeout: int, when_running: str) -> tuple[str, list[str]]:
        """Start the cycle; returns when it started by the host's clock, and the busy answers before that.

        The scheduler may start its own cycle between the status read and the start; the engine then answers
        busy and nothing changed. That cycle is not this task's: the task was asked for a cycle of its policy
        that starts after now, so it waits for that one to end and asks again, at most START_ATTEMPTS times
        (with when_running=fail it fails at once, as for a cycle its status read found running).
        """
        refusals: list[str] = []
        for attempt in range(1, START_ATTEMPTS + 1):
            answer = host.call("sync_start", {"PolicyType": policy})
            if answer["result"].lower() == STARTED_RESULT:
                return answer["started_utc"], refusals
            if answer["result"].lower() != BUSY_RESULT:
                # Neither started nor busy: a running cycle seen next could be anyone's, so none is adopted.
                raise EntraConnectError(
                    f"Start-ADSyncSyncCycle on {host.name} answered {answer['result']!r}, neither Success nor busy; "
                    "no cycle is taken as this task's. Check the server's run history and event log, then run this "
                    "task again."
                )
            refusals.append(answer["message"])
            if when_running == "fail":
                raise EntraConnectError(
                    f"A sync cycle started on {host.name} just before this task's start, which the engine refused "
                    f"as busy ({answer['message']}); when_running=fail. No cycle was started."
                )
            if attempt < START_ATTEMPTS:
                display.display(
                    f"{host.name}: the sync engine is busy ({answer['message']}); waiting for the running cycle to "
                    f"finish, then starting the {policy} cycle (attempt {attempt + 1} of {START_ATTEMPTS})",
                    stderr=True,
                )
                self._wait_until_idle(host, answer["started_utc"], timeout, "the cycle that kept the engine busy")
        raise EntraConnectError(busy_message(host.name, policy, refusals))

    def _wait_until_shown(self, host: Host, started: str, timeout: int, delays: Iterator[float]) -> dict[str, Any]:
        """Poll until the started cycle shows (running, or a run of it listed), within the grace period.

        Right after Start-ADSyncSyncCycle returns, SyncCycleInProgress may still be false; a poll then would
        take the cycle for finished, with no runs. Elapsed time is the host's clock."""
        start = parse_utc(started)
        poll: Poll[dict[str, Any]] = Poll(
            read=lambda: read_status(host, self._on_retry(host)),
            done=lambda reading: cycle_shown(reading, started),
            wait=host.wait,
            timeout=min(START_GRACE_SECONDS, timeout),
            delays=delays,
            elapsed=lambda reading: (parse_utc(reading["now_utc"]) - start).total_seconds(),
            progress=lambda reading, elapsed: (
                f"{host.name}: waiting for the sync cycle started at {started} to show, {int(elapsed)} s elapsed"
            ),
        )
        try:
            return poll.until_done()[0]
        except PollTimeoutError as timed_out:
            raise EntraConnectError(
                not_shown_message(host.name, started, timed_out.reading, timed_out.elapsed)
            ) from None

    @staticmethod
    def _check_connectors(host: Host, status: dict[str, Any], names: list[str] | None) -> None:
        known = {name.lower() for name in status["connectors"]}
        unknown = [name for name in names or [] if name.lower() not in known]
        if unknown:
            raise EntraConnectError(
                f"Connector(s) {', '.join(repr(n) for n in unknown)} do not exist on {host.name}; its connectors are "
                f"{', '.join(repr(n) for n in status['connectors']) or 'none'}. No cycle was started."
            )

    @staticmethod
    def _on_retry(host: Host) -> Callable[[int, str], None]:
        def on_retry(attempt: int, error: str) -> None:
            display.warning(
                f"{host.name}: poll {attempt} lost its connection ({error}); reset the connection, retrying"
            )

        return on_retry

    @staticmethod
    def _running(status: dict[str, Any]) -> str:
        return "running connector: " + (", ".join(status["running_connectors"]) or "none reported")

    def _wait_until_idle(
        self,
        host: Host,
        since: str,
        timeout: int,
        what: str,
        status: dict[str, Any] | None = None,
        delays: Iterator[float] | None = None,
    ) -> dict[str, Any]:
        """Poll with back-off until SyncCycleInProgress is false; elapsed time is the host's clock."""
        start = parse_utc(since)
        poll: Poll[dict[str, Any]] = Poll(
            read=lambda: read_status(host, self._on_retry(host)),
            done=lambda reading: not reading["scheduler"]["SyncCycleInProgress"],
            wait=host.wait,
            timeout=timeout,
            delays=delays if delays is not None else backoff(),
            elapsed=lambda reading: (parse_utc(reading["now_utc"]) - start).total_seconds(),
            progress=lambda reading, elapsed: (
                f"{host.name}: waiting for {what}, {int(elapsed)} s elapsed, {self._running(reading)}"
            ),
        )
        try:
            return poll.until_done(status)[0]
        except PollTimeoutError as timed_out:
            raise EntraConnectError(
                f"Waited {int(timed_out.elapsed)} s for {what} on {host.name} (timeout {timeout} s); it is still "
                f"running ({self._running(timed_out.reading)}). It was not stopped: wait for it, or stop it with "
                "Stop-ADSyncSyncCycle."
            ) from None

    @staticmethod
    def _judge(
        host: Host, result: dict[str, Any], runs: list[dict[str, Any]], status: dict[str, Any], patterns: list[str]
    ) -> dict[str, Any]:
        exports = [run for run in runs if run["run_profile_name"].lower() == "export"]
        failures = [run for run in runs if failing(run, patterns)]
        moved = sum(run["adds"] + run["updates"] + run["deletes"] for run in runs)
        result.update(
            # What the cycle's runs added, updated and deleted; the task changed the server by starting it.
            objects_changed=moved,
            runs=runs,
            connectors=by_connector(runs),
            exports_ran=bool(exports),
            finished=status["now_utc"],
        )
        results = sorted({run["result"] for run in runs})
        result["decisions"] = result["decisions"] + [
            f"{result['policy_type']} sync cycle on {host.name}: {', '.join(results) or 'no runs'}"
            + (" (staging mode: no exports)" if result["staging_mode"] else "")
        ]
        result["evidence"] = {
            f"{result['policy_type'].lower()}_cycle": f"{', '.join(results) or 'no runs'} on "
            f"{len(result['connectors'])} connectors"
        }
        if result["staging_mode"]:
            result["msg"] = (
                f"{host.name} is in staging mode: the cycle imported and synchronized, and exports did not run"
            )
        if failures:
            result.update(failed=True, msg=failure_message(host.name, failures), failures=failures)
        elif "msg" not in result:
            result["msg"] = f"The {result['policy_type']} sync cycle on {host.name} succeeded ({len(runs)} runs)"
        return result
