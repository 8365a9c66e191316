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
  - Writes C(<dest>/<pair>-<runbook>.json) and C(.md) - the servers with their versions and states before and
    after, the plan, each phase with its times (controller clock, UTC) and duration, the decisions taken and
    why, the evidence, what remains for a human and the host round trips per server - and returns a headline.
  - In check mode the report is the plan, written as C(<pair>-<runbook>-plan.json) and C(.md).
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
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.flow
attributes:
  check_mode:
    support: full
    details: In check mode the plan is written to its own C(-plan) files; no server is read or changed.
  diff_mode:
    support: none
  platform:
    platforms: posix
  action:
    support: full
  async:
    support: none
  bypass_host_loop:
    support: none
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
  delegate_to: localhost
"""

RETURN = r"""
markdown_path:
  description: The Markdown report.
  returned: success
  type: str
json_path:
  description: The JSON report.
  returned: success
  type: str
headline:
  description: One line saying how the run ended for the pair.
  returned: success
  type: str
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
