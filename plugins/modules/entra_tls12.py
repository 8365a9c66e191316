#!/usr/bin/python
# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: entra_tls12
short_description: Enforce the TLS 1.2 registry values Microsoft Entra Connect needs
version_added: 0.1.0
author:
  - Hybrid Identity Maintainers (@hybrid-identity)
description:
  - Enforces the eight C(REG_DWORD) values of Microsoft's TLS 1.2 enforcement page for Entra Connect
    Sync. C(SystemDefaultTlsVersions=1) and C(SchUseStrongCrypto=1) under
    C(HKLM\SOFTWARE\Microsoft\.NETFramework\v4.0.30319) and its C(WOW6432Node) twin, and
    C(Enabled=1) and C(DisabledByDefault=0) under the SCHANNEL C(TLS 1.2\Server) and
    C(TLS 1.2\Client) keys.
  - Creates missing keys and replaces values of the wrong type (for example a C(REG_SZ) "1").
  - A compliant server costs one round trip and reports no change.
  - The values take effect only after a restart. The module records when it wrote them (the
    C(Tls12WrittenUtc) value under C(HKLM\SOFTWARE\hybrid_identity\entra_connect)) and compares that with
    the last boot time, so RV(reboot_required) stays true on later runs until the server has restarted.
  - On a lab host (connection P(hybrid_identity.entra_connect.lab#connection)) the twin's registry is used and a
    reboot moves the twin's boot time.
options:
  reboot:
    description:
      - Restart the server when RV(reboot_required) is true, and wait until it answers again.
      - On Windows this uses the reboot logic of M(ansible.windows.win_reboot).
      - Refused in an async task, because the restart drops the connection the async job reports through.
    type: bool
    default: false
  reboot_timeout:
    description:
      - Seconds to wait for the server to come back after the restart.
    type: int
    default: 600
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.flow
  - hybrid_identity.entra_connect.attributes.changes
notes:
  - Microsoft's TLS page says the enforcement is required for versions 2.3.20.0 to 2.4.129.0 and not
    before installing 2.4.131.0 or later, while other pages require TLS 1.2 for every V2 build; the values
    are safe to set on every supported server.
  - Diff mode shows each of the eight values before and after.
seealso:
  - module: ansible.windows.win_reboot
  - name: Microsoft Entra Connect TLS 1.2 enforcement
    description: The registry values and the restart requirement.
    link: https://learn.microsoft.com/entra/identity/hybrid/connect/reference-connect-tls-enforcement
"""

EXAMPLES = r"""
- name: Enforce TLS 1.2 and restart if a value changed
  hybrid_identity.entra_connect.entra_tls12:
    reboot: true
    reboot_timeout: 900

- name: Audit only
  hybrid_identity.entra_connect.entra_tls12:
  check_mode: true
  register: tls

- name: Show values that are not compliant
  ansible.builtin.debug:
    msg: "{{ tls['values'] | rejectattr('compliant') | map(attribute='name') | list }}"
"""

RETURN = r"""
values:
  description: The eight values, each with its key, name, the value before and after, and whether it was compliant.
  returned: success
  type: list
  elements: dict
  sample: [{"path": "HKLM:\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319", "name": "SchUseStrongCrypto",
            "before": {"type": null, "data": null}, "after": {"type": "DWord", "data": 1}, "compliant": false}]
reboot_required:
  description: Whether values were written and the server has not restarted since.
  returned: success
  type: bool
rebooted:
  description: Whether the module restarted the server.
  returned: success
  type: bool
lab:
  description: Whether the answer came from the lab twin rather than a Windows server.
  returned: always
  type: bool
host_round_trips:
  description: How many calls reached the host (the reboot counts as one).
  returned: always
  type: int
  sample: 1
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
