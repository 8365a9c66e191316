"""Options that hold secrets are never echoed, whatever is wrong with them, by any module.

Each case puts a canary where a secret goes (or where someone may mistype one) and asserts that the canary
is nowhere in the result, while the message still names the option and what is wrong with it.
"""

from __future__ import annotations

import importlib
import json
from typing import Any
from unittest.mock import MagicMock

import pytest
from ansible.playbook.play_context import PlayContext
from ansible.playbook.task import Task
from ansible_collections.hybrid_identity.entra_connect.plugins.action import entra_staging_mode
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._action import base
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._action.argspec import (
    HIDDEN,
    check_args,
    hide,
    holds_secret,
    secret_values,
    shown_args,
    spec_from_options,
)
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._common.errors import HostCommandError
from hosts import FakeHost
from lab_twins import ROOT

CANARY = "S3cr3t-Canary"
ACTION = "ansible_collections.hybrid_identity.entra_connect.plugins.action"
MODULES = sorted(path.stem for path in (ROOT / "plugins" / "modules").glob("entra_*.py"))
STAGING = "hybrid_identity.entra_connect.entra_staging_mode"

# (args, what the message must say): every shape a mistyped credential takes.
SHAPES = {
    "wrong key": (
        {"state": "disabled", "admin_credential": {"username": "x", "pasword": CANARY}},
        "admin_credential: unknown key 'pasword'; expected username, password; "
        "admin_credential: missing required key password",
    ),
    "string": (
        {"state": "disabled", "admin_credential": CANARY},
        "admin_credential: expected a dictionary with keys username, password, got a string that is not one",
    ),
    "key=value string with a typo": (
        {"state": "disabled", "admin_credential": f"username=x pasword={CANARY}"},
        "admin_credential: unknown key 'pasword'; expected username, password",
    ),
    "list": (
        {"state": "disabled", "admin_credential": [CANARY]},
        "admin_credential: expected a dictionary with keys username, password, got a list",
    ),
    "number": (
        {"state": "disabled", "admin_credential": 7311},
        "admin_credential: expected a dictionary with keys username, password, got a number",
    ),
    "password as a list": (
        {"state": "disabled", "admin_credential": {"username": "x", "password": [CANARY]}},
        "admin_credential.password: expected a string, got a list",
    ),
    "password as a dictionary": (
        {"state": "disabled", "admin_credential": {"username": "x", "password": {"value": CANARY}}},
        "admin_credential.password: expected a string, got a dictionary",
    ),
    "username as a list": (
        {"state": "disabled", "admin_credential": {"username": [CANARY], "password": CANARY}},
        "admin_credential.username: expected a string, got a list",
    ),
    "password typed as a key": (
        {"state": "disabled", "admin_credential": {"username": "x", CANARY: ""}},
        "admin_credential: unknown key that is not a name; expected username, password",
    ),
    "password run into its key": (
        {"state": "disabled", "admin_credential": {"username": "x", f"password {CANARY}": None}},
        "admin_credential: unknown key that is not a name; expected username, password",
    ),
    "unknown option named like a secret": (
        {"state": "disabled", "admin_password": CANARY},
        f"Invalid options for {STAGING}: admin_password",
    ),
    "unknown option holding a credential": (
        {"state": "disabled", "credentials": {"username": "x", "password": CANARY}},
        f"Invalid options for {STAGING}: credentials",
    ),
    "another option wrong beside a good credential": (
        {"state": "disabled", "max_reading_age": "soon", "admin_credential": {"username": "x", "password": CANARY}},
        "max_reading_age",
    ),
    "a bad choice beside a good credential": (
        {"state": "off", "admin_credential": {"username": "x", "password": CANARY}},
        "value of state must be one of: enabled, disabled, query, got: off",
    ),
}


def _canary_in(result: dict[str, Any]) -> bool:
    return CANARY in json.dumps(result) or "7311" in json.dumps(result)


@pytest.mark.parametrize("shape", SHAPES)
def test_a_mistyped_credential_is_named_never_echoed(run_action, shape: str) -> None:
    args, said = SHAPES[shape]
    host = FakeHost()
    result = run_action(entra_staging_mode, args, host)
    assert result["failed"] is True
    assert said in result["msg"], result["msg"]
    assert not _canary_in(result), result
    assert host.calls == []


def test_a_good_credential_passes_as_it_was_given() -> None:
    credential = {"username": "admin@contoso.onmicrosoft.com", "password": CANARY}
    spec = entra_staging_mode.ActionModule.ARGUMENT_SPEC
    args, errors = check_args(spec, {"state": "enabled", "admin_credential": credential}, STAGING)
    assert errors == []
    assert args["admin_credential"] == credential and args["state"] == "enabled"


def test_a_credential_given_as_json_text_is_still_accepted() -> None:
    spec = entra_staging_mode.ActionModule.ARGUMENT_SPEC
    credential = json.dumps({"username": "x", "password": CANARY})
    args, errors = check_args(spec, {"state": "enabled", "admin_credential": credential}, STAGING)
    assert errors == []
    assert args["admin_credential"] == {"username": "x", "password": CANARY}


def test_a_secret_in_a_failure_after_validation_is_hidden(run_action) -> None:
    """Whatever puts a secret into a result (here the host's error text), the result never holds it."""
    host = FakeHost(HostCommandError(f"staging_write failed for x with password {CANARY}"))
    args = {"state": "enabled", "admin_credential": {"username": "admin@contoso", "password": CANARY}}
    result = run_action(entra_staging_mode, args, host)
    assert result["failed"] is True and not _canary_in(result)
    assert "********" in result["msg"]


def test_an_invocation_in_a_result_shows_the_options_with_secrets_hidden(monkeypatch, run_action) -> None:
    def with_invocation(self, host, args, task_vars):
        return {"changed": False, "invocation": {"module_args": dict(args)}, "note": f"pw {CANARY}"}

    monkeypatch.setattr(entra_staging_mode.ActionModule, "entra_host_run", with_invocation)
    args = {"state": "query", "admin_credential": {"username": "admin@contoso", "password": CANARY}}
    result = run_action(entra_staging_mode, args, FakeHost())
    assert result["invocation"] == {"module_args": {"state": "query", "admin_credential": HIDDEN}}
    assert not _canary_in(result)


@pytest.mark.parametrize("module", MODULES)
def test_no_module_echoes_a_secret_typed_as_an_unknown_option(run_action, module: str) -> None:
    plugin = importlib.import_module(f"{ACTION}.{module}")
    for name in ("password", "api_token", "client_secret", "admin_credentials"):
        result = run_action(plugin, {name: {"nested": CANARY}, "other": CANARY}, FakeHost())
        assert result["failed"] is True and name in result["msg"]
        assert not _canary_in(result), result


@pytest.mark.parametrize("module", MODULES)
def test_no_module_echoes_a_mistyped_secret_option(run_action, module: str) -> None:
    """Every option of every module that holds a secret, in every wrong shape."""
    plugin = importlib.import_module(f"{ACTION}.{module}")
    spec = plugin.ActionModule.ARGUMENT_SPEC
    for name in (n for n, entry in spec.items() if holds_secret(entry)):
        for value in (
            CANARY,
            [CANARY],
            7311,
            {"typo": CANARY},
            {key: [CANARY] for key in spec[name].get("options") or {}},
        ):
            result = run_action(plugin, {name: value}, FakeHost())
            assert result.get("failed") is True and name in result["msg"], (name, value, result)
            assert not _canary_in(result), (name, value, result)


def test_the_only_secret_options_are_the_credentials() -> None:
    """If a module gains an option holding a secret, the test above covers it; this says which there are."""
    found = {
        (module, name)
        for module in MODULES
        for name, entry in importlib.import_module(f"{ACTION}.{module}").ActionModule.ARGUMENT_SPEC.items()
        if holds_secret(entry)
    }
    assert found == {("entra_staging_mode", "admin_credential")}


def test_the_task_as_ansible_shows_it_on_failure_has_its_secrets_hidden() -> None:
    """Ansible prints a failed ad hoc task's data (options included) next to the message."""
    args = {"state": "disabled", "admin_credential": {"username": "x", "pasword": CANARY}, "api_token": CANARY}
    data = {"action": STAGING, "args": dict(args), "timeout": 0}
    task = MagicMock(Task)
    task.args, task.async_val, task.check_mode, task.action = args, 0, False, STAGING
    task.get_ds.return_value = data
    plugin = entra_staging_mode.ActionModule(task, MagicMock(), PlayContext(), None, None, None)
    result = plugin.run(task_vars={"inventory_hostname": "new-sync01"})
    assert result["failed"] is True
    assert CANARY not in str(data)
    assert data["args"] == {"state": "disabled", "admin_credential": HIDDEN, "api_token": HIDDEN}
    # What the plugin works with is untouched.
    assert task.args["admin_credential"]["pasword"] == CANARY


# -- the rules themselves, over a spec with secrets at every depth ------------------------------------

SPEC = spec_from_options(
    {
        "name": {"type": "str"},
        "count": {"type": "int"},
        "vault": {
            "type": "dict",
            "suboptions": {"user": {"type": "str", "required": True}, "api_token": {"type": "str", "required": True}},
        },
        "accounts": {
            "type": "list",
            "elements": "dict",
            "suboptions": {"name": {"type": "str"}, "password": {"type": "str", "required": True}},
        },
    }
)


def test_secret_values_are_found_wherever_they_sit() -> None:
    args = {
        "name": "ok",
        "vault": {"user": "u1", "api_token": "t1"},
        "accounts": [{"name": "a", "password": "p1"}, {"name": "b", "password": ["p2"]}],
        "unknown": {"deep": [{"client_secret": "s1"}], "plain": "not-a-secret"},
    }
    assert secret_values(SPEC, args) == {"t1", "p1", "p2", "s1"}


def test_options_are_shown_with_their_secrets_hidden() -> None:
    args = {"name": "ok", "count": 3, "vault": {"user": "u1", "api_token": "t1"}, "other": "o"}
    assert shown_args(SPEC, args) == {
        "name": "ok",
        "count": 3,
        "vault": {"user": "u1", "api_token": HIDDEN},
        "other": HIDDEN,
    }


@pytest.mark.parametrize(
    ("args", "said"),
    [
        ({"vault": {"user": "u", "api_tokn": CANARY}}, "vault: unknown key 'api_tokn'; expected user, api_token"),
        ({"vault": CANARY}, "vault: expected a dictionary with keys user, api_token, got a string that is not one"),
        ({"vault": {"user": "u", "api_token": [CANARY]}}, "vault.api_token: expected a string, got a list"),
        ({"accounts": CANARY}, "accounts: expected a list of dictionaries, got a string"),
        ({"accounts": [{"name": "a"}]}, "accounts[0]: missing required key password"),
        ({"accounts": [{"password": {"x": CANARY}}]}, "accounts[0].password: expected a string, got a dictionary"),
        ({"accounts": [CANARY]}, "accounts[0]: expected a dictionary with keys name, password, got a string"),
        ({"count": CANARY, "vault": {"user": "u", "api_token": CANARY}}, "argument 'count' is of type str"),
    ],
)
def test_check_args_names_the_option_never_the_value(args: dict[str, Any], said: str) -> None:
    validated, errors = check_args(SPEC, args, "test")
    assert validated == {} and errors
    assert said in "; ".join(errors)
    assert CANARY not in "; ".join(errors)


def test_hide_takes_secrets_out_of_any_value_without_mangling_text() -> None:
    value = {"msg": f"failed with {CANARY}", "list": [CANARY, 1], "y": "x", "word": "expected", CANARY: True}
    assert hide(value, {CANARY, "x"}) == {
        "msg": "failed with ********",
        "list": [HIDDEN, 1],
        "y": HIDDEN,
        "word": "expected",
        HIDDEN: True,
    }


def test_the_framework_hides_secrets_for_every_module() -> None:
    """No action plugin validates its own options or builds its own result around them."""
    assert issubclass(entra_staging_mode.ActionModule, base.EntraControllerAction)
    for module in MODULES:
        plugin = importlib.import_module(f"{ACTION}.{module}").ActionModule
        assert "run" not in vars(plugin), module
