#!/usr/bin/python
# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: entra_scheduler
short_description: Read and set the Microsoft Entra Connect sync scheduler
version_added: 0.1.0
author:
  - Hybrid Identity Maintainers (@hybrid-identity)
description:
  - Reads every C(Get-ADSyncScheduler) field and sets the ones Microsoft lets users change with
    C(Set-ADSyncScheduler) - whether scheduled cycles run, the type of the next cycle, and the cycle
    interval. Only settings that differ are written.
  - Never changes C(SchedulerSuspended), which Entra Connect sets while its wizard is open or an upgrade
    runs; when it is set, the module warns.
  - Reports when the newest complete sync run ended and whether that is more than 7 days ago, after
    which Microsoft requires a full sync instead of a delta sync.
  - With no option set the module only reads.
options:
  sync_cycle_enabled:
    description: Whether the scheduler runs sync cycles.
    type: bool
  next_sync_cycle_policy_type:
    description: The type of the next scheduled cycle.
    type: str
    choices: [Delta, Initial]
  customized_sync_cycle_interval:
    description:
      - The interval between scheduled cycles, as C(hh:mm:ss) or C(d.hh:mm:ss).
      - V(default) clears the custom interval, so the lowest interval Entra ID allows applies.
      - An interval shorter than C(AllowedSyncCycleInterval) or longer than 7 days is refused.
    type: str
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.flow
  - hybrid_identity.entra_connect.attributes.changes
notes:
  - Microsoft keeps the scheduler's configuration in Entra ID, so a change made on one server also applies
    to the other servers of the tenant, except staging mode.
  - From 2.6.91.0 C(Set-ADSyncScheduler) is a cloud configuration cmdlet that may ask for an interactive
    sign-in; over WinRM such a prompt cannot be answered and the task fails with the cmdlet's message.
seealso:
  - module: hybrid_identity.entra_connect.entra_sync_cycle
  - name: Microsoft Entra Connect Sync scheduler
    description: The scheduler's fields, which ones users may change, and the 7-day rule.
    link: https://learn.microsoft.com/entra/identity/hybrid/connect/how-to-connect-sync-feature-scheduler
"""

EXAMPLES = r"""
- name: Enable the scheduler with an hourly cycle
  hybrid_identity.entra_connect.entra_scheduler:
    sync_cycle_enabled: true
    customized_sync_cycle_interval: "01:00:00"

- name: Run a full sync at the next scheduled cycle
  hybrid_identity.entra_connect.entra_scheduler:
    next_sync_cycle_policy_type: Initial

- name: Read the scheduler
  hybrid_identity.entra_connect.entra_scheduler:
  register: scheduler

- name: Fail when the last sync is too old for a delta sync
  ansible.builtin.assert:
    that: not scheduler.last_sync_older_than_7_days
"""

RETURN = r"""
scheduler:
  description: Every scheduler field with snake_case names, as it is after the task.
  returned: success
  type: dict
  sample: {"sync_cycle_enabled": true, "staging_mode_enabled": false, "scheduler_suspended": false,
           "sync_cycle_in_progress": false, "next_sync_cycle_policy_type": "Delta",
           "customized_sync_cycle_interval": null, "currently_effective_sync_cycle_interval": "00:30:00"}
changes:
  description: The settings written, by their Set-ADSyncScheduler names.
  returned: success
  type: dict
  sample: {"CustomizedSyncCycleInterval": "01:00:00"}
last_sync_end:
  description: When the newest complete run ended (host time, UTC), or null.
  returned: success
  type: str
last_sync_age_hours:
  description: How long ago, by the server's clock, the newest complete run ended.
  returned: success
  type: float
last_sync_older_than_7_days:
  description: Whether the newest complete run ended more than 7 days ago, or no run is recorded.
  returned: success
  type: bool
lab:
  description: Whether the answer came from the lab twin rather than a Windows server.
  returned: always
  type: bool
host_round_trips:
  description: How many calls reached the host.
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
  description: What the module decided, in sentences the migration report shows as they are.
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
