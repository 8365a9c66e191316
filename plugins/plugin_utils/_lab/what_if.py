# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What WhatIf does to a read script in check mode, as the lab twin models it: the one place that knows.

In check mode ansible.windows.win_powershell runs a script that declares [CmdletBinding(SupportsShouldProcess)]
with -WhatIf (its win_powershell.ps1: ``$parameters.WhatIf = $module.CheckMode``), which sets $WhatIfPreference
in the script, and every cmdlet the script calls that supports ShouldProcess inherits it.
Get-ADSyncRunProfileResult is one: its syntax shows [-WhatIf] [-Confirm] [S9]. Under WhatIf such a cmdlet
says what it would do and returns nothing (INFERRED: its read is gated by ShouldProcess), so a check-mode read
would see no run history, and the 7-day and initial-sync gates would judge a server that synchronizes as one
that never did. The other cmdlets the read scripts call show no
-WhatIf in [S9] (Get-ADSyncScheduler, Get-ADSyncCSObject) or are not in it (Get-ADSyncConnector,
Get-ADSyncGlobalSettings, Get-ADSyncRule, Get-ADSyncConnectorRunStatus): the twin leaves them alone.

A read script turns WhatIf off by setting ``$WhatIfPreference = $false`` at its top level after param(); the
contract tests hold every read script to that. The lab host asks ``resets_what_if`` of the real script text,
and shapes the twin's answer with ``answer_under_what_if`` when the script would heed WhatIf.
"""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

import copy
import re
from typing import Any

# A top-level statement (not indented, so neither in a block nor a comment) after the script's param() block.
_PARAM = re.compile(r"^param\s*\(", re.IGNORECASE | re.MULTILINE)
_RESET = re.compile(r"^\$WhatIfPreference\s*=\s*\$false\s*(#.*)?$", re.IGNORECASE | re.MULTILINE)

# Where Get-ADSyncRunProfileResult's output sits in each read's answer.
RUN_PROFILE_RESULTS: dict[str, tuple[str, ...]] = {
    "snapshot": ("adsync", "run_history"),
    "sync_status": ("recent_runs",),
    "run_results": ("runs",),
}


def resets_what_if(script: str) -> bool:
    """Whether the script text sets $WhatIfPreference to $false at its top level after its param() block."""
    param = _PARAM.search(script)
    reset = _RESET.search(script, param.end() if param else 0)
    return param is not None and reset is not None


def answer_under_what_if(primitive: str, answer: dict[str, Any]) -> dict[str, Any]:
    """The answer a read script that heeds WhatIf gives: what Get-ADSyncRunProfileResult would return is empty."""
    path = RUN_PROFILE_RESULTS.get(primitive)
    if path is None:
        return answer
    shaped = copy.deepcopy(answer)
    holder: Any = shaped
    for key in path[:-1]:
        holder = holder.get(key) if isinstance(holder, dict) else None
    # A snapshot whose engine could not be read has no run history to empty.
    if isinstance(holder, dict) and isinstance(holder.get(path[-1]), list):
        holder[path[-1]] = []
    return shaped
