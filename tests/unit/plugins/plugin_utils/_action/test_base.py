"""The action framework: options from the docs, controller-only and host-bound modules, async."""

from __future__ import annotations

import importlib

import pytest
import yaml
from ansible_collections.hybrid_identity.entra_connect.plugins.action import (
    entra_migration_plan,
    entra_staging_mode,
    entra_uninstall,
)
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._action import base
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._action.argspec import spec_from_options
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._rules.export_settings import (
    DEFAULT_FOLDER,
)
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._rules.pairs import RUNBOOKS
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._rules.sync import DEFAULT_FAILING_RESULTS
from hosts import FakeHost, run_module
from lab_twins import ROOT

MODULES = sorted(path.stem for path in (ROOT / "plugins" / "modules").glob("entra_*.py"))
ACTION = "ansible_collections.hybrid_identity.entra_connect.plugins.action"


def documented_options(module: str) -> dict:
    source = importlib.import_module(f"ansible_collections.hybrid_identity.entra_connect.plugins.modules.{module}")
    return yaml.safe_load(source.DOCUMENTATION).get("options") or {}


def test_every_module_has_one_action_plugin_and_the_reverse() -> None:
    actions = sorted(path.stem for path in (ROOT / "plugins" / "action").glob("entra_*.py"))
    assert actions == MODULES


@pytest.mark.parametrize("module", MODULES)
def test_the_accepted_options_are_exactly_the_documented_ones(module: str) -> None:
    plugin = importlib.import_module(f"{ACTION}.{module}").ActionModule
    options = documented_options(module)
    assert set(plugin.ARGUMENT_SPEC) == set(options)
    assert frozenset(options) == plugin._VALID_ARGS
    for name, doc in options.items():
        spec = plugin.ARGUMENT_SPEC[name]
        assert spec["type"] == doc.get("type", "str"), name
        assert spec.get("default") == doc.get("default"), name
        assert spec.get("choices") == doc.get("choices"), name
        assert bool(spec.get("required")) == bool(doc.get("required")), name


def test_suboptions_carry_over_and_a_password_is_never_logged() -> None:
    spec = entra_staging_mode.ActionModule.ARGUMENT_SPEC["admin_credential"]
    assert spec["type"] == "dict"
    # A credential is a secret as a whole: whatever shape it is given in, none of it is shown.
    assert spec["no_log"] is True
    assert spec["options"]["password"] == {"type": "str", "required": True, "no_log": True}
    assert "no_log" not in spec["options"]["username"]


def test_secret_names_are_recognised() -> None:
    names = ("password", "admin_password", "api_token", "passage", "admin_credential", "credentials", "credit")
    spec = spec_from_options({n: {"type": "str"} for n in names})
    assert {name for name, entry in spec.items() if entry.get("no_log")} == {
        "password",
        "admin_password",
        "api_token",
        "admin_credential",
        "credentials",
    }


def test_defaults_in_the_docs_agree_with_the_rules_that_use_them() -> None:
    assert documented_options("entra_sync_cycle")["fail_on_results"]["default"] == list(DEFAULT_FAILING_RESULTS)
    assert documented_options("entra_migration_plan")["runbook"]["choices"] == list(RUNBOOKS)
    assert documented_options("entra_export_settings")["folder"]["default"] == DEFAULT_FOLDER


def test_an_undocumented_option_is_refused_before_anything_runs(run_action) -> None:
    host = FakeHost()
    # A failed result, not an exception: Ansible prints a failed task's options beside an exception.
    result = run_action(entra_uninstall, {"reboot_delay": 5}, host)
    assert result["failed"] is True
    assert result["msg"] == "Invalid options for hybrid_identity.entra_connect.entra_uninstall: reboot_delay"
    assert host.calls == []


def test_a_controller_only_module_never_builds_a_host(monkeypatch) -> None:
    def no_host(action, task_vars):
        raise AssertionError("a controller-only module asked for a host")

    monkeypatch.setattr(base, "host_for", no_host)
    args = {"runbook": "swing_migration", "readings": {}}
    result = run_module(entra_migration_plan, args, FakeHost(), task_vars={"groups": {}, "hostvars": {}})
    assert "host_round_trips" not in result and "lab" not in result
    assert issubclass(entra_migration_plan.ActionModule, base.EntraControllerAction)
    assert not issubclass(entra_migration_plan.ActionModule, base.EntraHostAction)


def test_async_is_refused_with_what_to_do_instead(run_action) -> None:
    result = run_action(entra_uninstall, {"reboot": True}, FakeHost(), async_val=60)
    assert result["failed"] is True and "cannot reboot in an async task" in result["msg"]


def test_no_action_plugin_writes_its_own_argument_spec() -> None:
    for path in (ROOT / "plugins" / "action").glob("entra_*.py"):
        assert "ARGUMENT_SPEC" not in path.read_text(encoding="utf-8"), path.name
        assert "_VALID_ARGS" not in path.read_text(encoding="utf-8"), path.name


def test_the_windows_host_refuses_to_simulate_the_wizard() -> None:
    from unittest.mock import MagicMock

    from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._common.errors import (
        HostCommandError,
    )

    host = base.host_for(MagicMock(_connection=MagicMock(spec=["exec_command"])), {"inventory_hostname": "new"})
    assert host.can_simulate_wizard is False
    with pytest.raises(HostCommandError, match="the Entra Connect wizard cannot be simulated there"):
        host.simulate_wizard("C:\\x.msi", "C:\\s.json", "PasswordHashSync")
