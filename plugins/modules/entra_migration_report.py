#!/usr/bin/python
# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: entra_migration_report
short_description: Write the report of one pair's run as Markdown and JSON on the controller
version_added: 0.1.0
author:
  - Hybrid Identity Maintainers (@hybrid-identity)
description:
  - Writes the report of this run as C(<dest>/<pair>-<runbook>-<run_id>.json) and C(.md) - which run it is, the
    servers with their versions and states before and after, the plan, each phase with its times (controller
    clock, UTC) and duration, every failure, the decisions taken and why, the evidence, what remains for a human
    and the host round trips per server - and returns a headline.
  - Each run keeps its own files; the same report is also written as C(<dest>/<pair>-<runbook>.json) and C(.md),
    which always hold the latest run's. A second report with the same O(run_id) gets a number (C(-2)) rather
    than overwriting the first.
  - In check mode the report is the plan, written as C(<pair>-<runbook>-plan-<run_id>.json) and C(.md), and as
    C(<pair>-<runbook>-plan.json) and C(.md).
  - The headline names the server whose own task failed first in the run, with the phase of that task and its
    message. A server stopped only because a task run once for every server failed elsewhere, or a failed task
    run once for every server (such as the plan, derived again after a server failed), is named only when no
    server failed a task of its own.
options:
  dest:
    description: Directory on the controller; created if missing.
    type: path
    required: true
  plan:
    description: The pair's plan from M(hybrid_identity.entra_connect.entra_migration_plan) at the start of the run.
    type: dict
    required: true
  journal:
    description:
      - What the roles recorded of each phase on each server of the pair, in any order.
      - Each item has C(phase), C(host) and C(results), the registered results of the phase's tasks; the report
        takes the phase's times, changes, host round trips, C(decisions) and C(evidence) from those results as the
        modules returned them. C(status) (V(failed)) and C(message) name a failure. Any other key is shown as given.
      - A failure the report role's rescue recorded has C(failure) instead - the failed task as Ansible describes it
        (C(task) with its C(name), C(tags), C(when) and C(run_once)), its C(msg), the server it ran on (C(ran_on)),
        whether the run had its plan yet (C(planned)) and, for a server stopped because its pair could not go on,
        the servers of the pair that failed earlier in the run (C(stopped_by)). The report derives the failure's phase from the task itself -
        the step its role's block runs for (C('verify' in preflight_steps_now)), else its earliest phase tag, else
        C(preflight) (C(plan) once the run had its plan, the phase derived again).
    type: list
    elements: dict
    default: []
  after:
    description: Inventory hostname to its M(hybrid_identity.entra_connect.entra_connect_info) facts at the end of the run.
    type: dict
    default: {}
  remaining:
    description: What remains for a human, such as what the settings file did not carry.
    type: list
    elements: str
    default: []
  lab:
    description: Whether the servers are lab twins; the report then says so.
    type: bool
    default: false
  run_id:
    description:
      - Names the run in the report and in the file name of this run's report; the reports of every pair of one run
        share it.
      - Letters, digits, C(.), C(_) and C(-). Defaults to the controller's UTC time when the report is written, as
        C(20261121T120000Z).
    type: str
  tags:
    description: The tags the run was started with (C(ansible_run_tags)); the report says which phases were selected.
    type: list
    elements: str
    default: []
  unreachable:
    description:
      - Servers of the pair that did not reach the end of the run. Ansible drops a server whose connection is lost
        from the play without its rescue, so no failure of its own is on record; the report names it as unreachable
        instead of naming the server whose later task failed for want of it.
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
    details: In check mode the plan is written to its own C(-plan) files; no server is read or changed.
notes:
  - Writing the report never counts as a change, so that a run that changed no server reports no change.
seealso:
  - module: hybrid_identity.entra_connect.entra_migration_plan
"""

EXAMPLES = r"""
- name: Write the report of a pair
  hybrid_identity.entra_connect.entra_migration_report:
    dest: reports
    plan: "{{ preflight_pair_at_start }}"
    journal: "{{ migration_report_journal }}"
    run_id: "{{ now(utc=true, fmt='%Y%m%dT%H%M%SZ') }}"
  delegate_to: localhost
"""

RETURN = r"""
markdown_path:
  description: The Markdown report of the latest run, C(<dest>/<pair>-<runbook>.md); the next run overwrites it.
  returned: success
  type: str
json_path:
  description: The JSON report of the latest run, C(<dest>/<pair>-<runbook>.json); the next run overwrites it.
  returned: success
  type: str
run_markdown_path:
  description: This run's Markdown report, C(<dest>/<pair>-<runbook>-<run_id>.md); no later run overwrites it.
  returned: success
  type: str
run_json_path:
  description: This run's JSON report, C(<dest>/<pair>-<runbook>-<run_id>.json); no later run overwrites it.
  returned: success
  type: str
run_id:
  description: The run the report is of, as its file name and the report's C(run.id) give it.
  returned: success
  type: str
  sample: 20261121T120000Z
headline:
  description: One line saying how the run ended for the pair.
  returned: success
  type: str
failures:
  description:
    - Every failure of the pair's servers in this run as C(<pair>) followed by the line C(FAILED in <phase> on <server> -
      <message>), the one the headline names first.
  returned: success
  type: list
  elements: str
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
