#!/usr/bin/python
# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: entra_lab_reset
short_description: Reset the lab folder from the seed states shipped with the collection
version_added: 0.1.0
author:
  - Hybrid Identity Maintainers (@hybrid-identity)
description:
  - Runs on the controller. Empties the lab folder and copies into it every seed state and tenant log the collection
    ships (C(lab/seeds/*.json) inside the installed collection), so the next lab run starts from the same simulated
    servers. The playbook C(hybrid_identity.entra_connect.lab_reset) runs it.
  - The lab folder is O(path), else the environment variable C(ENTRA_LAB_DIR), else
    C(~/.ansible/hybrid_identity.entra_connect/lab). It is created when missing.
  - A lab folder is marked with a file C(.hybrid_identity.entra_connect.lab), which the reset writes. The reset empties
    only a folder that is new, empty or so marked, and refuses any other with a message, so a lab folder set to the
    wrong place never removes anyone's files.
  - Everything in the folder goes, reports and exports of earlier lab runs included.
  - Only simulated servers are concerned; no server is read or changed.
options:
  path:
    description: The lab folder. Defaults to C(ENTRA_LAB_DIR), else C(~/.ansible/hybrid_identity.entra_connect/lab).
    type: path
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.flow
  - hybrid_identity.entra_connect.attributes.controller
attributes:
  check_mode:
    support: full
    details: In check mode the module says what it would remove and copy, and changes nothing.
notes:
  - The lab connection also creates a missing state file from its seed by itself (a warning says so); the reset is for
    starting a lab over.
seealso:
  - plugin: hybrid_identity.entra_connect.lab
    plugin_type: connection
"""

EXAMPLES = r"""
- name: Reset the lab in the default folder
  hybrid_identity.entra_connect.entra_lab_reset:
  delegate_to: localhost

- name: Reset a lab of its own
  hybrid_identity.entra_connect.entra_lab_reset:
    path: /srv/entra-lab
  delegate_to: localhost
"""

RETURN = r"""
path:
  description: The lab folder, absolute.
  returned: success
  type: str
  sample: /home/admin/.ansible/hybrid_identity.entra_connect/lab
removed:
  description: What the folder held before, by name; all of it was removed (in check mode, would be).
  returned: success
  type: list
  elements: str
copied:
  description: The seed files copied into the folder, by name (in check mode, that would be).
  returned: success
  type: list
  elements: str
  sample: [contoso.tenant.json, new-sync01.json, old-sync01.json]
inventory:
  description:
    - The lab inventory written into the folder, bound to it; give it to C(ansible-playbook -i) to run a runbook on
      this lab, wherever the collection is installed (in check mode, where it would be).
  returned: success
  type: str
  sample: /home/operator/.ansible/hybrid_identity.entra_connect/lab/inventory
seeds:
  description: Where the seeds come from, inside the installed collection.
  returned: success
  type: str
lab:
  description: Always C(true); the reset concerns simulated servers only.
  returned: always
  type: bool
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
