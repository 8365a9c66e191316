#!/usr/bin/python
# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: entra_staging_mode
short_description: Read, enable or disable staging mode on a Microsoft Entra Connect server
version_added: 0.1.0
author:
  - Hybrid Identity Maintainers (@hybrid-identity)
description:
  - Reads staging mode from C(Get-ADSyncScheduler) (C(StagingModeEnabled)), and warns when the global
    setting C(Microsoft.Synchronize.StagingMode) disagrees.
  - Sets it through C(Get-ADSyncGlobalSettings) and C(Set-ADSyncGlobalSettings), the route public scripts
    use. Before 2.6.91.0 the scheduler is paused around the change and restored afterwards (or set to
    O(sync_cycle_enabled_after)); the restore has its own error handling, and a scheduler left off fails the
    task with the command that turns it on. From 2.6.91.0 C(Set-ADSyncScheduler) opens an interactive Entra
    sign-in, so the scheduler is not touched; a cycle that starts in between leaves staging mode unchanged.
    Microsoft's documented route is the wizard (Configure staging mode); see the collection's
    C(docs/staging-mode.md) for the difference.
  - Before a change the module reads the server's version and whether password writeback (SSPR) is on. It
    refuses, in check mode too and before anything is sent, a change that only an interactive sign-in could
    make. That is a change on 2.5.3.0 or later with password writeback on (or unreadable), or a change of
    O(sync_cycle_enabled_after) on 2.6.91.0 or later. The refusal names the wizard step that makes it.
  - Taking a server out of staging mode makes it export to the tenant. The module refuses O(state=disabled)
    unless O(other_servers) holds a reading of every other server of the tenant, taken by this module on
    this controller, that shows it in staging mode; or O(no_other_servers) states that there is none.
  - A reading counts only when it is sealed by this controller (a reading written or changed by hand is
    refused; the key is kept under the controller user's Ansible home), was taken no more than O(max_reading_age) seconds ago and not after now by
    the controller's clock, is of another computer, and of the same tenant (as each server's Entra connector
    names it). When the run's preflight read other servers of the same tenant
    (C(entra_connect_handoff.reading)), each of them must be among the readings, whatever the task passes.
  - A refusal names the server and what to do, and comes before any change.
  - The change is sent once. If the connection drops during it, it is never sent again; a fresh read of
    C(StagingModeEnabled) decides. If the change took effect the task carries on and says so in its
    warnings and C(decisions); if not, it fails saying nothing was repeated, and running it again reads
    the server and carries on.
  - Every result carries RV(reading), the evidence another task passes in O(other_servers).
options:
  state:
    description:
      - V(query) only reads. V(enabled) puts the server into staging mode. V(disabled) takes it out.
    type: str
    choices: [enabled, disabled, query]
    required: true
  other_servers:
    description:
      - For O(state=disabled), the RV(reading) of every other server of the pair (or the whole registered
        result of an O(state=query) task), each showing staging mode on and taken no more than
        O(max_reading_age) seconds ago.
      - An empty list is refused unless O(no_other_servers=true).
      - Ignored for the other states.
    type: list
    elements: raw
  no_other_servers:
    description:
      - For O(state=disabled), the operator's statement that no other Entra Connect server syncs this
        server's tenant, so there is no server to read in staging mode first (a first server, or one whose
        peers were decommissioned). Only with an empty or absent O(other_servers).
      - If another server does exist and is active, both export to the tenant; with password writeback, the
        second one disrupts the first one's service bus channel. State it only when you have checked.
    type: bool
    default: false
  max_reading_age:
    description: The oldest reading, in seconds by the controller's clock, that O(other_servers) may hold.
    type: int
    default: 300
  sync_cycle_enabled_after:
    description:
      - Whether the scheduler runs sync cycles after the change. By default it is left as it was before.
    type: bool
  admin_credential:
    description:
      - B(Deprecated; no longer used, and never sent to the server.) No ADSync cmdlet takes a credential for a
        staging change (C(Set-ADSyncGlobalSettings) has no credential parameter), so a credential given here
        would be ignored by the server.
      - From 2.5.3.0 a staging change made with PowerShell needs administrator credentials when self-service
        password reset (password writeback) is enabled. The module therefore refuses such a change before
        anything is sent, and names the wizard's Configure staging mode task, which asks for the sign-in.
      - Setting it only adds a warning. It will be removed in a future major release.
    type: dict
    suboptions:
      username:
        description: The account name.
        type: str
        required: true
      password:
        description: The password.
        type: str
        required: true
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.flow
  - hybrid_identity.entra_connect.attributes.changes
notes:
  - A server in staging mode imports and synchronizes but does not export, and runs neither password hash
    sync nor password writeback. Leaving staging mode starts them.
  - A change is refused while a sync cycle is running.
seealso:
  - module: hybrid_identity.entra_connect.entra_sync_cycle
  - name: Staging server and disaster recovery
    description: What staging mode does, and the order of a switch.
    link: https://learn.microsoft.com/entra/identity/hybrid/connect/how-to-connect-sync-staging-server
"""

EXAMPLES = r"""
- name: Put the active server into staging mode first
  hybrid_identity.entra_connect.entra_staging_mode:
    state: enabled
  delegate_to: old-sync01

- name: Read the old server right before the switch
  hybrid_identity.entra_connect.entra_staging_mode:
    state: query
  delegate_to: old-sync01
  register: old_server

- name: Take the new server out of staging mode, on the reading just taken
  hybrid_identity.entra_connect.entra_staging_mode:
    state: disabled
    other_servers:
      - "{{ old_server.reading }}"

- name: Make the first and only server of a tenant active
  hybrid_identity.entra_connect.entra_staging_mode:
    state: disabled
    no_other_servers: true
"""

RETURN = r"""
staging_mode:
  description: Whether the server is in staging mode after the task (predicted in check mode).
  returned: success
  type: bool
reading:
  description:
    - This server's staging mode, its computer name and tenant, with the controller time it was read, sealed
      by this controller; pass it in O(other_servers) of a later task.
  returned: success
  type: dict
  sample: {"source": "hybrid_identity.entra_connect.entra_staging_mode", "host": "old-sync01",
           "computer_name": "OLD-SYNC01", "tenant": "contoso.onmicrosoft.com", "staging_mode": true,
           "read_at": "2026-11-21T10:02:11.0000000Z", "host_time": "2026-11-21T10:02:10.0000000Z",
           "seal": "9c1e0b7d5f2a4e8c3b6d1f0a7e9c2b4d6f8a1c3e5b7d9f0a2c4e6b8d0f1a3c5e"}
scheduler:
  description: Every scheduler field with snake_case names, as read after the task.
  returned: success
  type: dict
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
