#!/usr/bin/python
# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: entra_connect_info
short_description: Read the state of a Microsoft Entra Connect Sync server
version_added: 0.1.0
author:
  - Hybrid Identity Maintainers (@hybrid-identity)
description:
  - Reads, in one round trip, what the collection needs to know about a Microsoft Entra Connect Sync
    (formerly Azure AD Connect) server and returns it as structured facts.
  - Windows (caption, version, build, installation type), the .NET Framework 4.x release, the installed
    product and its version (uninstall entry and the wizard's file version), the ADSync service, the
    global settings the collection uses (server configuration version, staging mode, sign-in method),
    every C(Get-ADSyncScheduler) field, the connectors and the last run result of each connector.
  - Anything absent, such as Entra Connect on a new server, is returned as null or an empty list, not
    as an error.
  - On a lab host (connection P(hybrid_identity.entra_connect.lab#connection)) the same answer comes from the lab twin.
options: {}
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.flow
  - hybrid_identity.entra_connect.attributes.read_only
notes:
  - On Windows the read runs as one M(ansible.windows.win_powershell) script over the task's connection, so
    the connection user needs local administrator rights to read the ADSync configuration.
  - If the ADSync service is stopped or its cmdlets fail, the rest of the facts are still returned and
    RV(entra_connect.adsync_error) says why the sync engine could not be read.
seealso:
  - module: hybrid_identity.entra_connect.entra_version_gate
"""

EXAMPLES = r"""
- name: Read the Entra Connect server
  hybrid_identity.entra_connect.entra_connect_info:
  register: entra

- name: Show the installed version and staging mode
  ansible.builtin.debug:
    msg: "{{ entra.entra_connect.product.version | default('not installed') }}, staging={{ entra.entra_connect.staging_mode }}"

- name: Judge support from the same reading, without a second round trip
  hybrid_identity.entra_connect.entra_version_gate:
    snapshot: "{{ entra.snapshot }}"
"""

RETURN = r"""
entra_connect:
  description: The server's state as structured facts.
  returned: success
  type: dict
  contains:
    computer_name:
      description: The Windows computer name.
      type: str
      sample: OLD-SYNC01
    os:
      description: Windows caption, version, build, friendly name, installation type and whether it is Server Core.
      type: dict
      sample: {"caption": "Microsoft Windows Server 2022 Standard", "version": "10.0.20348", "build": 20348,
               "name": "Windows Server 2022", "installation_type": "Server", "server_core": false}
    dotnet:
      description: The .NET Framework 4.x C(Release) value and the version it stands for; null when absent.
      type: dict
      sample: {"release": 528449, "version": "4.8"}
    installed:
      description: Whether Entra Connect (or Azure AD Connect) is installed.
      type: bool
    product:
      description:
        - The installed product, or null. C(version) is the wizard's file version when it can be read (as
          Microsoft's MigrateSettings.ps1 does), otherwise the uninstall entry's DisplayVersion.
      type: dict
      sample: {"display_name": "Microsoft Azure AD Connect", "version": "1.6.16.0", "version_source": "wizard file version",
               "uninstall_version": "1.6.16.0", "wizard_path": "C:\\Program Files\\Microsoft Azure Active Directory Connect\\AzureADConnect.exe"}
    service:
      description: The ADSync service's status and start type, or null when the service does not exist.
      type: dict
      sample: {"status": "Running", "start_type": "Automatic"}
    adsync_error:
      description: Why the ADSync cmdlets could not be read, or null.
      type: str
    server_configuration_version:
      description: The global setting C(Microsoft.Synchronize.ServerConfigurationVersion).
      type: str
      sample: 2.5.79.0
    staging_mode:
      description: C(StagingModeEnabled) of C(Get-ADSyncScheduler); null when it cannot be read.
      type: bool
    staging_mode_setting:
      description:
        - The global setting C(Microsoft.Synchronize.StagingMode) as a boolean.
        - A warning is returned when it disagrees with RV(entra_connect.staging_mode).
      type: bool
    sign_in_method:
      description: The global setting C(Microsoft.UserSignIn.SignOnMethod), for example C(PasswordHashSync).
      type: str
    global_settings:
      description: The global settings the collection reads, by name; absent ones are null.
      type: dict
    scheduler:
      description: Every C(Get-ADSyncScheduler) field with snake_case names; time spans as C(d.hh:mm:ss), dates in ISO 8601 UTC.
      type: dict
      sample: {"sync_cycle_enabled": true, "staging_mode_enabled": false, "scheduler_suspended": false,
               "sync_cycle_in_progress": false, "next_sync_cycle_policy_type": "Delta",
               "currently_effective_sync_cycle_interval": "00:30:00"}
    connectors:
      description: The connectors with identifier, name, type, subtype, type name and C(kind) (C(entra), C(ad) or C(other)).
      type: list
      elements: dict
    tenant:
      description:
        - The tenant this server syncs, as its Entra connector names it (lowercase, without the connector
          name's C( - AAD) or C( - Microsoft Entra ID) suffix); null without Entra Connect.
        - With RV(entra_connect.computer_name) it is the server's identity, which the runbooks pair and count
          servers by, whatever the inventory calls them.
      type: str
      sample: contoso.onmicrosoft.com
    last_runs:
      description: The newest completed run profile result of each connector.
      type: list
      elements: dict
      sample: [{"connector_name": "contoso.com", "run_profile_name": "Export", "result": "success",
                "start_date": "2026-11-20T09:30:05.0000000Z", "end_date": "2026-11-20T09:30:41.0000000Z"}]
    last_sync_end:
      description: The end of the newest run in RV(entra_connect.last_runs), or null.
      type: str
snapshot:
  description:
    - The host's raw answer, as validated against the snapshot JSON Schema.
    - Pass it to M(hybrid_identity.entra_connect.entra_version_gate) to judge without reading the host again.
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
