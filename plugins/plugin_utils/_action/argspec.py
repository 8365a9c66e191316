# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""One source for each module's options: the argument spec is derived from the doc-only module's
DOCUMENTATION, so what ``ansible-doc`` shows is exactly what the action plugin accepts."""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

import functools
import importlib
import re
from typing import Any

import yaml

# The option keys that carry over from the docs to an argument spec as they are.
SPEC_KEYS = ("type", "required", "default", "choices", "elements", "aliases")
# Ansible's own test for an option that holds a secret (ansible.module_utils.common.parameters
# PASS_VARS / the "no_log not set" warning): such an option is never logged. The docs schema has no
# no_log key, so the name decides; a module's docs say that the value is never logged.
SECRET_NAME = re.compile(r"^(?:.*_)?(?:pass(?:wd|word)?|secret|token)(?:_.*)?$")


def spec_from_options(options: dict[str, Any]) -> dict[str, Any]:
    """An argument spec from the ``options`` of a DOCUMENTATION block (suboptions included)."""
    spec: dict[str, Any] = {}
    for name, doc in options.items():
        entry: dict[str, Any] = {key: doc[key] for key in SPEC_KEYS if key in doc}
        entry.setdefault("type", "str")
        if SECRET_NAME.match(name):
            entry["no_log"] = True
        if doc.get("suboptions"):
            entry["options"] = spec_from_options(doc["suboptions"])
        spec[name] = entry
    return spec


@functools.cache
def module_documentation(action_module: str) -> dict[str, Any]:
    """The parsed DOCUMENTATION of the module an action plugin implements (same name, plugins/modules)."""
    package, name = action_module.rsplit(".", 1)
    if not package.endswith(".plugins.action"):
        raise ValueError(f"{action_module} is not an action plugin of a collection")
    module = importlib.import_module(f"{package[: -len('action')]}modules.{name}")
    documentation: dict[str, Any] = yaml.safe_load(module.DOCUMENTATION)
    return documentation


def argument_spec(action_module: str) -> dict[str, Any]:
    return spec_from_options(module_documentation(action_module).get("options") or {})
