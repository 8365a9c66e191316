#!/usr/bin/python
# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: entra_version_gate
short_description: Decide whether an Entra Connect server is supported
version_added: 0.1.0
author:
  - Hybrid Identity Maintainers (@hybrid-identity)
description:
  - Judges the installed Microsoft Entra Connect Sync (or Azure AD Connect) version, Windows Server build,
    installation type and .NET Framework against Microsoft's support rules at a given date, and returns
    the verdict, every reason, the end-of-support date and what to do.
  - The version table is data kept with its source, Microsoft's version release history (2026-09-16),
    with release and end-of-support dates, the recalled 2.6.79.0, V1 retired on 2022-08-31, and the enforced
    minimums (2.4.18.0 from 2025-04-30, 2.5.79.0 from 2026-09-30, when all synchronization services of
    older builds stop). Versions missing from the table are judged by the retirement policy (12 months
    after the next release); a version newer than the table is accepted with a warning.
  - Windows Server 2016, 2019 and 2022 with the full GUI are supported; 2012 and 2012 R2 are not supported
    for V2, Windows Server 2025 is not supported per the prerequisites page of 2025-09-29; Server Core is
    not supported; .NET Framework 4.7.2 or later is required.
  - On a host without Entra Connect the verdict is C(not_installed) and the host is judged as a place to
    install the latest release.
options:
  minimum_version:
    description:
      - A minimum version of your own, on top of Microsoft's enforced minimum in force at O(at_date).
    type: str
  at_date:
    description:
      - The date to judge at, as C(YYYY-MM-DD). Defaults to today on the controller.
    type: str
  fail_on_unsupported:
    description:
      - Fail the task when the verdict does not pass. With V(false) the verdict is only reported.
    type: bool
    default: true
  snapshot:
    description:
      - The RV(hybrid_identity.entra_connect.entra_connect_info#module:snapshot) returned by
        M(hybrid_identity.entra_connect.entra_connect_info). When set, the host is not contacted.
    type: dict
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.flow
  - hybrid_identity.entra_connect.attributes.read_only
seealso:
  - module: hybrid_identity.entra_connect.entra_connect_info
  - name: Microsoft Entra Connect version release history
    link: https://learn.microsoft.com/entra/identity/hybrid/connect/reference-connect-version-history
    description: The source of the version table.
  - name: Prerequisites for Microsoft Entra Connect
    link: https://learn.microsoft.com/entra/identity/hybrid/connect/how-to-connect-install-prerequisites
    description: The source of the Windows and .NET rules.
"""

EXAMPLES = r"""
- name: Fail when the server is not supported today
  hybrid_identity.entra_connect.entra_version_gate:

- name: Report only, judged at a fixed date, with a stricter minimum
  hybrid_identity.entra_connect.entra_version_gate:
    at_date: "2026-12-01"
    minimum_version: 2.6.84.0
    fail_on_unsupported: false
  register: gate

- name: Show what to do
  ansible.builtin.debug:
    var: gate.actions
"""

RETURN = r"""
verdict:
  description: C(supported), C(unsupported), or C(not_installed).
  returned: success
  type: str
  sample: unsupported
passed:
  description: True when no reason has severity C(error). On a host without Entra Connect, whether the host is fit to install it.
  returned: success
  type: bool
summary:
  description: One line with the verdict and the errors.
  returned: success
  type: str
  sample: "1.6.16.0 unsupported: Azure AD Connect 1.6.16.0 is V1, retired on 2022-08-31; ..."
reasons:
  description: Every finding, each with C(code), C(severity) (C(error), C(warning) or C(info)), C(message) and C(remedy).
  returned: success
  type: list
  elements: dict
  sample: [{"code": "v1_retired", "severity": "error", "message": "Azure AD Connect 1.6.16.0 is V1, retired on 2022-08-31; ...",
            "remedy": "Install Entra Connect 2.6.91.0 on Windows Server 2022 and move the configuration with a swing migration"}]
actions:
  description: What to do, one line per distinct remedy.
  returned: success
  type: list
  elements: str
version:
  description: The installed version, or null when not installed.
  returned: success
  type: str
  sample: 2.5.79.0
release_date:
  description: The version's release date from the table, or null when not listed.
  returned: success
  type: str
end_of_support:
  description: The version's end-of-support date (C(YYYY-MM-DD)), or null when unknown or current.
  returned: success
  type: str
  sample: "2026-10-23"
end_of_support_source:
  description: Where RV(end_of_support) comes from (the table, the retirement policy, or the V1 retirement).
  returned: success
  type: str
latest_version:
  description: The newest release in the table.
  returned: success
  type: str
  sample: 2.6.91.0
minimum_version:
  description: The minimum applied, the higher of O(minimum_version) and Microsoft's minimum at RV(judged_at).
  returned: success
  type: str
  sample: 2.5.79.0
judged_at:
  description: The date the verdict applies to.
  returned: success
  type: str
computer_name:
  description: The server's computer name.
  returned: success
  type: str
os:
  description: The Windows Server name, for example C(Windows Server 2022).
  returned: success
  type: str
dotnet:
  description: The .NET Framework 4.x version, or null.
  returned: success
  type: str
lab:
  description: Whether the answer came from the lab twin rather than a Windows server.
  returned: always
  type: bool
host_round_trips:
  description: How many calls reached the host; 0 when O(snapshot) was given.
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
  description: What those decisions rest on, by name; the migration report shows it as it is.
  returned: always
  type: dict
controller_time:
  description: When the task started and ended (C(started), C(ended)), UTC by the controller's clock.
  returned: always
  type: dict
"""
