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
  - Removes the products the Entra Connect installer adds, each with C(msiexec /x <ProductCode> /qn /norestart), in
    this order - the wizard product (C(Microsoft Azure AD Connect), C(Microsoft Entra Connect Sync) or
    C(Microsoft Entra Connect)), the sync engine (C(Microsoft Azure AD Connect synchronization services)), the
    Health agent for sync.
  - Reads the server again afterwards and succeeds only when the ADSync service is gone and none of those products
    is left; otherwise fails naming what is left and each msiexec exit code.
  - Fails, changing nothing, when no uninstall entry has one of those names, and names the entries that look
    related.
  - Never removes LocalDB, which other software may use; RV(left) lists it.
  - A quiet removal skips the cloud clean-up that the uninstall wizard of 2.6.84.0 and later does after an
    administrator signs in; RV(cloud_cleanup) says what to remove in Microsoft Entra ID.
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
  - Microsoft documents removing Entra Connect from Programs and Features, where the wizard removes every
    component. The quiet removal takes the products one by one and checks the result with a fresh read.
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
  description:
    - Each product removed, in order, with C(display_name), C(product_code) and msiexec's C(exit_code)
      (C(3010) - removed, a restart is due).
    - Empty when the answer was lost with the connection and a fresh read confirmed the removal.
  returned: success
  type: list
  elements: dict
left:
  description: Each product deliberately left (LocalDB), with C(display_name), C(display_version) and C(reason).
  returned: success
  type: list
  elements: dict
cloud_cleanup:
  description: What to remove in Microsoft Entra ID, in sentences; a quiet removal does no cloud clean-up.
  returned: success
  type: list
  elements: str
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
