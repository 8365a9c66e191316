#!/usr/bin/python
# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: entra_pending_exports
short_description: Count and judge what an Entra Connect server would export (csexport), on the controller
version_added: 0.1.0
author:
  - Hybrid Identity Maintainers (@hybrid-identity)
description:
  - On a server, for each connector (or those in O(connectors)), runs C(csexport.exe "<connector>" <file> /f:x) from
    the sync engine's C(Bin) folder into a fresh file on the host, fetches it to the controller and removes the host
    copy - Microsoft's check of a staging server before it becomes active.
  - With O(src), analyses csexport files already on the controller instead, and reads no server.
  - The analysis streams the XML in constant memory whatever its size (UTF-8 with or without BOM, UTF-16), refuses
    any DTD or entity and opens no network connection. Per connector it counts objects to add, update, delete,
    rename and delete-add, per object type and per attribute (with its modification type, value adds and deletes
    of multi-valued attributes, reference changes), and keeps a bounded sample of objects per operation with the
    attributes that change, old and new values where the holograms carry them.
  - Judges the counts against O(max_deletes), O(max_adds) and O(max_updates), each per connector or in total; a
    failed gate names the connector, the count, the limit and sample objects.
options:
  connectors:
    description: The connectors to read, by name as in Synchronization Service Manager; all of the server's by default.
    type: list
    elements: str
    default: []
  src:
    description: csexport files on the controller to analyse instead of reading a server, one per connector.
    type: list
    elements: path
    default: []
  remote_dir:
    description:
      - The folder on the server where csexport writes its file, created when missing; each file has a fresh name
        and is removed once fetched.
    type: str
    default: C:\Windows\Temp\hybrid_identity.entra_connect
  dest:
    description: A folder on the controller to keep the fetched csexport files in; by default they are not kept.
    type: path
  report_dir:
    description:
      - A folder on the controller for a CSV per connector (C(<connector>.csv)) with CSExportAnalyzer's columns
        (C(ObjectType,DN,OMODT,ChangedAttrCount,AttrName,AMODT,ATYPE,IsMultiValued,ValueChangeCount,ValueAdds,)
        C(ValueDeletes,OldValue,NewValue)) - values never truncated, no summary lines among the data - and the
        JSON summary C(pending-exports.json).
    type: path
  sample_size:
    description: How many objects per operation the result shows.
    type: int
    default: 5
  max_deletes:
    description:
      - The most deletes allowed - a number per connector, or a dict with C(per_connector) and C(total).
      - By default the server's export deletion threshold when it is on, else 500, per connector.
    type: raw
  max_adds:
    description: The most adds allowed - a number per connector, or a dict with C(per_connector) and C(total).
    type: raw
  max_updates:
    description: The most updates allowed - a number per connector, or a dict with C(per_connector) and C(total).
    type: raw
  fail_on_gate:
    description: Fail the task when a limit is exceeded; with V(false) the gates are only returned.
    type: bool
    default: true
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.flow
notes:
  - csexport writes a file on the server, so in check mode the module reads nothing from a server and says what it
    would read; with O(src) it analyses as usual.
  - The deletion threshold's default of 500 and csexport's use are Microsoft's (docs/sources.md S7, S11).
  - docs/pending-exports.md describes what is counted and the CSV.
attributes:
  check_mode:
    support: partial
    details: Reads no server in check mode (csexport writes a file there); analyses O(src) files.
  diff_mode:
    support: none
  platform:
    platforms: windows
  action:
    support: full
  async:
    support: none
  bypass_host_loop:
    support: none
seealso:
  - module: hybrid_identity.entra_connect.entra_cutover_gate
  - module: hybrid_identity.entra_connect.entra_cutover_approval
"""

EXAMPLES = r"""
- name: What would the staging server export once active?
  hybrid_identity.entra_connect.entra_pending_exports:
    max_deletes: {per_connector: 100, total: 200}
    report_dir: /srv/entra-connect/pending/new-sync01
  register: pending

- name: Analyse files taken by hand with csexport
  hybrid_identity.entra_connect.entra_pending_exports:
    src:
      - ./export-contoso.com.xml
      - ./export-aad.xml
    fail_on_gate: false
  delegate_to: localhost
"""

RETURN = r"""
connectors:
  description:
    - One item per connector - C(name), C(file), C(objects), C(adds), C(updates), C(deletes), C(renames),
      C(delete_adds), C(by_object_type), C(by_attribute), C(reference_changes) and C(samples) (per operation, each
      object's C(dn), C(object_type), C(new_dn) and C(attributes) with old and new values).
  returned: always
  type: list
  elements: dict
totals:
  description: The same counters summed over the connectors.
  returned: success
  type: dict
gates:
  description: C(pending_deletes), C(pending_adds) and C(pending_updates), each C(name), C(passed) and C(detail).
  returned: success
  type: list
  elements: dict
passed:
  description: Whether every gate passed.
  returned: success
  type: bool
files:
  description: The csexport files kept on the controller (O(dest) or O(src)).
  returned: success
  type: list
  elements: str
summary_path:
  description: The JSON summary, with O(report_dir).
  returned: when report_dir is given
  type: str
lab:
  description: Whether the server was the lab twin.
  returned: always
  type: bool
host_round_trips:
  description: How many calls reached the host - a snapshot, the folder, then per connector csexport, the fetch and the removal.
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
  description: Each gate's detail, by gate name.
  returned: always
  type: dict
controller_time:
  description: When the task started and ended (C(started), C(ended)), UTC by the controller's clock.
  returned: always
  type: dict
"""
