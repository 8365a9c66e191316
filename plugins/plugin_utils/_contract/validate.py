# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""One JSON Schema per primitive answer, checked on every answer from either host before use.

A drift between a PowerShell script and the lab twin therefore fails loudly, naming the field.
"""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

import functools
import json
import os
from typing import Any

from .._common.errors import ContractError, EntraConnectError

try:
    import jsonschema
    import referencing

    JSONSCHEMA_IMPORT_ERROR: ImportError | None = None
except ImportError as err:  # pragma: no cover - exercised only where jsonschema is missing
    # The message names the missing package when a validation is asked for.
    jsonschema = referencing = None  # type: ignore[assignment]
    JSONSCHEMA_IMPORT_ERROR = err

SCHEMA_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "schemas")


@functools.cache
def load_schema(name: str) -> dict[str, Any]:
    with open(os.path.join(SCHEMA_DIR, f"{name}.json"), encoding="utf-8") as handle:
        schema: dict[str, Any] = json.load(handle)
    return schema


@functools.cache
def _registry() -> Any:
    """Every schema of the collection, so one may $ref another by file name."""
    resources = []
    for file_name in sorted(os.listdir(SCHEMA_DIR)):
        if file_name.endswith(".json"):
            schema = load_schema(file_name[: -len(".json")])
            resources.append((schema["$id"], referencing.Resource.from_contents(schema)))
    return referencing.Registry().with_resources(resources)


def _field_path(error: Any) -> str:
    parts = [str(part) if not isinstance(part, int) else f"[{part}]" for part in error.absolute_path]
    return ".".join(parts).replace(".[", "[") or "(the answer itself)"


def first_violation(schema_name: str, document: Any) -> str | None:
    """None if ``document`` matches the schema, else "at field 'a.b[0]': why" (plus a count of the rest)."""
    if jsonschema is None:
        raise EntraConnectError(
            "The Python package 'jsonschema' is required on the controller to validate host answers: "
            f"{JSONSCHEMA_IMPORT_ERROR}"
        )
    validator = jsonschema.Draft202012Validator(load_schema(schema_name), registry=_registry())
    errors = list(validator.iter_errors(document))
    if not errors:
        return None
    first = jsonschema.exceptions.best_match(errors)
    more = f" (and {len(errors) - 1} more problem(s))" if len(errors) > 1 else ""
    return f"at field '{_field_path(first)}': {first.message}{more}"


def validate_answer(primitive: str, answer: Any, source: str) -> dict[str, Any]:
    """Return ``answer`` if it matches the primitive's schema; raise ContractError naming the field."""
    violation = first_violation(primitive, answer)
    if violation is not None:
        raise ContractError(
            f"The {primitive} answer from {source} breaks the contract {violation}. "
            "The host script and the collection disagree; nothing was decided from it."
        )
    valid: dict[str, Any] = answer
    return valid
