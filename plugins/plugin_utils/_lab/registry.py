# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The twin's registry: the TLS 1.2 values and the collection's markers (when it last wrote them, when
a server was activated).

Only the keys the state lists exist. New values take effect after the next restart [S1]; the twin
shows that through ``last_boot_time``, which only a reboot moves.
"""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

from typing import Any

from .clock import Clock


class Registry:
    def __init__(self, state: dict[str, Any], clock: Clock) -> None:
        self._state = state
        self._clock = clock

    @property
    def _keys(self) -> dict[str, dict[str, Any]]:
        registry: dict[str, dict[str, Any]] = self._state["registry"]
        return registry

    def value(self, path: str, name: str) -> dict[str, Any]:
        key = self._keys.get(path)
        value = (key or {}).get(name)
        return {
            "path": path,
            "name": name,
            "key_exists": key is not None,
            "type": value["type"] if value else None,
            "data": value["data"] if value else None,
        }

    def strings(self, path: str) -> dict[str, str]:
        """Every value of one key as text, as the snapshot reads the markers."""
        return {name: str(value["data"]) for name, value in (self._keys.get(path) or {}).items()}

    def write_strings(self, path: str, values: dict[str, Any]) -> None:
        key = self._keys.setdefault(path, {})
        for name, data in values.items():
            key[name] = {"type": "String", "data": str(data)}

    def tls12_read(self, parameters: dict[str, Any]) -> dict[str, Any]:
        marker = self.value(parameters["MarkerPath"], parameters["MarkerName"])
        return {
            "values": [self.value(item["path"], item["name"]) for item in parameters["Values"]],
            "marker_written_utc": marker["data"] if marker["type"] == "String" else None,
            "last_boot_utc": self._state["last_boot_time"],
            "now_utc": self._clock.now_text(),
        }

    def tls12_write(self, parameters: dict[str, Any]) -> dict[str, Any]:
        for item in parameters["Values"]:
            # New-ItemProperty -PropertyType DWord -Force replaces a value of another type [S1].
            self._keys.setdefault(item["path"], {})[item["name"]] = {"type": "DWord", "data": int(item["data"])}
        self._clock.advance(1)
        self.write_strings(parameters["MarkerPath"], {parameters["MarkerName"]: self._clock.now_text()})
        return {"written": len(parameters["Values"]), "now_utc": self._clock.now_text()}
