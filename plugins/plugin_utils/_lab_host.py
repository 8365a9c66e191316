# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""A lab host: the primitives are answered by the twin behind the lab connection plugin."""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

from typing import Any

from ._host import Host
from ._primitives import Primitive


class LabHost(Host):
    kind = "lab"

    def __init__(self, name: str, connection: Any) -> None:
        super().__init__(name)
        self._connection = connection

    def _run(self, primitive: Primitive, parameters: dict[str, Any]) -> Any:
        return self._connection.lab_call(primitive.name, parameters)
