#!/usr/bin/python
# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: entra_export_settings
short_description: Export the sync settings of an Entra Connect server and fetch them to the controller
version_added: 0.1.0
author:
  - Hybrid Identity Maintainers (@hybrid-identity)
description:
  - On the server a swing migration starts from, takes the settings export the new server's wizard imports
    (Customize, Import synchronization settings), fetches it to O(dest) on the controller, checks its
    SHA-256 against the server's, and validates it.
  - From 1.5.42.0 the wizard writes C(Applied-SynchronizationPolicy-*.json) to C(%ProgramData%\AADConnect)
    on every configuration change; the module takes the newest one (or O(path)).
  - Before 1.5.42.0, or with O(fresh=true), it makes a server-configuration export like Microsoft's
    C(MigrateSettings.ps1) - C(Get-ADSyncServerConfiguration) into C(Exported-ServerConfiguration-<guid>),
    C(PersistedState.xml) from C(%ProgramData%\AADConnect) whatever O(folder) is, and C(MigratedPolicy.json) -
    and fetches it as one zip archive. Without O(fresh) an archive made earlier is reused.
  - An archive's entry names are read with C(/) or C(\) (Compress-Archive of Windows PowerShell 5.1 writes
    C(\)). An archive with an entry that would unpack outside its folder, or whose C(MigratedPolicy.json) lacks
    C(deploymentMetadata.serviceAccountType), is refused; one without C(PersistedState.xml) is kept with a
    warning, as C(MigrateSettings.ps1) also exports without it.
  - The JSON is validated against the fields Microsoft's exports carry; unknown fields are allowed and a
    missing field is named in the error. A file that fails is not kept.
  - Returns what the export does not carry and the new server needs by hand (RV(not_carried)), read from
    the server itself, for the wizard worksheet.
options:
  dest:
    description:
      - Directory on the controller for the export; created if missing. The file keeps its name.
      - Give each server its own directory, for example C(exports/{{ inventory_hostname }}).
    type: path
    required: true
  export_type:
    description:
      - V(auto) takes the applied policy from 1.5.42.0 and a server-configuration export before.
    type: str
    choices: [auto, applied_policy, server_configuration]
    default: auto
  path:
    description:
      - An explicit applied-policy file on the server to fetch instead of the newest one.
      - Excludes O(fresh) and O(export_type=server_configuration).
    type: str
  folder:
    description: The folder on the server that holds the exports.
    type: str
    default: '%ProgramData%\AADConnect'
  fresh:
    description:
      - Make a new server-configuration export now, even where an applied policy or an earlier archive
        exists. Use it when the configuration was changed outside the wizard (Synchronization Rules Editor,
        PowerShell), which the applied policy does not record.
      - Each run with V(true) makes a new export and reports a change.
    type: bool
    default: false
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.flow
  - hybrid_identity.entra_connect.attributes.changes
attributes:
  diff_mode:
    support: none
notes:
  - C(changed) is true when a new export was made on the server or the controller copy was written; a copy
    with the same SHA-256 is not fetched again. Check mode makes and writes nothing, on the server or the
    controller.
  - The settings file holds the configuration of the tenant's sync, not secrets; it is still written with
    mode 0600.
seealso:
  - name: Import and export Microsoft Entra Connect configuration settings
    description: What the settings export carries, and what it does not.
    link: https://learn.microsoft.com/entra/identity/hybrid/connect/how-to-connect-import-export-config
"""

EXAMPLES = r"""
- name: Fetch the newest settings export from the old server
  hybrid_identity.entra_connect.entra_export_settings:
    dest: "exports/{{ inventory_hostname }}"
  register: export

- name: Show what must be re-applied by hand
  ansible.builtin.debug:
    msg: "{{ export.not_carried | map(attribute='subject') | list }}"

- name: Export the configuration as it is now, including changes made outside the wizard
  hybrid_identity.entra_connect.entra_export_settings:
    dest: "exports/{{ inventory_hostname }}"
    fresh: true
"""

RETURN = r"""
reapply:
  description:
    - What to set again by hand on the new server after the wizard, one line each (what, then how), from
      RV(not_carried) without the sign-in method, which the wizard asks for.
  returned: success
  type: list
  elements: str
path:
  description: The export on the controller (predicted in check mode).
  returned: success
  type: str
remote_path:
  description: The export on the server (null in check mode when one would be made).
  returned: success
  type: str
sha256:
  description: The SHA-256 of the export, as the server computed it and the controller verified it.
  returned: success
  type: str
export_type:
  description: C(applied_policy) or C(server_configuration).
  returned: success
  type: str
created:
  description: Whether a new export was made on the server.
  returned: success
  type: bool
fetched:
  description: Whether the controller copy was written.
  returned: success
  type: bool
exported_at:
  description: When the server wrote the export (UTC).
  returned: success
  type: str
version:
  description: The installed Entra Connect version.
  returned: success
  type: str
sign_in_method:
  description: The user sign-in method recorded on the server (C(Microsoft.UserSignIn.SignOnMethod)).
  returned: success
  type: str
not_carried:
  description:
    - What the export does not carry, each with C(kind), C(subject), C(detail) and C(remedy).
    - Kinds are C(sign_in_method), C(optional_feature), C(custom_run_profile), C(object_and_attribute_filter),
      C(modified_standard_rule) (a disabled standard rule), C(custom_rule_precedence) (outside 0-99),
      C(disabled_custom_rule) and C(old_build).
    - Where a person re-applies it by hand, C(values) says what - C(setting) for an optional feature,
      C(connector) and C(run_profile) for a custom run profile, C(connector), C(object_inclusion) and
      C(attribute_inclusion) for a selection made in Synchronization Service Manager.
  returned: success
  type: list
  elements: dict
contents:
  description:
    - For an applied policy, its directories and number of custom rules (C(directories), C(custom_rules)).
    - For a server-configuration archive, whether it holds C(PersistedState.xml) (C(persisted_state)) and the
      C(serviceAccountType) its C(MigratedPolicy.json) records (C(service_account_type), C(Unknown) or null as
      C(MigrateSettings.ps1) writes it).
  returned: success
  type: dict
lab:
  description: Whether the answer came from the lab twin rather than a Windows server.
  returned: always
  type: bool
host_round_trips:
  description: How many calls reached the host (the fetch counts as one).
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
