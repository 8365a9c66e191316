#!/usr/bin/python
# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: entra_wizard_gate
short_description: Hand the Entra Connect install to an operator, and pass once it is done in staging mode
version_added: 0.1.0
author:
  - Hybrid Identity Maintainers (@hybrid-identity)
description:
  - Microsoft supports installing Entra Connect only through its wizard. This module reads the new server and
    passes when Entra Connect is installed there in staging mode.
  - Otherwise it returns a worksheet - the wizard steps (Customize, Import synchronization settings, the
    sign-in method, staging mode on), the accounts the wizard asks for, and what to re-apply by hand - and
    either stops (RV(stopped)) or, with O(wait=true), polls until the install is done.
  - In the lab it simulates the operator completing the wizard from the staged installer and settings file
    (with O(simulate_in_lab=true)); its message says so.
  - Fails when Entra Connect is installed but not in staging mode, because the server may then export next to
    the old one.
options:
  installer_path:
    description: Where the installer is staged on the server.
    type: str
    required: true
  settings_path:
    description: Where the settings file exported from the old server is staged on the server.
    type: str
    required: true
  source:
    description: The old server, as the worksheet names it.
    type: str
    required: true
  sign_in_method:
    description: The old server's sign-in method (C(Microsoft.UserSignIn.SignOnMethod)).
    type: str
  directories:
    description: The Active Directory connectors of the old server, for the accounts the wizard asks for.
    type: list
    elements: str
    default: []
  not_carried:
    description: RV(hybrid_identity.entra_connect.entra_export_settings#module:not_carried) of the old server.
    type: list
    elements: dict
    default: []
  wait:
    description: Poll until the install is done instead of stopping.
    type: bool
    default: false
  timeout:
    description: How long O(wait) polls, in seconds.
    type: int
    default: 14400
  poll_interval:
    description: Seconds between two readings while waiting.
    type: int
    default: 60
  simulate_in_lab:
    description: In the lab, simulate the operator completing the wizard. Has no effect on a Windows server.
    type: bool
    default: true
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.flow
  - hybrid_identity.entra_connect.attributes.changes
notes:
  - The module never installs anything on a Windows server; C(changed) is true only when the lab simulated
    the wizard.
seealso:
  - module: hybrid_identity.entra_connect.entra_stage_file
  - module: hybrid_identity.entra_connect.entra_export_settings
  - name: Import and export Microsoft Entra Connect configuration settings
    description: What the wizard imports from the settings file and what it does not.
    link: https://learn.microsoft.com/entra/identity/hybrid/connect/how-to-connect-import-export-config
"""

EXAMPLES = r"""
- name: Stop with the worksheet until the wizard is done
  hybrid_identity.entra_connect.entra_wizard_gate:
    installer_path: 'C:\EntraConnectMigration\AzureADConnect.msi'
    settings_path: 'C:\EntraConnectMigration\Applied-SynchronizationPolicy-20260602-142107.json'
    source: old-sync01
    sign_in_method: PasswordHashSync
  register: gate

- name: Show the worksheet
  ansible.builtin.debug:
    msg: "{{ gate.worksheet_lines }}"
  when: gate.stopped
"""

RETURN = r"""
installed:
  description: Whether Entra Connect is installed on the server now.
  returned: success
  type: bool
stopped:
  description: Whether the gate stopped for the operator (always in check mode when not installed).
  returned: success
  type: bool
simulated:
  description: Whether the lab simulated the operator completing the wizard.
  returned: success
  type: bool
version:
  description: The installed version, once installed.
  returned: when installed
  type: str
worksheet:
  description: The worksheet as C(wizard), C(accounts) and C(reapply_by_hand) lists.
  returned: success
  type: dict
worksheet_lines:
  description: The worksheet as lines to print.
  returned: success
  type: list
  elements: str
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
