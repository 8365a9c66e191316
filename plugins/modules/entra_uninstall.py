#!/usr/bin/python
# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: entra_uninstall
short_description: Remove Entra Connect from a server in staging mode
version_added: 0.1.0
author:
  - Hybrid Identity Maintainers (@hybrid-identity)
description:
  - Removes the Entra Connect product (C(Microsoft Entra Connect Sync) or C(Microsoft Azure AD Connect)) with
    C(msiexec /x <ProductCode> /qn /norestart).
  - Refuses a server that is not in staging mode, because it may be the one exporting for the tenant.
  - Does nothing on a server without Entra Connect.
options:
  reboot:
    description:
      - Restart the server when Windows Installer asks for it (exit code 3010), with
        M(ansible.windows.win_reboot) on the task's connection, and wait until it answers again.
      - Without it the restart is left to you and RV(reboot_required) says it is due.
    type: bool
    default: false
  reboot_timeout:
    description: How long, in seconds, to wait for the server to answer again after the restart.
    type: int
    default: 600
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.flow
  - hybrid_identity.entra_connect.attributes.changes
notes:
  - Microsoft documents removing Entra Connect from Programs and Features. That the quiet MSI removal also
    removes the sync engine and its database is not confirmed; check the server afterwards.
seealso:
  - module: hybrid_identity.entra_connect.entra_staging_mode
"""

EXAMPLES = r"""
- name: Remove Entra Connect from the old server after the swing migration
  hybrid_identity.entra_connect.entra_uninstall:

- name: Remove it and restart the server if Windows Installer asks for it
  hybrid_identity.entra_connect.entra_uninstall:
    reboot: true
"""

RETURN = r"""
removed:
  description: Each product removed, with C(display_name), C(product_code) and C(exit_code).
  returned: success
  type: list
  elements: dict
reboot_required:
  description: Whether a restart asked for by Windows Installer (exit code 3010) is still due.
  returned: success
  type: bool
rebooted:
  description: Whether the module restarted the server (O(reboot=true)).
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
