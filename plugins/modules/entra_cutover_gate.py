#!/usr/bin/python
# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: entra_cutover_gate
short_description: Judge the evidence that an Entra Connect server may become, or has become, the active one
version_added: 0.1.0
author:
  - Hybrid Identity Maintainers (@hybrid-identity)
description:
  - Reads the server once and judges gates. With O(expect=staging), before a cutover - it is in staging mode,
    its version is supported and not older than O(peer_version), its scheduler runs and is not suspended and,
    with O(require_initial_sync=true), a full import and a full synchronization completed on every connector.
  - With O(expect=active), after a cutover - it is active, its scheduler runs, and every connector exported
    since O(since) without failing.
  - Gates judged by other tasks (for example a configuration comparison or a pending-export analysis) are
    passed in O(extra_gates) and count the same.
options:
  expect:
    description: Whether the server should be in staging mode (before a cutover) or active (after it).
    type: str
    required: true
    choices: [staging, active]
  peer_version:
    description: The version of the server it replaces; the server must not be older.
    type: str
  require_initial_sync:
    description: Require a completed initial sync on every connector (a new server).
    type: bool
    default: false
  since:
    description: With O(expect=active), the time (UTC, ISO 8601) the server became active; exports must be newer.
    type: str
  extra_gates:
    description: Gates judged elsewhere.
    type: list
    elements: dict
    default: []
    suboptions:
      name:
        description: The gate's name.
        type: str
        required: true
      passed:
        description: Whether it passed.
        type: bool
        required: true
      detail:
        description: What was found.
        type: str
        default: ""
  fail_on_gate:
    description: Fail when a gate does not pass. Off, the module only reports (as in a plan).
    type: bool
    default: true
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.flow
  - hybrid_identity.entra_connect.attributes.read_only
seealso:
  - module: hybrid_identity.entra_connect.entra_staging_mode
  - module: hybrid_identity.entra_connect.entra_sync_cycle
"""

EXAMPLES = r"""
- name: Judge the new server before it leaves staging mode
  hybrid_identity.entra_connect.entra_cutover_gate:
    expect: staging
    peer_version: 2.5.79.0
    require_initial_sync: true
    extra_gates:
      - name: configuration_comparison
        passed: true
        detail: no differences
"""

RETURN = r"""
passed:
  description: Whether every gate passed.
  returned: success
  type: bool
gates:
  description: Each gate with C(name), C(passed) and C(detail).
  returned: success
  type: list
  elements: dict
needs_initial_sync:
  description: Whether some connector has no completed full import and full synchronization.
  returned: success
  type: bool
needs_delta_cycle:
  description:
    - With O(expect=active), whether the exports gate is the only one that failed (a connector has no export
      since O(since), or its last one failed), so a delta cycle is the next step; the cutover's verification
      runs one and judges again.
  returned: success
  type: bool
version:
  description: The installed version.
  returned: success
  type: str
staging_mode:
  description: The server's StagingModeEnabled.
  returned: success
  type: bool
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
