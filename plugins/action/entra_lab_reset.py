# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

from typing import Any

from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._action.base import EntraControllerAction
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._lab.seeds import (
    SEEDS_DIR,
    lab_dir,
    reset_lab,
)


class ActionModule(EntraControllerAction):
    def entra_run(self, args: dict[str, Any], task_vars: dict[str, Any]) -> dict[str, Any]:
        check_mode = bool(self._task.check_mode)
        done = reset_lab(lab_dir(args["path"]), check_mode=check_mode)
        verb = "Would reset" if check_mode else "Reset"
        decision = (
            f"{verb} the lab folder {done.path}: {len(done.removed)} entries removed, {len(done.copied)} seed files "
            f"copied from {SEEDS_DIR}, and the lab inventory bound to it written to {done.inventory}. LAB: simulated "
            "servers only; no real server was read or changed."
        )
        return {
            "changed": True,
            "path": done.path,
            "removed": done.removed,
            "copied": done.copied,
            "inventory": done.inventory,
            "seeds": SEEDS_DIR,
            "lab": True,
            "decisions": [decision],
            "evidence": {"lab_dir": done.path, "seeds": SEEDS_DIR},
        }
