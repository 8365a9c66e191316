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
from collections.abc import Mapping
from typing import Any

import yaml
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.module_utils.common.parameters import DEFAULT_TYPE_VALIDATORS
from ansible.module_utils.common.validation import check_type_dict

# The option keys that carry over from the docs to an argument spec as they are.
SPEC_KEYS = ("type", "required", "default", "choices", "elements", "aliases")
# Ansible's own test for an option that holds a secret (ansible.module_utils.common.parameters
# PASS_VARS / the "no_log not set" warning), and credentials: such an option is never logged. The docs
# schema has no no_log key, so the name decides; a module's docs say that the value is never logged.
# The same test finds a secret under a key that is not an option (a typo, a key inside a credential).
SECRET_NAME = re.compile(r"^(?:.*_)?(?:pass(?:wd|word|phrase)?|secret|token|credentials?)(?:_.*)?$", re.IGNORECASE)
# What shows in place of a secret, as Ansible shows a no_log value.
HIDDEN = "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"
MIN_HIDDEN_IN_TEXT = 4
# What a key in an option that holds a secret must look like to be repeated in a message: letters and
# underscores, as every suboption is named.
KEY_NAME = re.compile(r"^[a-z_]{1,64}$")


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


# -- secrets in the options -------------------------------------------------------------------------
#
# A task's options may hold a secret where the spec expects one (a no_log option and everything in it)
# and where it does not (a secret-named key that is a typo, or sits in an unknown option). None of them
# may reach the output: not an error message, not the result, not the task as Ansible shows it when the
# task fails. Messages about an option that holds a secret are therefore made here from names and
# kinds only, never from the value; Ansible's own messages (which quote values) are used for the
# other options only, and have every secret value taken out.


def holds_secret(entry: Mapping[str, Any]) -> bool:
    """The option is no_log, or one of its suboptions (at any depth) is."""
    return bool(entry.get("no_log")) or any(holds_secret(sub) for sub in (entry.get("options") or {}).values())


def _leaves(value: Any) -> set[str]:
    """Every scalar in a value, as text: what Ansible's no_log hides of it."""
    if isinstance(value, Mapping):
        return {leaf for item in value.values() for leaf in _leaves(item)}
    if isinstance(value, (list, tuple, set, frozenset)):
        return {leaf for item in value for leaf in _leaves(item)}
    if value is None or isinstance(value, bool):
        return set()
    text = str(value)
    return {text} if text else set()


def _named_secrets(value: Any) -> set[str]:
    """The values under any key named like a secret, at any depth of a value."""
    found: set[str] = set()
    if isinstance(value, Mapping):
        for key, item in value.items():
            found |= _leaves(item) if SECRET_NAME.match(str(key)) else _named_secrets(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            found |= _named_secrets(item)
    return found


def secret_values(spec: Mapping[str, Any], args: Mapping[str, Any]) -> set[str]:
    """Every value in a task's options that must not be shown: all of a no_log option's value (its
    suboptions included), and whatever sits under a key named like a secret, option or not."""
    found: set[str] = set()
    for name, value in args.items():
        entry = spec.get(name)
        if SECRET_NAME.match(str(name)) or (entry is not None and entry.get("no_log")):
            found |= _leaves(value)
        elif entry is None:
            # An unknown option is refused naming the option only; a secret-named key in it is a secret.
            found |= _named_secrets(value)
        elif entry.get("options") and isinstance(value, Mapping):
            found |= secret_values(entry["options"], value)
        elif entry.get("options") and isinstance(value, list):
            for item in value:
                found |= secret_values(entry["options"], item) if isinstance(item, Mapping) else _named_secrets(item)
        else:
            found |= _named_secrets(value)
    return found


def shown_args(spec: Mapping[str, Any], args: Mapping[str, Any]) -> dict[str, Any]:
    """The options as they may be shown (an ``invocation``, a failed task's context): a no_log option,
    a secret-named key and an unknown option show as HIDDEN; the rest as given."""
    shown: dict[str, Any] = {}
    for name, value in args.items():
        entry = spec.get(name)
        if entry is None or entry.get("no_log") or SECRET_NAME.match(str(name)):
            shown[name] = HIDDEN
        elif entry.get("options") and isinstance(value, Mapping):
            shown[name] = shown_args(entry["options"], value)
        elif entry.get("options") and isinstance(value, list):
            shown[name] = [shown_args(entry["options"], v) if isinstance(v, Mapping) else HIDDEN for v in value]
        else:
            shown[name] = hide(value, _named_secrets(value))
    return shown


def hide(value: Any, secrets: set[str]) -> Any:
    """A result (or any value) with every secret taken out, as Ansible takes no_log values out: a text
    that is a secret becomes HIDDEN, a secret inside a text ``********``. A secret shorter than
    MIN_HIDDEN_IN_TEXT is hidden where it is a whole text only: inside a longer text it is a letter or
    two of some word, not an echo, and replacing it would mangle every message."""
    if not secrets:
        return value
    inside = sorted((s for s in secrets if len(s) >= MIN_HIDDEN_IN_TEXT), key=len, reverse=True)

    def text(found: str) -> str:
        if found in secrets:
            return HIDDEN
        for secret in inside:
            found = found.replace(secret, "********")
        return found

    def walk(found: Any) -> Any:
        if isinstance(found, str):
            return text(found)
        if isinstance(found, Mapping):
            return {text(k) if isinstance(k, str) else k: walk(v) for k, v in found.items()}
        if isinstance(found, (list, tuple)):
            return [walk(item) for item in found]
        if isinstance(found, (int, float)) and not isinstance(found, bool) and str(found) in secrets:
            return HIDDEN
        return found

    return walk(value)


_KINDS = ((bool, "a boolean"), (str, "a string"), (int, "a number"), (float, "a number"), (Mapping, "a dictionary"))


def _kind(value: Any) -> str:
    """What a value is, said without the value."""
    if value is None:
        return "null"
    for kind, said in _KINDS:
        if isinstance(value, kind):
            return said
    return "a list" if isinstance(value, (list, tuple, set)) else f"a {type(value).__name__}"


def _secret_errors(path: str, entry: Mapping[str, Any], value: Any, secrets: set[str]) -> list[str]:
    """What is wrong with the value of an option that holds a secret, said without the value."""
    kind = entry.get("type", "str")
    if value is None:
        return [f"{path}: is required"] if entry.get("required") else []
    if kind == "dict" and entry.get("options"):
        return _secret_dict_errors(path, entry["options"], value, secrets)
    if kind == "list" and entry.get("options"):
        if not isinstance(value, list):
            return [f"{path}: expected a list of dictionaries, got {_kind(value)}"]
        return [
            e
            for i, item in enumerate(value)
            for e in _secret_dict_errors(f"{path}[{i}]", entry["options"], item, secrets)
        ]
    if kind == "str":
        # Ansible would turn a list or a dictionary into its text and send that as the password.
        return (
            []
            if isinstance(value, (str, int, float)) and not isinstance(value, bool)
            else [f"{path}: expected a string, got {_kind(value)}"]
        )
    try:
        DEFAULT_TYPE_VALIDATORS[kind](value)
    except (TypeError, ValueError, KeyError):
        return [f"{path}: expected {kind}, got {_kind(value)} that is not one"]
    return []


def _secret_dict_errors(path: str, options: Mapping[str, Any], value: Any, secrets: set[str]) -> list[str]:
    keys = ", ".join(options)
    if isinstance(value, str):
        try:
            value = check_type_dict(value)
        except (TypeError, ValueError):
            return [f"{path}: expected a dictionary with keys {keys}, got a string that is not one"]
    if not isinstance(value, Mapping):
        return [f"{path}: expected a dictionary with keys {keys}, got {_kind(value)}"]
    known = {alias: name for name, sub in options.items() for alias in [name, *(sub.get("aliases") or [])]}
    errors = []
    unknown = [str(key) for key in value if key not in known]
    if unknown:
        # A key is a name, not a value; but in an option that holds a secret, a key that is not a name
        # (someone typed the password as a key, or YAML made one of "password S3cret") is not repeated.
        said = [
            f"key '{key}'" if KEY_NAME.match(key) and key not in secrets else "key that is not a name"
            for key in unknown
        ]
        errors.append(f"{path}: unknown {', '.join(said)}; expected {keys}")
    given = {known[key]: item for key, item in value.items() if key in known}
    missing = [name for name, sub in options.items() if sub.get("required") and given.get(name) is None]
    if missing:
        errors.append(f"{path}: missing required key{'s' if len(missing) > 1 else ''} {', '.join(missing)}")
    for name, item in given.items():
        if item is not None:
            errors += _secret_errors(f"{path}.{name}", options[name], item, secrets)
    return errors


def check_args(spec: Mapping[str, Any], args: Mapping[str, Any], action: str) -> tuple[dict[str, Any], list[str]]:
    """The validated options, or what is wrong with them; no message carries a secret.

    Unknown options are named (never their values). An option that holds a secret is checked here, so
    each error names the option, the key and what is wrong; the rest is Ansible's own validation (types,
    choices, required options, defaults), its messages with every secret taken out.
    """
    unknown = sorted(str(name) for name in args if name not in spec)
    if unknown:
        # Ansible's own message for them, which names the options and nothing else.
        return {}, [f"Invalid options for {action}: {','.join(unknown)}"]
    secrets = secret_values(spec, args)
    errors = [
        error
        for name, entry in spec.items()
        if holds_secret(entry) and name in args
        for error in _secret_errors(name, entry, args[name], secrets)
    ]
    if errors:
        return {}, errors
    result = ArgumentSpecValidator(dict(spec)).validate(dict(args))
    messages = [str(message) for message in result.errors.messages]
    if messages:
        hidden = secrets | {str(value) for value in result._no_log_values}
        return {}, [str(hide(message, hidden)) for message in messages]
    validated = dict(args)
    validated.update(result.validated_parameters)
    return validated, []
