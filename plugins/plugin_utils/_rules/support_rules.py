# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Decide whether a server's Entra Connect, Windows and .NET are supported at a given date.

Pure functions over the facts from _facts.snapshot_facts and the data in _support_data; every
decision of entra_version_gate is made and unit-tested here.
"""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

import calendar
import datetime
from dataclasses import asdict, dataclass, field
from typing import Any

from .._common.versions import Version, format_version, parse_version
from . import support_data as data

ERROR = "error"
WARNING = "warning"
INFO = "info"

VERDICT_SUPPORTED = "supported"
VERDICT_UNSUPPORTED = "unsupported"
VERDICT_NOT_INSTALLED = "not_installed"


@dataclass
class Reason:
    code: str
    severity: str
    message: str
    remedy: str = ""


@dataclass
class Verdict:
    verdict: str
    passed: bool
    judged_at: str
    version: str | None
    release_date: str | None
    end_of_support: str | None
    end_of_support_source: str | None
    latest_version: str
    minimum_version: str | None
    reasons: list[Reason] = field(default_factory=list)

    @property
    def actions(self) -> list[str]:
        seen: list[str] = []
        for reason in self.reasons:
            if reason.remedy and reason.remedy not in seen:
                seen.append(reason.remedy)
        return seen

    def as_dict(self) -> dict[str, Any]:
        result = asdict(self)
        result["actions"] = self.actions
        result["summary"] = summarize(self)
        return result


def add_months(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _releases() -> list[tuple[Version, data.Release]]:
    return sorted(((parse_version(r.version), r) for r in data.RELEASES), reverse=True)


LATEST = format_version(_releases()[0][0])


def floor_at(when: datetime.date) -> data.Floor | None:
    """The newest enforced minimum in force on ``when``."""
    in_force = [f for f in data.FLOORS if f.effective <= when]
    return max(in_force, key=lambda f: parse_version(f.version)) if in_force else None


def end_of_support(version: Version) -> tuple[data.Release | None, datetime.date | None, str | None]:
    """The listed release (if any), its end-of-support date, and where that date comes from."""
    releases = _releases()
    known = next((release for listed, release in releases if listed == version), None)
    if known is not None and known.end_of_support is not None:
        return known, known.end_of_support, "version history table"
    newer = [(listed, release) for listed, release in releases if listed > version]
    if not newer:
        return known, None, None
    next_version, next_release = min(newer, key=lambda pair: pair[0])
    eos = add_months(next_release.released, data.RETIREMENT_MONTHS)
    return (
        known,
        eos,
        (
            f"retirement policy: {data.RETIREMENT_MONTHS} months after {format_version(next_version)} "
            f"was released on {next_release.released.isoformat()}"
        ),
    )


def _judge_windows(facts: dict[str, Any], reasons: list[Reason]) -> None:
    os_info = facts["os"]
    build = data.WINDOWS_BUILDS.get(os_info["build"])
    label = f"{os_info['caption']} (build {os_info['build']})"
    if build is None:
        reasons.append(
            Reason(
                "os_unsupported",
                ERROR,
                f"{label} is not a supported Windows Server: "
                "Entra Connect V2 runs on Windows Server 2016, 2019 or 2022",
                "Move Entra Connect to Windows Server 2022 with a swing migration",
            )
        )
    elif not build.supported:
        reasons.append(
            Reason(
                "os_unsupported",
                ERROR,
                f"{build.name} is not supported: {build.note}",
                "Move Entra Connect to Windows Server 2022 with a swing migration",
            )
        )
    elif build.note:
        reasons.append(Reason("os_note", INFO, f"{build.name}: {build.note}"))
    if os_info["server_core"]:
        reasons.append(
            Reason(
                "os_server_core",
                ERROR,
                "Server Core is not supported: Entra Connect needs the full GUI",
                "Use a Windows Server installation with Desktop Experience",
            )
        )


def _judge_dotnet(facts: dict[str, Any], reasons: list[Reason]) -> None:
    release = facts["dotnet"]["release"]
    if release is None:
        reasons.append(
            Reason(
                "dotnet_missing",
                ERROR,
                ".NET Framework 4.x was not found",
                f"Install .NET Framework {data.DOTNET_MINIMUM_NAME} or later (4.8 recommended)",
            )
        )
    elif release < data.DOTNET_MINIMUM_RELEASE:
        reasons.append(
            Reason(
                "dotnet_too_old",
                ERROR,
                f".NET Framework {facts['dotnet']['version']} (release {release}) is older than the required "
                f"{data.DOTNET_MINIMUM_NAME} (release {data.DOTNET_MINIMUM_RELEASE})",
                f"Install .NET Framework {data.DOTNET_MINIMUM_NAME} or later (4.8 recommended)",
            )
        )


def _judge_product(
    version: Version, when: datetime.date, minimum: Version | None, reasons: list[Reason]
) -> tuple[data.Release | None, datetime.date | None, str | None]:
    text = format_version(version)
    upgrade = f"Upgrade to the latest release ({LATEST}) or move to a new server with a swing migration"
    if version[0] < 2:
        reasons.append(
            Reason(
                "v1_retired",
                ERROR,
                f"Azure AD Connect {text} is V1, retired on {data.V1_RETIRED.isoformat()}; "
                "Microsoft states that V1 synchronization no longer functions",
                f"Install Entra Connect {LATEST} on Windows Server 2022 "
                "and move the configuration with a swing migration",
            )
        )
        return None, data.V1_RETIRED, "V1 retirement"
    if text in data.RECALLED:
        reasons.append(Reason("recalled", ERROR, f"{text}: {data.RECALLED[text]}", f"Install {LATEST}"))
    newest = _releases()[0][0]
    if version > newest:
        reasons.append(
            Reason(
                "newer_than_table",
                WARNING,
                f"{text} is newer than the newest release in the collection's version table ({format_version(newest)}, "
                f"table dated {data.VERSION_TABLE_DATE.isoformat()}); "
                "it is accepted, but its end of support is unknown",
                "Update the collection to get the current version table",
            )
        )
        return None, None, None
    release, eos, eos_source = end_of_support(version)
    if release is None and version < newest:
        reasons.append(
            Reason(
                "not_in_table",
                WARNING,
                f"{text} is not listed in Microsoft's version history; judged by the retirement policy",
            )
        )
    if eos is not None:
        if eos < when:
            reasons.append(
                Reason(
                    "end_of_support",
                    ERROR,
                    f"{text} reached end of support on {eos.isoformat()} ({eos_source})",
                    upgrade,
                )
            )
        elif (eos - when).days <= data.END_OF_SUPPORT_WARNING_DAYS:
            reasons.append(
                Reason(
                    "end_of_support_soon",
                    WARNING,
                    f"{text} reaches end of support on {eos.isoformat()}, in {(eos - when).days} days ({eos_source})",
                    upgrade,
                )
            )
    floor = floor_at(when)
    if floor is not None and version < parse_version(floor.version):
        reasons.append(
            Reason(
                "below_floor",
                ERROR,
                f"{text} is below {floor.version}, the minimum Microsoft enforces since "
                f"{floor.effective.isoformat()}: below it {floor.consequence}",
                upgrade,
            )
        )
    if minimum is not None and version < minimum:
        reasons.append(
            Reason(
                "below_minimum",
                ERROR,
                f"{text} is below the required minimum {format_version(minimum)}",
                upgrade,
            )
        )
    return release, eos, eos_source


def judge(facts: dict[str, Any], when: datetime.date, minimum_version: str | None = None) -> Verdict:
    """The support verdict for one server's facts on ``when``.

    ``minimum_version`` adds a minimum of the caller's on top of Microsoft's floor in force on ``when``.
    """
    minimum = parse_version(minimum_version, "minimum_version") if minimum_version else None
    reasons: list[Reason] = []
    _judge_windows(facts, reasons)
    _judge_dotnet(facts, reasons)
    product = facts["product"]
    release = eos = eos_source = None
    version_text = None
    if product is not None:
        version = parse_version(
            product["version"], f"the installed Entra Connect version ({product['version_source']})"
        )
        version_text = format_version(version)
        release, eos, eos_source = _judge_product(version, when, minimum, reasons)
    else:
        reasons.append(
            Reason(
                "not_installed",
                INFO,
                f"Entra Connect is not installed; the host was judged for installing {LATEST}",
            )
        )
    failed = any(r.severity == ERROR for r in reasons)
    verdict = VERDICT_UNSUPPORTED if failed else VERDICT_SUPPORTED
    if product is None:
        verdict = VERDICT_NOT_INSTALLED
    floor = floor_at(when)
    effective_minimum = max(
        (v for v in (minimum, parse_version(floor.version) if floor else None) if v is not None), default=None
    )
    return Verdict(
        verdict=verdict,
        passed=not failed,
        judged_at=when.isoformat(),
        version=version_text,
        release_date=release.released.isoformat() if release else None,
        end_of_support=eos.isoformat() if eos else None,
        end_of_support_source=eos_source,
        latest_version=LATEST,
        minimum_version=format_version(effective_minimum) if effective_minimum else None,
        reasons=reasons,
    )


def summarize(verdict: Verdict) -> str:
    errors = [r.message for r in verdict.reasons if r.severity == ERROR]
    if verdict.verdict == VERDICT_NOT_INSTALLED:
        head = "Entra Connect not installed; host " + (
            "ready for " + verdict.latest_version if verdict.passed else "not ready"
        )
    elif verdict.passed:
        until = f" until {verdict.end_of_support}" if verdict.end_of_support else ""
        head = f"{verdict.version} supported{until}"
    else:
        head = f"{verdict.version} unsupported"
    return head + (": " + "; ".join(errors) if errors else "")
