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
options: {}
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
"""

RETURN = r"""
removed:
  description: Each product removed, with C(display_name), C(product_code) and C(exit_code).
  returned: success
  type: list
  elements: dict
reboot_required:
  description: Whether Windows Installer asked for a restart (exit code 3010).
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
"""
