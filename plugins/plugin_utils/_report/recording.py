# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""A recording: the raw answers of every read-only primitive of some servers, scrubbed, one document each.

One document per primitive per server, ``<server>/<primitive>.json``, where ``<server>`` is the placeholder
of the server's computer name. Each holds ``metadata`` (primitive, collection and product version, when it
was recorded, where from, what was sent, the schema's verdict) and the ``answer``. Every answer of the
recording is learned by one ``Scrubber`` before any is rewritten, so a name found in one answer is replaced
in all of them, by the same placeholder. Nothing is returned when any document still holds a learned name
or something that looks like a secret: the caller writes all documents or none.
"""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .._common.errors import EntraConnectError
from .._rules.facts import snapshot_facts
from .scrub import MIN_LABEL, Scrubber, require_no_secret

ORIGIN_SERVER = "recorded from a Windows server"
ORIGIN_LAB = "recorded from a lab twin, not a real server"
# The answers that name the computer, in the order a server's placeholder is taken from.
NAMED_BY = ("snapshot", "sync_status", "settings_read")


@dataclass(frozen=True)
class Reading:
    """One entra_primitive_read result of one server."""

    host: str
    primitive: str
    parameters: dict[str, Any]
    answer: Any
    violation: str | None
    lab: bool


@dataclass(frozen=True)
class Recording:
    documents: dict[str, dict[str, Any]]
    # How many names of each kind were replaced.
    replaced: dict[str, int]


def reading_from_result(host: str, result: dict[str, Any]) -> Reading:
    """A Reading from an entra_primitive_read result, or a clear error when it is not one."""
    missing = [key for key in ("primitive", "parameters", "answer", "schema_violation", "lab") if key not in result]
    if result.get("failed") or result.get("skipped") or missing:
        why = result.get("msg") or f"it has no {', '.join(missing)}"
        raise EntraConnectError(
            f"A reading of {host} is not a successful entra_primitive_read result ({why}); nothing was written."
        )
    return Reading(
        host, result["primitive"], result["parameters"], result["answer"], result["schema_violation"], result["lab"]
    )


def _product_version(readings: list[Reading]) -> str | None:
    for reading in readings:
        if reading.primitive == "snapshot" and reading.violation is None:
            product = snapshot_facts(reading.answer)["product"]
            return str(product["version"]) if product else None
        if reading.primitive == "settings_read" and isinstance(reading.answer, dict):
            version = reading.answer.get("product_version")
            return str(version) if version else None
    return None


def _computer_name(readings: list[Reading]) -> str | None:
    for primitive in NAMED_BY:
        for reading in readings:
            if reading.primitive == primitive and isinstance(reading.answer, dict):
                name = reading.answer.get("computer_name")
                if isinstance(name, str) and name:
                    return name
    return None


def build_recording(
    readings: list[Reading], collection_version: str, recorded_utc: str, extra: list[str] | None = None
) -> Recording:
    """Scrub every reading with one scrubber and lay the recording out; raise if anything must not leave."""
    if not readings:
        raise EntraConnectError("There are no readings to record; nothing was written.")
    scrubber = Scrubber(extra or [])
    by_host: dict[str, list[Reading]] = {}
    for reading in readings:
        by_host.setdefault(reading.host, []).append(reading)
        scrubber.learn({"parameters": reading.parameters, "answer": reading.answer})
    # The inventory names go too: they are often the computer names or their FQDNs.
    for host in by_host:
        if len(host) >= MIN_LABEL:
            scrubber.learn({"computer_name": host})
    documents: dict[str, dict[str, Any]] = {}
    for index, host_readings in enumerate(by_host[host] for host in sorted(by_host)):
        name = _computer_name(host_readings)
        server = scrubber.rewrite(name) if name else f"server-{index + 1}"
        product_version = _product_version(host_readings)
        for reading in host_readings:
            document = {
                "metadata": {
                    "primitive": reading.primitive,
                    "collection_version": collection_version,
                    "product_version": product_version,
                    "recorded_utc": recorded_utc,
                    "origin": ORIGIN_LAB if reading.lab else ORIGIN_SERVER,
                    "lab": reading.lab,
                    "server": server,
                    "parameters": scrubber.rewrite(reading.parameters),
                    "schema_valid": reading.violation is None,
                    "schema_violation": scrubber.rewrite(reading.violation),
                },
                "answer": scrubber.rewrite(reading.answer),
            }
            path = f"{server.lower()}/{reading.primitive}.json"
            if path in documents:
                raise EntraConnectError(f"{path} would be recorded twice; nothing was written.")
            require_no_secret(document, path)
            if scrubber.leftovers(document):
                raise EntraConnectError(
                    f"{path} still holds a name the scrubber replaces elsewhere; nothing was written."
                )
            documents[path] = document
    return Recording(documents, scrubber.counts)
