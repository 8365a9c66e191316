#!/usr/bin/python
# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: entra_config_export
short_description: Export an Entra Connect server's sync configuration to the controller
version_added: 0.1.0
author:
  - Hybrid Identity Maintainers (@hybrid-identity)
description:
  - Runs C(Get-ADSyncServerConfiguration -Path) on the server into a fresh folder under O(remote_dir), packs it into
    one archive (entries named with C(/)), fetches the archive to O(dest) on the controller, checks its SHA-256
    against the host's, reads it whole to check it is a complete export, and removes the host copy.
  - The archive on the controller is named after the computer the server reports, not the inventory name, and the
    controller's time - two inventory names of one server export to one name.
  - Changes nothing of the sync configuration; the export only reads it. M(hybrid_identity.entra_connect.entra_config_compare)
    compares two exports.
options:
  dest:
    description: The folder on the controller to keep the export in, created when missing.
    type: path
    required: true
  name:
    description:
      - The archive's file name on the controller.
      - By default C(<computer>-server-configuration-<UTC time>.zip), which never overwrites an earlier export.
    type: str
  remote_dir:
    description:
      - The folder on the server under which the export's fresh folder is made; environment variables are expanded on
        the server. The folder and its archive are removed once fetched.
    type: str
    default: C:\Windows\Temp\hybrid_identity.entra_connect
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.flow
notes:
  - The export writes files on the server, so in check mode the module reads the server's state only and says what
    it would export.
  - C(Get-ADSyncServerConfiguration) is in the ADSync module of every supported build (docs/sources.md S24).
attributes:
  check_mode:
    support: partial
    details: Exports nothing in check mode (the export writes files on the server).
  diff_mode:
    support: none
  platform:
    platforms: windows
  action:
    support: full
  async:
    support: none
  bypass_host_loop:
    support: none
seealso:
  - module: hybrid_identity.entra_connect.entra_config_compare
  - module: hybrid_identity.entra_connect.entra_export_settings
"""

EXAMPLES = r"""
- name: Export the configuration of both servers of the pair
  hybrid_identity.entra_connect.entra_config_export:
    dest: /srv/entra-connect/config
  register: config_export

- name: Compare the new server with the old one
  hybrid_identity.entra_connect.entra_config_compare:
    reference: "{{ hostvars['old-sync01'].config_export.path }}"
    difference: "{{ hostvars['new-sync01'].config_export.path }}"
    report_dir: /srv/entra-connect/reports
  run_once: true
  delegate_to: localhost
"""

RETURN = r"""
path:
  description: The archive on the controller.
  returned: success, not in check mode
  type: str
sha256:
  description: The archive's SHA-256, upper-case hex, the same on the host and on the controller.
  returned: success, not in check mode
  type: str
size:
  description: The archive's size in bytes.
  returned: success, not in check mode
  type: int
computer_name:
  description: The computer name the server reports.
  returned: always
  type: str
version:
  description: The installed Entra Connect version.
  returned: always
  type: str
connectors:
  description: How many connectors the export holds.
  returned: success, not in check mode
  type: int
sync_rules:
  description: How many sync rules the export holds.
  returned: success, not in check mode
  type: int
lab:
  description: Whether the server was the lab twin.
  returned: always
  type: bool
host_round_trips:
  description: How many calls reached the host - a snapshot, the export, the fetch and the removal.
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
  description: What those decisions rest on, by name.
  returned: always
  type: dict
controller_time:
  description: When the task started and ended (C(started), C(ended)), UTC by the controller's clock.
  returned: always
  type: dict
"""
