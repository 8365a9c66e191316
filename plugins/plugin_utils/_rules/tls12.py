# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The TLS 1.2 values Entra Connect needs, and the plan to reach them from a reading.

[S1]: Microsoft's TLS 1.2 enforcement page lists eight REG_DWORD values, creates missing keys with
New-Item and writes each value with New-ItemProperty -PropertyType DWord -Force, and says the server
must be restarted for them to take effect.
"""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .._common.dates import parse_utc
from .facts import MARKER_PATH

_NET = "HKLM:\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319"
_NET_WOW = "HKLM:\\SOFTWARE\\WOW6432Node\\Microsoft\\.NETFramework\\v4.0.30319"
_SCHANNEL = "HKLM:\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2"

# (key, value name, data), in the order of Microsoft's check script [S1].
TLS12_VALUES: tuple[tuple[str, str, int], ...] = (
    (_NET_WOW, "SystemDefaultTlsVersions", 1),
    (_NET_WOW, "SchUseStrongCrypto", 1),
    (_NET, "SystemDefaultTlsVersions", 1),
    (_NET, "SchUseStrongCrypto", 1),
    (_SCHANNEL + "\\Server", "Enabled", 1),
    (_SCHANNEL + "\\Server", "DisabledByDefault", 0),
    (_SCHANNEL + "\\Client", "Enabled", 1),
    (_SCHANNEL + "\\Client", "DisabledByDefault", 0),
)

# Where the collection records when it last wrote the values, so that a later run still knows a
# restart is due (the values themselves carry no date).
MARKER_NAME = "Tls12WrittenUtc"
DWORD = "DWord"


def read_parameters() -> dict[str, Any]:
    return {
        "Values": [{"path": path, "name": name} for path, name, _wanted in TLS12_VALUES],
        "MarkerPath": MARKER_PATH,
        "MarkerName": MARKER_NAME,
    }


@dataclass(frozen=True)
class ValueState:
    path: str
    name: str
    wanted: int
    type: str | None
    data: Any

    @property
    def compliant(self) -> bool:
        return self.type == DWORD and self.data == self.wanted

    @property
    def label(self) -> str:
        return f"{self.path.replace('HKLM:', 'HKLM')}\\{self.name}"

    def describe(self) -> str:
        if self.type is None:
            return "(absent)"
        return f"{self.data!r} ({self.type})" if self.type != DWORD else f"{self.data} (DWord)"


def value_states(reading: dict[str, Any]) -> list[ValueState]:
    found = {(v["path"].lower(), v["name"].lower()): v for v in reading["values"]}
    states = []
    for path, name, wanted in TLS12_VALUES:
        value = found.get((path.lower(), name.lower())) or {"type": None, "data": None}
        states.append(ValueState(path, name, wanted, value["type"], value["data"]))
    return states


def write_parameters(states: list[ValueState]) -> dict[str, Any]:
    return {
        "Values": [{"path": s.path, "name": s.name, "data": s.wanted} for s in states if not s.compliant],
        "MarkerPath": MARKER_PATH,
        "MarkerName": MARKER_NAME,
    }


def restart_pending(reading: dict[str, Any]) -> bool:
    """Whether values written by the collection have not yet taken effect: no restart since."""
    written = reading["marker_written_utc"]
    return bool(written) and parse_utc(written) >= parse_utc(reading["last_boot_utc"])


def diff(states: list[ValueState]) -> dict[str, str]:
    before = "".join(f"{s.label} = {s.describe()}\n" for s in states)
    after = "".join(f"{s.label} = {s.wanted} (DWord)\n" for s in states)
    return {"before": before, "after": after, "before_header": "registry (before)", "after_header": "registry (after)"}
