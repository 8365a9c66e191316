# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The facts the version gate judges by, kept as data with their sources.

Update this file when Microsoft publishes a release; the rules in _support_rules.py do not change.

Sources (the same numbers as docs/sources.md)
  [S3]   Microsoft Learn, "Microsoft Entra Connect: Version release history", ms.date 2026-09-16,
         https://learn.microsoft.com/entra/identity/hybrid/connect/reference-connect-version-history
  [S15]  Microsoft Learn, "Introduction to Microsoft Entra Connect V2" (V1 retired 2022-08-31),
         https://learn.microsoft.com/entra/identity/hybrid/connect/whatis-azure-ad-connect-v2
  [S5]   Microsoft Learn, "Prerequisites for Microsoft Entra Connect", ms.date 2025-09-29,
         https://learn.microsoft.com/entra/identity/hybrid/connect/how-to-connect-install-prerequisites
  [S14]  Microsoft Learn, "Harden update for AD FS and PingFederate" (2.4.18.0 and 2.5.79.0 deadlines),
         https://learn.microsoft.com/entra/identity/hybrid/connect/harden-update-ad-fs-pingfederate
  [NET]  Microsoft Learn, "Determine which .NET Framework versions are installed" (Release DWORD),
         https://learn.microsoft.com/dotnet/framework/install/how-to-determine-which-versions-are-installed
  [OSV]  Windows Server build numbers, Microsoft/hcsshim osversion package
"""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

import datetime
from dataclasses import dataclass

VERSION_TABLE_SOURCE = (
    "Microsoft Entra Connect version release history (ms.date 2026-09-16): "
    "https://learn.microsoft.com/entra/identity/hybrid/connect/reference-connect-version-history"
)
VERSION_TABLE_DATE = datetime.date(2026, 9, 16)


@dataclass(frozen=True)
class Release:
    version: str
    released: datetime.date
    # None means the page gives no date: the current release, or an old build whose date the policy
    # derives (12 months after the next release) in _support_rules.
    end_of_support: datetime.date | None = None
    note: str = ""


def _d(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


# [S3], newest first. Dates are the page's table (its banner's "May 2025" for 2.5.79.0 contradicts the
# table's 2025-09-01; the table is used).
RELEASES: tuple[Release, ...] = (
    Release("2.6.91.0", _d("2026-09-16"), None, "current release"),
    Release("2.6.84.0", _d("2026-07-07"), _d("2027-09-16")),
    Release("2.6.3.0", _d("2026-03-10"), _d("2027-07-07")),
    Release("2.6.1.0", _d("2026-02-02"), _d("2027-03-10")),
    Release("2.5.190.0", _d("2025-11-19"), _d("2027-02-02")),
    Release("2.5.79.0", _d("2025-09-01"), _d("2026-10-23")),
    Release("2.5.76.0", _d("2025-07-31"), _d("2026-09-01")),
    Release("2.5.3.0", _d("2025-05-27"), _d("2026-07-31")),
    Release("2.4.131.0", _d("2025-03-27"), _d("2026-05-26")),
    Release("2.4.129.0", _d("2025-01-15"), _d("2026-03-27")),
    Release("2.4.27.0", _d("2024-11-14"), _d("2026-01-15")),
    Release("2.4.21.0", _d("2024-10-09"), _d("2025-11-15")),
    Release("2.4.18.0", _d("2024-10-07"), _d("2025-10-09")),
    Release("2.3.20.0", _d("2024-07-15"), _d("2025-04-30")),
    Release("2.3.8.0", _d("2024-04-01"), _d("2025-04-30")),
    Release("2.3.6.0", _d("2024-02-21"), _d("2025-04-30")),
    Release("2.3.2.0", _d("2023-12-12"), _d("2025-04-30")),
    Release("2.2.8.0", _d("2023-10-11")),
    Release("2.2.1.0", _d("2023-06-19")),
    Release("2.1.20.0", _d("2022-11-09")),
    Release("2.1.19.0", _d("2022-11-02")),
    Release("2.1.18.0", _d("2022-10-05")),
    Release("2.1.16.0", _d("2022-08-02")),
    Release("2.1.15.0", _d("2022-07-06")),
    Release("2.1.1.0", _d("2022-03-24")),
    Release("2.0.91.0", _d("2022-01-19")),
    Release("2.0.89.0", _d("2021-12-22")),
    Release("2.0.88.0", _d("2021-12-15")),
)

# [S3] "2.6.79.0 was recalled": anyone who installed it must uninstall it and install the latest.
RECALLED = {"2.6.79.0": "Microsoft recalled this build; uninstall it and install the latest release"}

# [S3] V2 builds retire 12 months after a newer version is released; the policy took effect 2023-03-15.
RETIREMENT_MONTHS = 12

# [S15] V1 (1.x) retired on 2022-08-31; [S3] now says 1.x "is unsupported and synchronization doesn't
# function".
V1_RETIRED = _d("2022-08-31")


@dataclass(frozen=True)
class Floor:
    """A minimum version Microsoft enforces from a date on."""

    effective: datetime.date
    version: str
    consequence: str


# [S14] 2.4.18.0 by 2025-04-30 (MSOnline retirement); [S3][S5] 2.5.79.0 by 2026-09-30.
FLOORS: tuple[Floor, ...] = (
    Floor(_d("2025-04-30"), "2.4.18.0", "wizard tasks that need a Microsoft Entra sign-in stop working"),
    Floor(_d("2026-09-30"), "2.5.79.0", "all synchronization services stop"),
)

# Warn this many days before a version's end of support.
END_OF_SUPPORT_WARNING_DAYS = 90


@dataclass(frozen=True)
class WindowsBuild:
    name: str
    supported: bool
    note: str = ""


# [S5][S15] V2 runs on domain-joined Windows Server 2016, 2019 or 2022 (2022 recommended); 2012 and
# 2012 R2 are not supported for V2 (SQL Server 2019 LocalDB needs 2016 or later); Windows Server 2025
# is not supported as of the prerequisites page of 2025-09-29. Build numbers from [OSV].
WINDOWS_BUILDS: dict[int, WindowsBuild] = {
    9200: WindowsBuild("Windows Server 2012", False, "V2 needs Windows Server 2016 or later"),
    9600: WindowsBuild("Windows Server 2012 R2", False, "V2 needs Windows Server 2016 or later"),
    14393: WindowsBuild("Windows Server 2016", True, "in extended support; Microsoft recommends Windows Server 2022"),
    17763: WindowsBuild("Windows Server 2019", True),
    20348: WindowsBuild("Windows Server 2022", True, "recommended"),
    26100: WindowsBuild(
        "Windows Server 2025",
        False,
        "not supported per the prerequisites page (2025-09-29); support is planned for a future release",
    ),
}

# [S5] Server Core is not supported: Entra Connect needs the full GUI.
SERVER_CORE_INSTALLATION_TYPE = "Server Core"

# [S3] 2.4.18.0 raised the runtime minimum to .NET Framework 4.7.2; [NET] its lowest Release value.
DOTNET_MINIMUM_RELEASE = 461808
DOTNET_MINIMUM_NAME = "4.7.2"
# [NET] lowest Release value of each version, newest first, to name what a host has.
DOTNET_RELEASES: tuple[tuple[int, str], ...] = (
    (533320, "4.8.1"),
    (528040, "4.8"),
    (461808, "4.7.2"),
    (461308, "4.7.1"),
    (460798, "4.7"),
    (394802, "4.6.2"),
    (394254, "4.6.1"),
    (393295, "4.6"),
    (379893, "4.5.2"),
    (378675, "4.5.1"),
    (378389, "4.5"),
)

# Uninstall-entry DisplayNames of the product, older and newer branding (seen in third-party scripts;
# Microsoft's KB [S19] only says to look in Programs and Features); the wizard's file version is
# preferred when both exist (MigrateSettings.ps1 [S23]). Source numbers: docs/sources.md.
PRODUCT_DISPLAY_NAMES: tuple[str, ...] = (
    "Microsoft Azure AD Connect",
    "Microsoft Entra Connect Sync",
    "Microsoft Entra Connect",
)

# The other products the installer adds, by the DisplayName of their uninstall entry (docs/sources.md, uninstall
# rows): the sync engine, which carries the ADSync service and its database ("Package=Microsoft Azure AD Connect
# synchronization services ... UpgradeCode=545334d7-..." in Microsoft's troubleshooting article on the wizard's
# trace; the same name in a Microsoft engineer's script, 2024), and the Health agent for sync, which "is installed
# automatically" with Entra Connect (Microsoft Learn, Health agent installation; its Programs and Features name in
# Microsoft's Health agent article and in public post-installation tests). Windows compares DisplayNames without
# regard to case, and so does the collection.
SYNC_ENGINE_DISPLAY_NAMES: tuple[str, ...] = ("Microsoft Azure AD Connect synchronization services",)
HEALTH_AGENT_DISPLAY_NAMES: tuple[str, ...] = ("Microsoft Azure AD Connect Health agent for sync",)
# The LocalDB each release line bundles: SQL Server 2012 Express LocalDB in 1.x (wizard trace), SQL Server 2019
# LocalDB from 2.0 [S15], SQL Server 2022 from 2.6.84.0 [S3]. The 2022 DisplayName is INFERRED from the 2019 one
# ("Microsoft SQL Server 2019 LocalDB", no "Express", as Windows lists it).
LOCALDB_DISPLAY_NAMES: tuple[str, ...] = (
    "Microsoft SQL Server 2012 Express LocalDB",
    "Microsoft SQL Server 2019 LocalDB",
    "Microsoft SQL Server 2022 LocalDB",
)
# [S3] 2.6.84.0: "The uninstall wizard now prompts for admin credentials to clean up cloud configuration; if
# skipped, local cleanup still proceeds."
UNINSTALL_CLOUD_CLEANUP_SINCE = "2.6.84.0"
