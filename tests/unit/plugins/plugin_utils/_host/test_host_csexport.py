"""csexport through the Host seam: a write that creates a file, confirmed by file_stat of that file when its
answer is lost, then fetched to the controller and removed, as a module does it."""

from __future__ import annotations

import hashlib
import xml.etree.ElementTree as ET
from unittest.mock import MagicMock

import pytest
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._action.base import host_for
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._common.errors import HostCommandError
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._host.base import UnconfirmedWriteError
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._host.confirmations import Effect
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._host.primitives import (
    CSEXPORT_PENDING_EXPORTS,
    PRIMITIVES,
    csexport_parameters,
)
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._host.windows import WindowsHost
from hosts import TwinHost
from lab_twins import seed_tenants

PATH = "C:\\ProgramData\\AADConnect\\csexport-contoso.com.xml"
SENT = csexport_parameters("contoso.com", PATH)


@pytest.fixture
def host(seed) -> TwinHost:
    return TwinHost(seed("new-sync01-pending-deletes"), "new-sync01", tenants=seed_tenants())


def test_csexport_is_a_write_confirmed_by_file_stat_of_its_file() -> None:
    spec = PRIMITIVES["csexport"]
    assert spec.parameters == ("ConnectorName", "Path", "Filter") and not spec.read_only
    assert spec.confirm is not None and spec.confirm.read == "file_stat"
    assert spec.confirm.parameters(SENT) == {"Path": PATH, "Authenticode": False}
    assert SENT == {"ConnectorName": "contoso.com", "Path": PATH, "Filter": CSEXPORT_PENDING_EXPORTS}
    assert CSEXPORT_PENDING_EXPORTS == "x"


def test_write_then_fetch_then_remove(host, tmp_path) -> None:
    written = host.write("csexport", SENT)
    assert written.answer is not None and written.answer["bytes"] > 0
    local = tmp_path / "pending.xml"
    host.fetch(PATH, str(local))
    assert hashlib.sha256(local.read_bytes()).hexdigest().upper() == written.answer["sha256"]
    assert len(ET.parse(local).getroot()) == 450
    assert host.write("file_remove", {"Path": PATH}).answer == {"path": PATH, "removed": True}
    assert host.primitives == ["csexport", "fetch", "file_remove"] and PATH not in host.twin.state["files"]


def test_an_answer_lost_after_csexport_ran_is_confirmed_by_the_file_and_not_repeated(host, tmp_path) -> None:
    host.twin.state["faults"] = {"lose_answers": {"csexport": 1}}
    written = host.write("csexport", SENT)
    assert host.primitives == ["csexport", "file_stat"] and host.resets == 1
    assert written.answer_lost and written.confirmation is not None
    stat = written.confirmation["file"]
    assert written.note == (
        "The connection to new-sync01 dropped during csexport; a fresh file_stat read shows it took effect "
        f"({PATH} exists ({stat['size']} bytes, written {stat['last_write_utc']})). It was not sent again."
    )
    local = tmp_path / "pending.xml"
    host.fetch(PATH, str(local))
    assert hashlib.sha256(local.read_bytes()).hexdigest().upper() == stat["sha256"]


def test_a_csexport_lost_before_it_ran_is_not_repeated_and_fails_saying_so(host) -> None:
    host.drop_before("csexport")
    with pytest.raises(UnconfirmedWriteError) as err:
        host.write("csexport", SENT)
    assert host.primitives == ["csexport", "file_stat"]
    assert f"a fresh file_stat read shows it did not take effect ({PATH} does not exist)" in str(err.value)
    assert PATH not in host.twin.state["files"]


def test_a_caller_that_may_find_a_leftover_adds_its_own_check(host) -> None:
    # A file an earlier run left at the same path reads like a new one; only the caller knows when it started.
    host.twin.files.write(PATH, b"<cs-objects></cs-objects>")
    started = host.twin.state["clock"]
    host.drop_before("csexport")

    def newer(read: dict) -> Effect:
        written = read["file"]["last_write_utc"]
        return Effect(written > started, f"{PATH} written {written}, the run started {started}")

    with pytest.raises(UnconfirmedWriteError, match="shows it did not take effect"):
        host.write("csexport", SENT, expect=newer)


def test_call_of_csexport_whose_answer_was_lost_stops_for_a_caller_that_needs_it(host) -> None:
    host.twin.state["faults"] = {"lose_answers": {"csexport": 1}}
    with pytest.raises(HostCommandError, match="This task needs the answer of csexport itself"):
        host.call("csexport", SENT)
    assert host.primitives.count("csexport") == 1


# -- on Windows: the script, with the three parameters and nothing else ---------------------------------


def _windows(module_result: dict) -> tuple[WindowsHost, MagicMock]:
    action = MagicMock()
    action._connection = MagicMock(spec=["exec_command", "reset", "fetch_file"])
    action._execute_module.return_value = module_result
    host = host_for(action, {"inventory_hostname": "new-sync01"})
    assert isinstance(host, WindowsHost)
    return host, action._execute_module


def test_windows_runs_the_csexport_script_with_its_parameters(host) -> None:
    answer = host.twin.call("csexport", SENT)
    windows, execute = _windows({"changed": True, "result": answer})
    assert windows.write("csexport", SENT).answer == answer
    args = execute.call_args.kwargs["module_args"]
    with open(PRIMITIVES["csexport"].script_path, encoding="utf-8") as handle:
        assert args["script"] == handle.read()
    assert args["parameters"] == SENT and "sensitive_parameters" not in args


def test_windows_reports_csexports_exit_code_with_the_connector() -> None:
    message = "csexport exited with code 2 for connector 'contoso.com': Error: management agent not found"
    windows = _windows({"failed": True, "error": [{"exception": {"message": message}}]})[0]
    with pytest.raises(HostCommandError, match=f"^The csexport script failed on new-sync01: {message}$"):
        windows.write("csexport", SENT)
