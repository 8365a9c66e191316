#!/usr/bin/python
# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: entra_sync_health
short_description: Read the sync health and per-connector object counts of an Entra Connect server, as cutover evidence
version_added: 0.1.0
author:
  - Hybrid Identity Maintainers (@hybrid-identity)
description:
  - Reads the server (a snapshot and its connector statistics) and judges its sync health for the role it has
    before a cutover. It changes nothing.
  - C(sync_engine) - the ADSync cmdlets answer. C(role) - the server is in staging mode when O(role=staging) and
    out of it when O(role=active).
  - C(last_sync) - every connector synchronized successfully (result C(success) or C(completed-*-warnings)) within
    O(max_sync_age_days) days; Microsoft requires a delta synchronization at least every 7 days, also on a staging
    server.
  - C(scheduler) - C(SyncCycleEnabled) is true and C(SchedulerSuspended) false.
  - C(import_sync_errors), with O(role=staging) (the server to make active) - the newest import and the newest
    synchronization of every connector completed without errors.
  - C(stopped_runs) - the newest run of no connector ended C(stopped-*).
  - Returns the per-connector object counts (RV(connectors)) that M(hybrid_identity.entra_connect.entra_object_counts)
    compares between the two servers of a pair.
  - Ages are judged against the controller's clock; against a lab twin, against the twin's clock, the lab's time.
options:
  role:
    description:
      - The server's role before the cutover - V(active) for the server that exports now (the source of a swing
        migration), V(staging) for the server to make active.
    type: str
    required: true
    choices: [active, staging]
  max_sync_age_days:
    description: The most days since every connector's last successful synchronization.
    type: int
    default: 7
  count_connector_space:
    description:
      - Count every connector space object by paging through it with C(Get-ADSyncCSObject). With V(false) only
        C(Get-ADSyncConnectorStatistics)'s connector count is read, which is faster on a large directory.
    type: bool
    default: true
  fail_on_check:
    description: Fail the task when a check does not pass. By default the checks are evidence and only returned.
    type: bool
    default: false
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.flow
  - hybrid_identity.entra_connect.attributes.read_only
notes:
  - docs/sync-evidence.md says what is counted, from where, and what each failing check tells you to look at.
  - C(Get-ADSyncConnectorStatistics) is missing from Microsoft's ADSync reference; where the module lacks it,
    C(reported_total_connectors) in RV(connectors) is null (docs/sources.md S35).
seealso:
  - module: hybrid_identity.entra_connect.entra_object_counts
  - module: hybrid_identity.entra_connect.entra_cutover_gate
  - module: hybrid_identity.entra_connect.entra_connect_info
"""

EXAMPLES = r"""
- name: Read the old, active server
  hybrid_identity.entra_connect.entra_sync_health:
    role: active
  register: source_health
  delegate_to: old-sync01

- name: Read the new server, which is to become active
  hybrid_identity.entra_connect.entra_sync_health:
    role: staging
  register: target_health
  delegate_to: new-sync01

- name: Stop here when the new server is not healthy
  hybrid_identity.entra_connect.entra_sync_health:
    role: staging
    fail_on_check: true
"""

RETURN = r"""
passed:
  description: Whether every check passed.
  returned: success
  type: bool
checks:
  description:
    - Each check with C(name), C(passed) and C(detail); a failing detail names the connector and run and says what
      to look at.
  returned: success
  type: list
  elements: dict
  sample:
    - name: last_sync
      passed: true
      detail: every connector synchronized successfully within 7 day(s); ...
connectors:
  description:
    - Per connector, its counts as the server reports them - C(identifier), C(name), C(connector_type_name),
      C(subtype), C(total_objects), C(total_connectors), C(total_disconnectors), C(placeholders),
      C(reported_total_connectors) (from C(Get-ADSyncConnectorStatistics)) and C(error). A count not read is null.
    - Empty when the ADSync cmdlets could not be read.
  returned: success
  type: list
  elements: dict
computer_name:
  description: The server's computer name, as it names itself.
  returned: success
  type: str
role:
  description: The role it was judged for.
  returned: success
  type: str
staging_mode:
  description: The server's StagingModeEnabled.
  returned: success
  type: bool
judged_at:
  description: The time (UTC) ages were judged against, and C(clock) - V(controller), or V(lab twin) in the lab.
  returned: success
  type: dict
lab:
  description: Whether the task ran against the lab twin rather than a Windows server.
  returned: always
  type: bool
host_round_trips:
  description: How many calls reached the host.
  returned: always
  type: int
connection_events:
  description:
    - Each connection to the host that dropped during the task and what followed, in sentences. Empty when no
      connection dropped.
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
  description: What those decisions rest on, by name (each check's detail); the migration report shows it as it is.
  returned: always
  type: dict
controller_time:
  description: When the task started and ended (C(started), C(ended)), UTC by the controller's clock.
  returned: always
  type: dict
"""
