#!/usr/bin/python
# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: entra_cutover_approval
short_description: Stop a cutover until a person approves the evidence gathered for it
version_added: 0.1.0
author:
  - Hybrid Identity Maintainers (@hybrid-identity)
description:
  - Runs on the controller, after the cutover's evidence was gathered and judged, before the first change of the
    cutover.
  - Without an approval of this very evidence it stops (RV(stopped)) with an approval token in its message and
    records the request in O(request_dir). The token names the pair, a digest of O(evidence) and when it was
    gathered, by the controller's clock, sealed with the controller's key, so it cannot be typed by hand, moved
    to another pair, or backdated.
  - A later run gathers the evidence again. It is approved only when O(approval) is a token of this controller
    for this pair whose digest is the digest of the fresh evidence and which is not older than O(max_age);
    otherwise it stops again and says why - which part of the evidence changed, or that the approval expired.
  - O(approval=last) approves the request the pair's last stop recorded on this controller, under the same
    conditions - for an AWX / Automation Controller workflow whose approval node passes no token.
  - In the lab, with O(simulate_in_lab=true), the lab's simulated operator approves, as at the wizard gate, and
    the decisions say so.
options:
  pair:
    description: The pair whose cutover waits; part of the token.
    type: str
    required: true
  evidence:
    description:
      - What the approval is bound to - the stable part of the evidence (gate outcomes, pending-export counts,
        object counts); anything that changes between two readings of an unchanged pair (times) stays out.
    type: dict
    required: true
  summary:
    description: The lines shown to the person who approves, and recorded with the request.
    type: list
    elements: str
    default: []
  approval:
    description:
      - A token from an earlier stop, V(last) (or V(true)) for the request the pair's last stop recorded, or empty.
    type: str
    default: ''
  max_age:
    description: Minutes an approval stays valid after the evidence it approves was gathered.
    type: int
    default: 240
  request_dir:
    description: Directory on the controller where the request for approval is recorded, one file per pair.
    type: path
    required: true
  simulate_in_lab:
    description: In the lab, simulate the operator approving. Has no effect on a Windows server.
    type: bool
    default: true
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.flow
  - hybrid_identity.entra_connect.attributes.read_only
notes:
  - The controller's key is the one that seals staging-mode readings (C(~/.ansible/hybrid_identity.entra_connect/));
    a token is valid only on the controller that issued it.
seealso:
  - module: hybrid_identity.entra_connect.entra_cutover_gate
  - module: hybrid_identity.entra_connect.entra_staging_mode
"""

EXAMPLES = r"""
- name: Wait for a person to approve the cutover's evidence
  hybrid_identity.entra_connect.entra_cutover_approval:
    pair: contoso
    evidence:
      gates: {pending_deletes: true, object_counts: true}
      pending_exports: {contoso.com: {adds: 0, updates: 3, deletes: 0}}
    summary:
      - "contoso.com: 3 pending updates"
    approval: "{{ entra_connect_approve_cutover | default('') }}"
    request_dir: /srv/entra-connect/approvals
  register: approval

- name: Go on only when approved
  ansible.builtin.debug:
    msg: Approved
  when: approval.approved
"""

RETURN = r"""
approved:
  description: Whether the cutover may go ahead.
  returned: always
  type: bool
stopped:
  description: Whether the run stops here for an approval; the task's C(msg) says how to give it.
  returned: always
  type: bool
simulated:
  description: Whether the lab's simulated operator approved.
  returned: always
  type: bool
token:
  description: The token that approves the evidence this task was given, while it is unchanged.
  returned: when stopped outside check mode
  type: str
  sample: contoso:3f2a9c0d1e4b5a6f:20261122T101500Z:9a8b7c6d5e4f3a2b
request_path:
  description: Where the request for approval is recorded on the controller.
  returned: always
  type: str
summary:
  description: The lines shown for approval.
  returned: always
  type: list
  elements: str
decisions:
  description: What the module decided, in sentences the migration report shows as they are.
  returned: always
  type: list
  elements: str
evidence:
  description: C(approval_digest), the SHA-256 of the evidence the decision was about.
  returned: always
  type: dict
controller_time:
  description: When the task started and ended (C(started), C(ended)), UTC by the controller's clock.
  returned: always
  type: dict
"""
