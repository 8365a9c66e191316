"""The report files: one per format in a folder created when missing, each written whole (0644) or not at all,
the JSON the result itself, and a folder that cannot be written a ConfigError that names it."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._common import files
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._syncconfig import report_files
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._syncconfig.errors import ConfigError
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._syncconfig.report_files import (
    render_json,
    write_reports,
)
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._syncconfig.report_html import render_html
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._syncconfig.report_markdown import (
    render_markdown,
)
from report_results import HOSTILE, LONG_EXPRESSION, drift

ALL = ["md", "json", "html"]


@pytest.fixture
def umask_077():
    # A strict umask must not make the reports unreadable to the people they are for.
    old = os.umask(0o077)
    yield
    os.umask(old)


def test_each_format_is_one_file_in_a_folder_created_when_missing(tmp_path, umask_077) -> None:
    folder = tmp_path / "reports" / "2026-11"
    result = drift()
    written = write_reports(result, str(folder), "old-vs-new-config", ALL)
    assert written == {fmt: str(folder / f"old-vs-new-config.{fmt}") for fmt in ALL}
    assert sorted(os.listdir(folder)) == ["old-vs-new-config.html", "old-vs-new-config.json", "old-vs-new-config.md"]
    for path in written.values():
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o644
    assert (folder / "old-vs-new-config.md").read_bytes().decode("utf-8") == render_markdown(result)
    assert (folder / "old-vs-new-config.html").read_bytes().decode("utf-8") == render_html(result)


def test_only_the_formats_asked_for_are_written_and_each_once(tmp_path) -> None:
    written = write_reports(drift(), str(tmp_path), "r", ["html", "html"])
    assert written == {"html": str(tmp_path / "r.html")}
    assert os.listdir(tmp_path) == ["r.html"]


def test_the_json_is_the_result_whole_and_round_trips(tmp_path) -> None:
    result = drift()
    path = write_reports(result, str(tmp_path), "r", ["json"])["json"]
    raw = Path(path).read_bytes().decode("utf-8")
    assert json.loads(raw) == result
    assert raw == json.dumps(result, indent=2, sort_keys=True, ensure_ascii=False) + "\n" == render_json(result)
    # Not ASCII-escaped, not shortened: the hostile name and the long expression as they are.
    assert json.dumps(HOSTILE, ensure_ascii=False)[1:-1] in raw
    assert json.dumps(LONG_EXPRESSION, ensure_ascii=False)[1:-1] in raw


def test_every_file_goes_through_the_atomic_write(tmp_path, monkeypatch) -> None:
    calls: list[tuple[str, int]] = []

    def spy(path, data, mode=0o600):
        calls.append((os.path.basename(path), mode))
        files.atomic_write(path, data, mode=mode)

    monkeypatch.setattr(report_files, "atomic_write", spy)
    write_reports(drift(), str(tmp_path), "r", ALL)
    assert calls == [("r.md", 0o644), ("r.json", 0o644), ("r.html", 0o644)]


def test_a_failed_write_leaves_the_previous_report_whole_and_no_temporary_file(tmp_path, monkeypatch) -> None:
    write_reports(drift(), str(tmp_path), "r", ALL)
    before = {name: (tmp_path / name).read_bytes() for name in os.listdir(tmp_path)}
    real_replace = os.replace

    def failing_replace(src, dst):
        if str(dst).endswith(".html"):
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(files.os, "replace", failing_replace)
    changed = drift()
    changed["differences"] = []
    with pytest.raises(ConfigError, match=f"The report folder {tmp_path} cannot be written: No space left on device"):
        write_reports(changed, str(tmp_path), "r", ALL)
    assert sorted(os.listdir(tmp_path)) == ["r.html", "r.json", "r.md"]
    assert (tmp_path / "r.html").read_bytes() == before["r.html"]


def test_a_folder_under_a_file_is_a_config_error_naming_the_folder(tmp_path) -> None:
    (tmp_path / "not-a-folder").write_text("x")
    folder = tmp_path / "not-a-folder" / "reports"
    with pytest.raises(ConfigError, match=f"^The report folder {folder} cannot be written: Not a directory"):
        write_reports(drift(), str(folder), "r", ALL)


def test_a_folder_without_permission_is_a_config_error_naming_the_folder(tmp_path, monkeypatch) -> None:
    # Tests may run as root, to whom a mode 0500 folder is writable: the refusal is the kernel's, simulated here.
    def refused(path, data, mode=0o600):
        raise PermissionError(13, "Permission denied", path)

    monkeypatch.setattr(report_files, "atomic_write", refused)
    with pytest.raises(ConfigError, match=f"^The report folder {tmp_path} cannot be written: Permission denied"):
        write_reports(drift(), str(tmp_path), "r", ALL)


def test_an_unknown_format_or_a_name_with_a_folder_is_refused_before_anything_is_written(tmp_path) -> None:
    with pytest.raises(ConfigError, match="Unknown report format\\(s\\) 'pdf'"):
        write_reports(drift(), str(tmp_path / "a"), "r", ["md", "pdf"])
    with pytest.raises(ConfigError, match="The report name '../r' is not a file name"):
        write_reports(drift(), str(tmp_path / "a"), "../r", ["md"])
    assert os.listdir(tmp_path) == []
