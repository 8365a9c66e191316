#!/usr/bin/python
# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: entra_readings_record
short_description: Scrub the raw answers of Entra Connect servers and write them as shareable recordings
version_added: 0.1.0
author:
  - Hybrid Identity Maintainers (@hybrid-identity)
description:
  - For contributing recordings (C(docs/recording.md)), not for runbooks. Runs on the controller.
  - Takes the M(hybrid_identity.entra_connect.entra_primitive_read) results of one or more servers and writes
    one JSON file per primitive per server, C(<dest>/<server>/<primitive>.json), with C(metadata) (primitive,
    collection version, product version, C(recorded_utc), C(origin), C(lab), the parameters sent, the schema's
    verdict) and the C(answer).
  - Every answer is scrubbed by rule before anything is written, all servers by one scrubber so a name becomes
    the same placeholder in every file - computer names, domain and forest names, tenant names, accounts
    (C(DOMAIN\user), C(user@domain)), connector names that are domain names, GUIDs that identify the
    installation, IPv4 addresses, user names in C(C:\Users) paths, and every string in O(redact).
  - Nothing is written when a file would still hold something that looks like a secret (a key named like a
    password, token or secret that holds a value, a certificate or private key block, a password in a
    connection string, a long base64 blob); the task fails and names the field, never the value.
  - Recordings of lab twins say so in C(metadata.origin) and C(metadata.lab).
options:
  readings:
    description:
      - The readings by inventory host name, each a list of M(hybrid_identity.entra_connect.entra_primitive_read)
        results; the registered result of a looped task counts as its C(results), and skipped results are left out.
      - The inventory host names are scrubbed from the files too; they are never written.
    type: dict
    required: true
  dest:
    description: The folder to write the recording to; created when missing. Files of the same name are replaced.
    type: path
    required: true
  redact:
    description:
      - More strings that must not leave the site (project names, OU names, a site code), replaced wherever they
        appear, case-insensitively.
    type: list
    elements: str
    default: []
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.flow
  - hybrid_identity.entra_connect.attributes.controller
attributes:
  check_mode:
    support: full
    details: In check mode the readings are scrubbed and checked, and nothing is written.
notes:
  - Review every file before sharing it; the rules find what a server's answer is known to hold, not what an
    unexpected field may hold (C(docs/recording.md)).
seealso:
  - module: hybrid_identity.entra_connect.entra_primitive_read
"""

EXAMPLES = r"""
- name: Write the recording of every server read in the play before
  hybrid_identity.entra_connect.entra_readings_record:
    readings: "{{ dict(servers | zip(servers | map('extract', hostvars, 'record_readings_answers'))) }}"
    dest: "{{ playbook_dir }}/../recordings"
    redact: [PROJECT-SWAN]
  vars:
    servers: "{{ groups['entra_connect_servers'] }}"
"""

RETURN = r"""
files:
  description: The files written (in check mode, that would be written).
  returned: success
  type: list
  elements: str
replaced:
  description: How many names of each kind were replaced (C(host), C(domain), C(tenant), C(site), C(user), C(guid), C(ip), C(redacted)); never the names.
  returned: success
  type: dict
  sample: {"domain": 1, "guid": 40, "host": 2, "site": 1, "tenant": 1}
lab:
  description: Whether every reading came from a lab twin.
  returned: success
  type: bool
decisions:
  description: What the module decided, in sentences.
  returned: always
  type: list
  elements: str
evidence:
  description: Empty; the module decides nothing about a server.
  returned: always
  type: dict
controller_time:
  description: When the task started and ended (C(started), C(ended)), UTC by the controller's clock.
  returned: always
  type: dict
"""
