# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""One read-only primitive on its own, as the modules read it, with its raw answer and the schema's verdict.

Used by entra_primitive_read: the per-primitive test targets (tests/integration/targets/primitive_*) and the
recorder (playbooks/record_readings.yml). Each read goes through ``Host.call``, the path every module takes
(retries after a lost connection, validation against the primitive's schema, and whatever the collection does
to a valid answer before using it); the raw answer is kept on the way, so the verdict comes with the very
answer it judged, also when that answer breaks the schema.
"""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .._common.errors import ContractError, EntraConnectError
from .._contract.validate import first_violation
from .._rules.export_settings import APPLIED_PATTERN, ARCHIVE_PATTERN, GAP_SETTINGS
from .._rules.object_counts import statistics_parameters
from .._rules.tls12 import read_parameters as tls12_read_parameters
from .base import Credential, Host
from .primitives import PRIMITIVES, Primitive, snapshot_parameters, status_parameters

# Where the wizard is installed by default; MigrateSettings.ps1 reads the same file's version [S23]. INFERRED:
# the default installation folder; a server installed elsewhere is read with the path given.
WIZARD_PATH = "C:\\Program Files\\Microsoft Azure Active Directory Connect\\AzureADConnect.exe"
# The folder entra_export_settings reads by default (its ``folder`` option) [S6].
EXPORT_FOLDER = "%ProgramData%\\AADConnect"
# As deep as entra_sync_cycle reads the run results of a cycle.
RUN_RESULTS_DEPTH = 200

# What each read-only primitive is sent unless told otherwise: what the modules send.
STANDARD_READS: dict[str, Callable[[], dict[str, Any]]] = {
    "snapshot": snapshot_parameters,
    "tls12_read": tls12_read_parameters,
    "sync_status": status_parameters,
    "run_results": lambda: {"NumberRequested": RUN_RESULTS_DEPTH},
    "connector_statistics": lambda: statistics_parameters(True),
    "settings_read": lambda: {
        "Folder": EXPORT_FOLDER,
        "FilePatterns": [APPLIED_PATTERN, ARCHIVE_PATTERN],
        "GlobalSettingNames": list(GAP_SETTINGS),
    },
    "file_stat": lambda: {"Path": WIZARD_PATH, "Authenticode": True},
}


@dataclass(frozen=True)
class RawReading:
    primitive: str
    parameters: dict[str, Any]
    # The answer as the server (or the twin) gave it, before anything of the collection touched it.
    answer: Any
    # None when the answer matches the primitive's schema; otherwise where and why it does not.
    violation: str | None
    # What Host.call returned, as the modules go on to use it; None when the answer broke the schema.
    as_used: dict[str, Any] | None


def read_only_primitives() -> list[str]:
    return sorted(name for name, spec in PRIMITIVES.items() if spec.read_only)


def standard_parameters(primitive: str, given: dict[str, Any] | None = None) -> dict[str, Any]:
    """The parameters a read is sent: the standard ones, each replaced where ``given`` names it."""
    spec = PRIMITIVES.get(primitive)
    if spec is None or not spec.read_only:
        what = "is not a primitive of this collection" if spec is None else "changes the server"
        raise EntraConnectError(
            f"{primitive!r} {what}; only a read-only primitive is run on its own: "
            f"{', '.join(read_only_primitives())}. Nothing was sent to the server."
        )
    parameters = dict(STANDARD_READS[primitive](), **(given or {}))
    unknown = sorted(set(parameters) - set(spec.parameters) - set(spec.optional))
    if unknown:
        raise EntraConnectError(
            f"{primitive} takes the parameters {', '.join(spec.parameters + spec.optional)}; "
            f"{', '.join(unknown)} is not one of them. Nothing was sent to the server."
        )
    return parameters


def read_raw(host: Host, primitive: str, given: dict[str, Any] | None = None) -> RawReading:
    """Run one read-only primitive through ``host`` and return its raw answer with the schema's verdict.

    The read is ``Host.call``'s, retries and validation included; the answer the host's ``_run`` returned is
    kept on the way, so the raw answer is the very one that was judged, whether it passed or not."""
    parameters = standard_parameters(primitive, given)
    raw: list[Any] = []
    run = host._run

    def keep(spec: Primitive, sent: dict[str, Any], sensitive: dict[str, Credential]) -> Any:
        answer = run(spec, sent, sensitive)
        raw.append(copy.deepcopy(answer))
        return answer

    # Only this one call sees the wrapper: the instance attribute shadows the method until it is removed.
    setattr(host, "_run", keep)  # noqa: B010 - mypy refuses an assignment to a method
    try:
        used = host.call(primitive, parameters)
        return RawReading(primitive, parameters, raw[-1], None, used)
    except ContractError as err:
        if not raw:
            raise
        violation = first_violation(PRIMITIVES[primitive].schema, raw[-1]) or str(err)
        return RawReading(primitive, parameters, raw[-1], violation, None)
    finally:
        delattr(host, "_run")
