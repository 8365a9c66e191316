"""The version gate's decisions at fixed dates, against the table in _support_data."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._common.errors import InvalidVersionError
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._rules.support_rules import (
    add_months,
    floor_at,
    judge,
)

D = datetime.date.fromisoformat


def facts(
    version: str | None = "2.6.91.0", build: int = 20348, release: int | None = 528449, core: bool = False
) -> dict[str, Any]:
    return {
        "os": {"caption": f"Windows build {build}", "build": build, "server_core": core},
        "dotnet": {"release": release, "version": "4.8" if release and release >= 528040 else "4.7"},
        "product": None if version is None else {"version": version, "version_source": "wizard file version"},
    }


def codes(verdict: Any, severity: str | None = None) -> set[str]:
    return {r.code for r in verdict.reasons if severity is None or r.severity == severity}


def test_v1_is_retired_whatever_the_date() -> None:
    verdict = judge(facts("1.6.16.0"), D("2022-01-01"))
    assert verdict.verdict == "unsupported"
    assert not verdict.passed
    assert verdict.end_of_support == "2022-08-31"
    assert "v1_retired" in codes(verdict, "error")
    assert any("swing migration" in action for action in verdict.actions)


def test_current_release_is_supported_without_end_date() -> None:
    verdict = judge(facts("2.6.91.0"), D("2026-11-21"))
    assert (verdict.verdict, verdict.passed, verdict.end_of_support) == ("supported", True, None)
    assert codes(verdict, "error") == set()
    assert verdict.release_date == "2026-09-16"


def test_floor_release_warns_before_its_end_of_support_and_fails_after() -> None:
    before = judge(facts("2.5.79.0"), D("2026-10-01"))
    assert before.passed
    assert before.end_of_support == "2026-10-23"
    assert "end_of_support_soon" in codes(before, "warning")
    after = judge(facts("2.5.79.0"), D("2026-11-21"))
    assert not after.passed
    assert "end_of_support" in codes(after, "error")


def test_enforced_minimum_changes_on_2026_09_30() -> None:
    assert floor_at(D("2025-04-29")) is None
    assert floor_at(D("2025-04-30")).version == "2.4.18.0"
    assert floor_at(D("2026-09-29")).version == "2.4.18.0"
    assert floor_at(D("2026-09-30")).version == "2.5.79.0"


def test_build_below_the_2026_floor_fails_with_the_consequence() -> None:
    verdict = judge(facts("2.5.76.0"), D("2026-09-30"))
    assert not verdict.passed
    below = next(r for r in verdict.reasons if r.code == "below_floor")
    assert "2.5.79.0" in below.message and "synchronization services stop" in below.message
    assert verdict.minimum_version == "2.5.79.0"


def test_same_build_passed_before_the_floor_moved() -> None:
    verdict = judge(facts("2.4.131.0"), D("2026-01-01"))
    assert verdict.passed
    assert verdict.end_of_support == "2026-05-26"
    assert verdict.minimum_version == "2.4.18.0"


def test_recalled_build_is_refused() -> None:
    verdict = judge(facts("2.6.79.0"), D("2026-10-01"))
    assert "recalled" in codes(verdict, "error")
    assert not verdict.passed


def test_version_newer_than_table_is_accepted_with_warning() -> None:
    verdict = judge(facts("2.7.5.0"), D("2027-01-01"))
    assert verdict.passed
    assert verdict.verdict == "supported"
    assert "newer_than_table" in codes(verdict, "warning")
    assert verdict.end_of_support is None


def test_old_release_without_published_date_uses_retirement_policy() -> None:
    verdict = judge(facts("2.2.8.0"), D("2024-12-01"))
    # 12 months after 2.3.2.0 (2023-12-12).
    assert verdict.end_of_support == "2024-12-12"
    assert "retirement policy" in verdict.end_of_support_source
    assert "end_of_support_soon" in codes(verdict, "warning")


def test_unlisted_build_is_judged_by_the_next_release() -> None:
    verdict = judge(facts("2.5.100.0"), D("2026-09-30"))
    # The next listed release is 2.5.190.0 of 2025-11-19.
    assert verdict.end_of_support == "2026-11-19"
    assert "not_in_table" in codes(verdict, "warning")
    assert verdict.release_date is None


def test_own_minimum_adds_to_microsofts() -> None:
    verdict = judge(facts("2.6.84.0"), D("2026-11-21"), minimum_version="2.6.91.0")
    assert "below_minimum" in codes(verdict, "error")
    assert verdict.minimum_version == "2.6.91.0"


def test_bad_minimum_version_names_the_option() -> None:
    with pytest.raises(InvalidVersionError, match="^minimum_version 'newest' is not a version"):
        judge(facts(), D("2026-11-21"), minimum_version="newest")


def test_bad_installed_version_names_where_it_came_from() -> None:
    with pytest.raises(InvalidVersionError, match="installed Entra Connect version \\(wizard file version\\)"):
        judge(facts("2.5.79.0 (release)"), D("2026-11-21"))


@pytest.mark.parametrize(
    ("build", "passed", "code"),
    [
        (14393, True, "os_note"),
        (17763, True, None),
        (20348, True, "os_note"),
        (9600, False, "os_unsupported"),
        (9200, False, "os_unsupported"),
        (26100, False, "os_unsupported"),
        (19045, False, "os_unsupported"),
    ],
)
def test_windows_builds(build: int, passed: bool, code: str | None) -> None:
    verdict = judge(facts(build=build), D("2026-11-21"))
    assert verdict.passed is passed
    if code:
        assert code in codes(verdict)


def test_windows_server_2025_reason_cites_the_prerequisites_page() -> None:
    verdict = judge(facts(build=26100), D("2026-11-21"))
    assert "prerequisites page" in next(r.message for r in verdict.reasons if r.code == "os_unsupported")


def test_server_core_is_refused() -> None:
    verdict = judge(facts(core=True), D("2026-11-21"))
    assert "os_server_core" in codes(verdict, "error")


@pytest.mark.parametrize(("release", "code"), [(None, "dotnet_missing"), (461310, "dotnet_too_old"), (461808, None)])
def test_dotnet_472_is_the_minimum(release: int | None, code: str | None) -> None:
    verdict = judge(facts(release=release), D("2026-11-21"))
    assert (code in codes(verdict, "error")) if code else verdict.passed


def test_empty_host_is_judged_as_an_install_target() -> None:
    ready = judge(facts(version=None, build=20348), D("2026-11-21"))
    assert (ready.verdict, ready.passed, ready.version) == ("not_installed", True, None)
    assert "ready for 2.6.91.0" in ready.as_dict()["summary"]
    unfit = judge(facts(version=None, build=9600), D("2026-11-21"))
    assert (unfit.verdict, unfit.passed) == ("not_installed", False)


def test_actions_are_distinct_remedies() -> None:
    verdict = judge(facts("1.6.16.0", build=9600), D("2026-11-21"))
    assert len(verdict.actions) == len(set(verdict.actions)) == 2


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [("2023-12-12", 12, "2024-12-12"), ("2024-01-31", 1, "2024-02-29"), ("2025-11-30", 3, "2026-02-28")],
)
def test_add_months_clamps_to_month_end(start: str, months: int, expected: str) -> None:
    assert add_months(D(start), months) == D(expected)
