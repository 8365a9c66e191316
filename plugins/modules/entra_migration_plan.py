#!/usr/bin/python
# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: entra_migration_plan
short_description: Pair the Entra Connect servers of the inventory and derive each pair's phase
version_added: 0.1.0
author:
  - Hybrid Identity Maintainers (@hybrid-identity)
description:
  - Groups the servers of the inventory into pairs by their C(entra_connect_pair) variable and checks each
    pair - one server in C(entra_connect_source) and one in C(entra_connect_target) (or two or more in
    C(entra_connect_servers) for V(switch_roles)), no server in both groups.
  - Derives each pair's phase from the servers' own readings, never from group names - which server is active,
    whether the new one is installed, and whether this collection made it active after the old one.
  - With O(refuse=run), fails, listing every problem, when any pair is wrong - an empty group, a server in both
    groups, an incomplete pair, two active servers, a target that is already active without this collection
    having made it so - so that nothing changes on any pair.
  - With O(refuse=pair), for a run that is under way, a pair's problems refuse that pair only (RV(refused)) and
    the other pairs are planned; a problem of the inventory as a whole still fails the task.
  - Runs on the controller; it reads no server itself. Run it once (C(run_once)) after reading every server.
options:
  runbook:
    description: The runbook whose phases are derived.
    type: str
    required: true
    choices: [swing_migration, rollback, switch_roles]
  readings:
    description:
      - Inventory hostname to the RV(hybrid_identity.entra_connect.entra_connect_info#module:entra_connect) facts of
        that server (or the whole registered result). A server without a reading makes its pair incomplete.
    type: dict
    required: true
  decommission:
    description: Whether the swing migration's plan includes removing Entra Connect from the old server.
    type: bool
    default: false
  decommission_monitoring_hours:
    description:
      - With O(decommission=true), how long the old server stays as the way back after the new one became active,
        by the controller's clock. Until then the decommission step is C(held) - also in the run of the cutover
        itself - and the plan says until when.
    type: int
    default: 168
  decommission_override:
    description: Decommission without waiting for the monitoring period. The old server is the only way back.
    type: bool
    default: false
  make_active:
    description: V(switch_roles) only - the inventory hostnames to make active, exactly one per pair.
    type: list
    elements: str
    default: []
  refuse:
    description:
      - What a wrong pair refuses.
      - V(run) - the whole run, so that nothing changes on any pair. Use it before the first change.
      - V(pair) - that pair only, listed in RV(refused); the other pairs go on. Use it between phases, once the
        run is under way, so that a server that failed in one pair does not stop the pairs that are sound.
    type: str
    choices: [run, pair]
    default: run
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.flow
  - hybrid_identity.entra_connect.attributes.read_only
notes:
  - The swing migration's phases are C(prepare) (old active, new not installed), C(staging) (new installed in
    staging mode), C(cutover) (both in staging mode - a cutover that stopped half way), C(verify) (new active,
    made so by this collection after the old one) and C(complete) (the old one decommissioned).
seealso:
  - module: hybrid_identity.entra_connect.entra_connect_info
  - module: hybrid_identity.entra_connect.entra_staging_mode
"""

EXAMPLES = r"""
- name: Read every server
  hybrid_identity.entra_connect.entra_connect_info:
  register: reading

- name: Derive each pair's phase
  hybrid_identity.entra_connect.entra_migration_plan:
    runbook: swing_migration
    readings: "{{ dict(ansible_play_hosts | zip(ansible_play_hosts | map('extract', hostvars, 'reading'))) }}"
  register: plan
  run_once: true

- name: Show this server's phase
  ansible.builtin.debug:
    msg: "{{ plan.pairs[plan.pair_of_host[inventory_hostname]].phase }}"
"""

RETURN = r"""
pairs:
  description:
    - Pair name to its plan - C(phase), C(runbook), C(roles) (host to C(source), C(target), C(to_be_active) or
      C(server)), C(servers) (state and version of each), C(switch_from), C(switch_to), C(leader), C(decisions)
      and C(steps) (each C(step), C(status) - C(done), C(now), C(later), C(skipped) or C(held) (decommission during its monitoring period) - and C(what)).
    - C(steps_now) lists the steps this run carries out, in order - those with status C(now), and the export,
      which runs again on every run while the old server has Entra Connect because later phases use what it
      reads. The roles run a step only when it is listed here.
  returned: success
  type: dict
refused:
  description:
    - With O(refuse=pair), pair name to why it cannot go on - C(problems) (each a sentence naming the server and
      the remedy), C(unread) (its servers without a reading - they failed or dropped out earlier in the run),
      C(msg) (the problems as one message to fail that pair's servers with) and C(plan) (a plan of the same shape
      as those in RV(pairs), with phase C(refused), no steps, the servers as far as they were read and the problems
      as its decisions; the migration report shows it for a pair that had no plan).
  returned: success
  type: dict
pair_of_host:
  description: Inventory hostname to the name of its pair, for the pairs planned and the pairs refused.
  returned: success
  type: dict
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
