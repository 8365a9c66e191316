#!/usr/bin/python
# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: entra_sync_cycle
short_description: Run a Microsoft Entra Connect sync cycle and report every run result
version_added: 0.1.0
author:
  - Hybrid Identity Maintainers (@hybrid-identity)
description:
  - Starts a C(Delta) or C(Initial) sync cycle with C(Start-ADSyncSyncCycle), waits for it, and returns
    every run profile result of this cycle per connector, with adds, updates, deletes and errors.
  - If a cycle is already running, waits for it to finish first, or fails (O(when_running)).
  - The scheduler may start its own cycle between the module's status read and its start; the engine then
    refuses the start as busy (C(Connector ... is busy.)) and nothing changes. That cycle is not the one the
    task asked for (a cycle of O(policy_type) that starts after now), so the module waits for it to finish and
    starts its own, at most 3 times in all (O(when_running=fail) fails at once instead). The scheduler starts
    at most one cycle per interval, so busy answers again and again mean something else keeps starting
    cycles; after the third the task fails, names the server, and says how to find the cause or pause the
    scheduler. Any other error of the start fails the task at once.
  - Right after C(Start-ADSyncSyncCycle) returns, the cycle may not show yet (C(SyncCycleInProgress) still
    false, no run listed). The module waits up to 120 seconds of the server's clock for the cycle to show
    (running, or a run of it listed) before it waits for the cycle to finish; a cycle that never shows, or
    that finishes with no run since its start, fails the task with what was seen. That grace period is an
    estimate, not a documented figure.
  - Waiting polls C(SyncCycleInProgress) with back-off (2, 4, 8, then every 15 seconds). Each poll is one
    short read; a poll that loses its connection resets the connection and is retried, so no WinRM call
    is held open for the length of a cycle. Progress (elapsed time, running connector) is printed at
    least every 30 seconds.
  - Fails when a result is C(stopped-*) or C(completed-*-errors) (O(fail_on_results)).
    C(stopped-deletion-threshold-exceeded) gets its own message about the export deletion threshold.
  - On a server in staging mode the cycle imports and synchronizes but does not export; the result says so.
  - Refuses to start while the scheduler is suspended (the wizard is open or an upgrade runs).
options:
  policy_type:
    description: C(Delta) runs delta import, delta synchronization and export; C(Initial) full import and full synchronization.
    type: str
    choices: [Delta, Initial]
    default: Delta
  wait:
    description: Wait for the cycle and return its results. With V(false) the module returns once the cycle started.
    type: bool
    default: true
  timeout:
    description:
      - Seconds to wait, measured on the server's clock, for a running cycle (each time the engine answers
        busy, for the cycle that kept it busy) and then for this one.
      - When it runs out the task fails with the cycle's state; the cycle is not stopped.
    type: int
    default: 3600
  when_running:
    description: What to do when a cycle is already running.
    type: str
    choices: [wait, fail]
    default: wait
  fail_on_results:
    description:
      - Result strings that fail the task, as shell-style patterns matched without regard to case.
      - Set to V([]) to report every result without failing.
    type: list
    elements: str
    default: ["stopped-*", "completed-*-errors"]
  connectors:
    description:
      - Report and judge only these connectors, by name. A name that does not exist fails the task before
        a cycle starts. The cycle itself always runs on every connector.
    type: list
    elements: str
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.flow
  - hybrid_identity.entra_connect.attributes.changes
attributes:
  diff_mode:
    support: none
notes:
  - C(changed) is true when the module started a cycle, also when the task then fails on the cycle's
    results or on its timeout. Starting a cycle is the change, whatever its runs find to do
    (RV(objects_changed) counts what they added, updated and deleted). A task that fails before starting
    one - a refusal, the timeout while it waited for a cycle already running, or an engine busy at every
    start - reports no change.
  - In check mode the module starts nothing and reports C(changed) true when it would start a cycle, with
    C(decisions) and C(msg) saying so (C(Would start a sync cycle ...)); a refusal fails as in a real run.
seealso:
  - module: hybrid_identity.entra_connect.entra_scheduler
  - name: Microsoft Entra Connect Sync scheduler
    description: Sync cycles, their steps, and how to start and stop them.
    link: https://learn.microsoft.com/entra/identity/hybrid/connect/how-to-connect-sync-feature-scheduler
"""

EXAMPLES = r"""
- name: Run a delta cycle and fail on any stopped or erroring run
  hybrid_identity.entra_connect.entra_sync_cycle:
    policy_type: Delta
    timeout: 1800

- name: Initial cycle on a new staging server, reporting errors without failing
  hybrid_identity.entra_connect.entra_sync_cycle:
    policy_type: Initial
    fail_on_results: []
  register: cycle

- name: Show the results per connector
  ansible.builtin.debug:
    msg: "{{ item.key }}: {{ item.value | map(attribute='result') | list }}"
  loop: "{{ cycle.connectors | dict2items }}"
"""

RETURN = r"""
started:
  description: When the cycle was started, by the server's clock (UTC).
  returned: when a cycle was started, also when the task then failed
  type: str
finished:
  description: When the module saw the cycle finished, by the server's clock (UTC).
  returned: when the module waited
  type: str
policy_type:
  description: The cycle's type.
  returned: when a cycle was started, or in check mode would be
  type: str
staging_mode:
  description: Whether the server was in staging mode.
  returned: when a cycle was started
  type: bool
objects_changed:
  description: How many objects the runs of this cycle added, updated and deleted, together.
  returned: when the module waited
  type: int
exports_ran:
  description: Whether any export ran in this cycle (never on a server in staging mode).
  returned: when the module waited
  type: bool
runs:
  description: Every run profile result of this cycle.
  returned: when the module waited
  type: list
  elements: dict
  sample: [{"connector_name": "contoso.com", "run_profile_name": "Delta Import", "result": "success",
            "start_date": "2026-11-20T09:45:47.0000000Z", "end_date": "2026-11-20T09:45:55.0000000Z",
            "adds": 0, "updates": 2, "deletes": 0, "errors": 0, "is_run_complete": true}]
connectors:
  description: The same runs grouped by connector name, in the order they ran.
  returned: when the module waited
  type: dict
failures:
  description: The runs whose result matched O(fail_on_results).
  returned: when the task failed on a result
  type: list
  elements: dict
lab:
  description: Whether the answer came from the lab twin rather than a Windows server.
  returned: always
  type: bool
host_round_trips:
  description: How many calls reached the host (each poll is one).
  returned: always
  type: int
connection_events:
  description:
    - Each connection to the host that dropped during the task and what followed, in sentences - a read run again,
      or a write confirmed by a fresh read and never sent again. Empty when no connection dropped.
  returned: always
  type: list
  elements: str
  sample: []
decisions:
  description:
    - What the module decided, in sentences the migration report shows as they are - the cycle it started
      (after waiting for one already running, or for one that made the engine answer busy, if it did) and how
      its runs ended; in check mode the cycle it would start.
  returned: always
  type: list
  elements: str
evidence:
  description: What those decisions rest on, by name; the migration report shows it as it is.
  returned: always
  type: dict
controller_time:
  description: When the task started and ended (C(started), C(ended)), UTC by the controller's clock.
  returned: always
  type: dict
"""
