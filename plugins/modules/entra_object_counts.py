#!/usr/bin/python
# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: entra_object_counts
short_description: Compare the per-connector object counts of the two servers of an Entra Connect pair
version_added: 0.1.0
author:
  - Hybrid Identity Maintainers (@hybrid-identity)
description:
  - Runs on the controller. Compares the object counts each server reported of itself
    (M(hybrid_identity.entra_connect.entra_sync_health)) connector by connector, and judges one gate per connector
    of the reference server.
  - Pairs each connector of O(reference) with the connector of O(difference) of the same name, or of the name
    O(connector_map) gives it. The Entra connector, whose name the wizard derives from the tenant, pairs by kind
    when no name matches.
  - A connector of O(reference) with no counterpart fails its gate - the connector and its sync rules were not
    imported on the other server. A connector only O(difference) has is reported in RV(unpaired), not judged.
  - Compares C(total_objects) (every object of the connector space) and C(total_connectors) (the objects joined to
    the metaverse), each where both servers have it. A count passes when it differs by at most O(max_difference)
    objects or by at most O(max_difference_percent) percent of the reference count - either suffices.
options:
  reference:
    description:
      - The source server's counts - its M(hybrid_identity.entra_connect.entra_sync_health) result, or that result's
        C(connectors) list.
    type: raw
    required: true
  difference:
    description: The target server's counts, in the same form as O(reference).
    type: raw
    required: true
  connector_map:
    description: Connector names of O(reference) mapped to the names of their counterparts on O(difference).
    type: dict
    default: {}
  max_difference:
    description:
      - The most objects a count may differ by and pass, whatever the percentage.
      - Both servers read the same directories minutes apart; what changed in between is the only difference a
        correct server shows, and in a small directory that is a handful of objects.
    type: int
    default: 10
  max_difference_percent:
    description:
      - The most a count may differ by, in percent of the reference count, and pass, however many objects that is.
      - Half a percent allows for the changes of a large directory between the two reads, and still shows a lost
        OU, domain or object type of any size worth a look.
    type: float
    default: 0.5
  fail_on_gate:
    description: Fail the task when a gate does not pass. By default the gates are evidence and only returned.
    type: bool
    default: false
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.flow
  - hybrid_identity.entra_connect.attributes.controller
attributes:
  check_mode:
    support: full
    details: The module only compares what it is given; it runs the same in check mode.
notes:
  - Microsoft names no tolerance for this comparison; docs/sync-evidence.md explains the defaults and what each
    failing gate tells you to look at.
  - The gates can be passed to M(hybrid_identity.entra_connect.entra_cutover_gate) as C(extra_gates).
seealso:
  - module: hybrid_identity.entra_connect.entra_sync_health
  - module: hybrid_identity.entra_connect.entra_cutover_gate
"""

EXAMPLES = r"""
- name: Compare the counts of the old and the new server
  hybrid_identity.entra_connect.entra_object_counts:
    reference: "{{ hostvars['old-sync01'].source_health }}"
    difference: "{{ hostvars['new-sync01'].target_health }}"
  register: object_counts

- name: The forest connector was renamed on the new server
  hybrid_identity.entra_connect.entra_object_counts:
    reference: "{{ hostvars['old-sync01'].source_health.connectors }}"
    difference: "{{ hostvars['new-sync01'].target_health.connectors }}"
    connector_map:
      contoso.com: corp.contoso.com
    max_difference: 0
    max_difference_percent: 0.1
    fail_on_gate: true

- name: Hold the cutover on the counts
  hybrid_identity.entra_connect.entra_cutover_gate:
    expect: staging
    extra_gates: "{{ object_counts.gates }}"
"""

RETURN = r"""
passed:
  description: Whether every gate passed.
  returned: success
  type: bool
gates:
  description:
    - One gate per connector of O(reference), named C(object_counts:<connector>), with C(passed) and C(detail); a
      failing detail names the connector and says what to look at.
  returned: success
  type: list
  elements: dict
  sample:
    - name: object_counts:contoso.com
      passed: false
      detail: contoso.com (an AD connector) on OLD-SYNC01 has no counterpart on NEW-SYNC01 ...
connectors:
  description:
    - Per connector of O(reference) - C(reference) (its name), C(difference) (its counterpart's name, or null),
      C(paired_by) (V(name), V(connector_map), V(kind), or null), C(passed), and C(counts), each compared count
      with C(counter), C(reference), C(difference), C(delta) (difference minus reference), C(delta_percent) (of the
      reference count; null when the reference count is 0 and the other is not) and C(within_tolerance).
  returned: success
  type: list
  elements: dict
unpaired:
  description: The connectors of O(difference) that no connector of O(reference) pairs with.
  returned: success
  type: list
  elements: str
reference_name:
  description: The reference server's computer name, or C(reference) when O(reference) was a list.
  returned: success
  type: str
difference_name:
  description: The difference server's computer name, or C(difference) when O(difference) was a list.
  returned: success
  type: str
decisions:
  description: What the module decided, in sentences the migration report shows as they are.
  returned: always
  type: list
  elements: str
evidence:
  description: What those decisions rest on, by name (each gate's detail); the migration report shows it as it is.
  returned: always
  type: dict
controller_time:
  description: When the task started and ended (C(started), C(ended)), UTC by the controller's clock.
  returned: always
  type: dict
"""
