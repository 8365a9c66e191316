#!/usr/bin/python
# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: entra_config_compare
short_description: Compare the sync configuration of two Entra Connect servers, on the controller
version_added: 0.1.0
author:
  - Hybrid Identity Maintainers (@hybrid-identity)
description:
  - Runs on the controller and reads no server. Compares two configuration exports - each a
    C(Get-ADSyncServerConfiguration) folder, an archive of one (as M(hybrid_identity.entra_connect.entra_config_export)
    fetches it), or a sync-settings JSON export (C(Applied-SynchronizationPolicy-*.json), C(MigratedPolicy.json)).
  - Pairs connectors by name, through O(connector_map); the Entra connector, named after the tenant by the wizard,
    pairs by kind when it is alone on each side. Pairs sync rules by connector, direction and name, then the rules
    left over by immutable tag, by tag family (a standard rule of another version) and by content, so that a
    renamed rule is one rename, not a removal and an addition. Never by GUID - two servers' GUIDs never match.
  - Leaves out what is not configuration - GUIDs and their case, times, version counters, cookies, watermarks,
    the last domain controller, the per-installation service accounts, line endings, whitespace outside string
    literals of expressions, file names and order.
  - Reports per rule what was added, removed, renamed or changed, field by field (description fields, scoping
    groups, join groups, each transformation by target attribute with its sources and expression); per connector
    (parameters, anchors, selected attributes, partitions with object types and container inclusions and exclusions,
    run profiles); global settings; the metaverse schema.
  - Expected, and not drift - staging mode and the scheduler's suspension (they differ between an active and a
    staging server), the product version, and what an upgrade brings - standard rules of another immutable-tag
    version are one grouped C(version_change) entry each, not a list of field changes; a changed C(disabled) on
    them stays drift.
  - Lists in RV(findings) what the settings import does not carry or may carry wrongly, on the O(reference) side.
  - Writes the result as Markdown, JSON and a self-contained HTML page (filterable, no external assets) to
    O(report_dir).
options:
  reference:
    description:
      - The configuration compared against - in a swing migration the old server's, in a switch the active server's,
        or a saved baseline.
      - A server-configuration export folder, an archive of one, or a sync-settings JSON file, on the controller.
    type: path
    required: true
  difference:
    description: The configuration compared with O(reference), in the same form (both exports of the same kind).
    type: path
    required: true
  reference_label:
    description: How the reports name O(reference); by default the server name the export records, else the file name.
    type: str
  difference_label:
    description: How the reports name O(difference); by default the server name the export records, else the file name.
    type: str
  connector_map:
    description: Connector names of O(reference) mapped to the names of their counterparts on O(difference).
    type: dict
    default: {}
  report_dir:
    description: A folder on the controller for the reports, created when missing; without it no report is written.
    type: path
  report_name:
    description: The reports' file name without extension; by default C(<reference label>-vs-<difference label>-config).
    type: str
  formats:
    description: The report formats to write to O(report_dir).
    type: list
    elements: str
    choices: [md, json, html]
    default: [md, json, html]
  fail_on:
    description:
      - The categories of difference that fail the task. V(drift) stands for the four drift categories.
      - By default nothing fails the task; RV(identical) and RV(gate) say what was found.
    type: list
    elements: str
    choices: [drift, sync_rule, connector, global_setting, metaverse, version_change, server_role]
    default: []
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.flow
  - hybrid_identity.entra_connect.attributes.controller
notes:
  - XML is read with every DTD and entity refused; a NUL character, a truncated file, a folder that is not an export,
    two exports of different kinds, or a JSON file of another shape fail the task with the file named, and no
    report is written.
  - docs/config-compare.md explains the pairing, what is normalised, the categories and the findings.
attributes:
  check_mode:
    support: full
    details: Compares the same in check mode; writes no report.
seealso:
  - module: hybrid_identity.entra_connect.entra_config_export
  - module: hybrid_identity.entra_connect.entra_cutover_gate
"""

EXAMPLES = r"""
- name: Compare the new server with the old one before the cutover
  hybrid_identity.entra_connect.entra_config_compare:
    reference: /srv/entra-connect/config/old-sync01.zip
    difference: /srv/entra-connect/config/new-sync01.zip
    report_dir: /srv/entra-connect/reports
    fail_on: [drift]

- name: Compare with a saved baseline, the forest connector renamed meanwhile
  hybrid_identity.entra_connect.entra_config_compare:
    reference: /srv/entra-connect/baselines/sync01-2026-10-01.zip
    difference: "{{ sync01_export.path }}"
    connector_map:
      contoso.com: corp.contoso.com
    formats: [html]
    report_dir: /srv/entra-connect/reports
  register: config_drift

- name: Hold the cutover on the comparison
  hybrid_identity.entra_connect.entra_cutover_gate:
    expect: staging
    extra_gates: ["{{ config_drift.gate }}"]
"""

RETURN = r"""
identical:
  description: Whether nothing but expected differences remain.
  returned: success
  type: bool
summary:
  description: The number of differences per category (every category, zero included).
  returned: success
  type: dict
  sample: {sync_rule: 2, connector: 0, global_setting: 1, metaverse: 0, version_change: 41, server_role: 1}
differences:
  description:
    - Every difference - C(category), C(change) (V(added), V(removed), V(renamed), V(changed)), C(object),
      C(field), C(reference) and C(difference) (the values, null where absent; for sets only what one side has),
      C(expected) and C(reason).
  returned: success
  type: list
  elements: dict
findings:
  description: What the settings import does not carry or may carry wrongly, on O(reference) - C(code), C(object), C(message).
  returned: success
  type: list
  elements: dict
connector_pairs:
  description: Which connector paired with which - C(reference), C(difference), C(paired_by) (V(name), V(connector_map), V(kind)).
  returned: success
  type: list
  elements: dict
reference:
  description: What O(reference) is - C(label), C(path), C(kind), C(server), C(version), C(exported_at), C(connectors), C(sync_rules).
  returned: success
  type: dict
difference:
  description: What O(difference) is, as RV(reference).
  returned: success
  type: dict
reports:
  description: The reports written, by format.
  returned: success
  type: dict
  sample: {md: /srv/entra-connect/reports/OLD-SYNC01-vs-NEW-SYNC01-config.md}
failed_categories:
  description: The categories of O(fail_on) that have differences.
  returned: success
  type: list
  elements: str
gate:
  description: A gate for M(hybrid_identity.entra_connect.entra_cutover_gate) C(extra_gates) - C(name) V(configuration), C(passed) (no drift), C(detail).
  returned: success
  type: dict
decisions:
  description: What the module decided, in sentences the migration report shows as they are.
  returned: always
  type: list
  elements: str
evidence:
  description: What those decisions rest on, by name.
  returned: always
  type: dict
controller_time:
  description: When the task started and ended (C(started), C(ended)), UTC by the controller's clock.
  returned: always
  type: dict
"""
