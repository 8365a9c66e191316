#!/usr/bin/python
# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: entra_primitive_read
short_description: Run one read-only host primitive of the collection and return its raw answer
version_added: 0.1.0
author:
  - Hybrid Identity Maintainers (@hybrid-identity)
description:
  - For testing and diagnosis, not for runbooks. Runs one of the collection's read-only primitives on a
    Microsoft Entra Connect Sync server, as the other modules run it (the same script, connection, retries
    after a lost connection and answer schema), and returns the raw answer with the schema's verdict.
  - The per-primitive test targets (C(tests/integration/targets/primitive_*)) and the recorder
    (C(playbooks/record_readings.yml), see C(docs/recording.md)) use it.
  - An answer that breaks its schema does not fail the task; RV(schema_valid) is false and RV(schema_violation)
    says where. RV(answer) is always the answer as the server gave it; RV(answer_as_used) is what the modules
    go on to use from it.
  - A primitive that changes the server is refused before anything is sent.
  - On a lab host (connection P(hybrid_identity.entra_connect.lab#connection)) the answer comes from the lab twin and
    RV(lab) is true.
options:
  primitive:
    description:
      - The read-only primitive to run. C(snapshot), C(tls12_read), C(sync_status), C(run_results),
        C(connector_statistics), C(settings_read) or C(file_stat).
    type: str
    required: true
  parameters:
    description:
      - Parameters of the primitive's script that replace the ones the modules send, by name, for example
        C(Path) for C(file_stat). The others stay as the modules send them; RV(parameters) shows what was sent.
    type: dict
    default: {}
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.flow
  - hybrid_identity.entra_connect.attributes.read_only
notes:
  - The standard parameters are those of the modules - C(snapshot) and C(sync_status) as M(hybrid_identity.entra_connect.entra_connect_info)
    and M(hybrid_identity.entra_connect.entra_staging_mode) send them, C(run_results) 200 runs deep,
    C(connector_statistics) counting every connector space, C(settings_read) in C(%ProgramData%\AADConnect),
    C(file_stat) of the wizard C(AzureADConnect.exe) with its Authenticode signature.
seealso:
  - module: hybrid_identity.entra_connect.entra_readings_record
  - module: hybrid_identity.entra_connect.entra_connect_info
"""

EXAMPLES = r"""
- name: Read the sync engine's status as the collection reads it
  hybrid_identity.entra_connect.entra_primitive_read:
    primitive: sync_status
  register: status

- name: The answer matches its schema
  ansible.builtin.assert:
    that: status.schema_valid

- name: Stat an installer staged somewhere else, with its signature
  hybrid_identity.entra_connect.entra_primitive_read:
    primitive: file_stat
    parameters:
      Path: D:\Installers\AzureADConnect.msi
"""

RETURN = r"""
primitive:
  description: The primitive that ran.
  returned: success
  type: str
  sample: sync_status
parameters:
  description: The parameters its script was sent.
  returned: success
  type: dict
  sample: {"StagingSettingName": "Microsoft.Synchronize.StagingMode", "RunHistoryCount": 20}
answer:
  description: The raw answer, as the script (or the lab twin) returned it, before the collection touched it.
  returned: success
  type: dict
answer_as_used:
  description:
    - The answer as the modules use it once it matched its schema (for example with the ADSync dates in UTC where
      the collection converts them); null when it broke the schema.
  returned: success
  type: dict
schema_valid:
  description: Whether RV(answer) matches the primitive's JSON Schema.
  returned: success
  type: bool
schema_violation:
  description: Where and why RV(answer) breaks the schema; null when it matches.
  returned: success
  type: str
lab:
  description: Whether the answer came from the lab twin rather than a Windows server.
  returned: always
  type: bool
host_round_trips:
  description: How many calls reached the host (more than 1 when a lost connection made the read run again).
  returned: always
  type: int
  sample: 1
connection_events:
  description: Each connection to the host that dropped during the task and what followed, in sentences.
  returned: always
  type: list
  elements: str
  sample: []
decisions:
  description: What the module decided, in sentences.
  returned: always
  type: list
  elements: str
evidence:
  description: Empty; the module decides nothing.
  returned: always
  type: dict
controller_time:
  description: When the task started and ended (C(started), C(ended)), UTC by the controller's clock.
  returned: always
  type: dict
"""
