# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The twin's registry: the TLS 1.2 values and the collection's marker of when it last wrote them.

Only the keys the state lists exist. New values take effect after the next restart [S1]; the twin
shows that through ``last_boot_time``, which only a reboot moves.
"""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

from typing import Any


class TlsMixin:
    state: dict[str, Any]

    def now_text(self) -> str: ...

    def advance(self, seconds: float) -> None: ...

    def _registry_value(self, path: str, name: str) -> dict[str, Any]:
        key = self.state["registry"].get(path)
        value = (key or {}).get(name)
        return {
            "path": path,
            "name": name,
            "key_exists": key is not None,
            "type": value["type"] if value else None,
            "data": value["data"] if value else None,
        }

    def primitive_tls12_read(self, parameters: dict[str, Any]) -> dict[str, Any]:
        marker = self._registry_value(parameters["MarkerPath"], parameters["MarkerName"])
        return {
            "values": [self._registry_value(item["path"], item["name"]) for item in parameters["Values"]],
            "marker_written_utc": marker["data"] if marker["type"] == "String" else None,
            "last_boot_utc": self.state["last_boot_time"],
            "now_utc": self.now_text(),
        }

    def primitive_tls12_write(self, parameters: dict[str, Any]) -> dict[str, Any]:
        registry = self.state["registry"]
        for item in parameters["Values"]:
            # New-ItemProperty -PropertyType DWord -Force replaces a value of another type [S1].
            registry.setdefault(item["path"], {})[item["name"]] = {"type": "DWord", "data": int(item["data"])}
        self.advance(1)
        registry.setdefault(parameters["MarkerPath"], {})[parameters["MarkerName"]] = {
            "type": "String",
            "data": self.now_text(),
        }
        return {"written": len(parameters["Values"]), "now_utc": self.now_text()}
