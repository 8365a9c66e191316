#!/usr/bin/python
# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: entra_stage_file
short_description: Stage a file on an Entra Connect server, checking its hash and Microsoft signature
version_added: 0.1.0
author:
  - Hybrid Identity Maintainers (@hybrid-identity)
description:
  - Copies a file from the controller (O(src)) or from a path the server reads, such as a share
    (O(remote_src)), to O(dest) on the server, and checks that the copy has the source's SHA-256.
  - Does nothing when O(dest) already has the source's SHA-256.
  - With O(authenticode=true) it reads the file's Authenticode signature with C(Get-AuthenticodeSignature) and
    refuses a file whose status is not C(Valid) or whose signer is not Microsoft Corporation; a refused file
    that this task copied is removed again.
options:
  src:
    description: The file on the controller. Exactly one of O(src) and O(remote_src) is required.
    type: path
  remote_src:
    description:
      - A path the server reads, for example C(\\\\fileserver\\software\\AzureADConnect.msi).
      - Reading a share from a remote session needs credentials that reach the share (Kerberos delegation,
        CredSSP or C(become)); see the collection's docs/windows.md.
    type: str
  dest:
    description: The full path on the server; its folder is created when missing.
    type: str
    required: true
  authenticode:
    description: Require a valid Authenticode signature by Microsoft Corporation (for the installer).
    type: bool
    default: false
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.flow
  - hybrid_identity.entra_connect.attributes.changes
notes:
  - Copying from the controller uses the connection's own transfer, which is slow over WinRM for a file of the
    installer's size; O(remote_src) copies on the server itself.
seealso:
  - module: hybrid_identity.entra_connect.entra_wizard_gate
  - name: Get-AuthenticodeSignature status values
    description: The SignatureStatus values the signature check reads.
    link: https://learn.microsoft.com/dotnet/api/system.management.automation.signaturestatus
"""

EXAMPLES = r"""
- name: Stage the installer from a share and check Microsoft's signature
  hybrid_identity.entra_connect.entra_stage_file:
    remote_src: '\\fileserver\software\AzureADConnect.msi'
    dest: 'C:\EntraConnectMigration\AzureADConnect.msi'
    authenticode: true

- name: Stage the settings file exported from the old server
  hybrid_identity.entra_connect.entra_stage_file:
    src: exports/old-sync01/Applied-SynchronizationPolicy-20260602-142107.json
    dest: 'C:\EntraConnectMigration\Applied-SynchronizationPolicy-20260602-142107.json'
"""

RETURN = r"""
dest:
  description: The path on the server.
  returned: success
  type: str
sha256:
  description: The SHA-256 of the source, which the staged file has.
  returned: success
  type: str
size:
  description: The staged file's size in bytes (not in check mode when a copy is due).
  returned: success
  type: int
signature:
  description: The Authenticode reading - C(status), C(status_message), C(signer_subject), C(signer_thumbprint) - or null.
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
