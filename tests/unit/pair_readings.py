"""Readings of servers as the plan sees them, and the smallest inventory of one pair."""

from __future__ import annotations

GROUPS = {"entra_connect_source": ["old"], "entra_connect_target": ["new"]}
PAIRS = {"old": "contoso", "new": "contoso"}


def reading(
    name: str,
    installed: bool = True,
    staging: bool | None = False,
    after: list[str] | None = None,
    tenant: str = "contoso.onmicrosoft.com",
    version: str = "2.6.91.0",
    password_writeback: bool | None = False,
) -> dict:
    return {
        "computer_name": name,
        "tenant": tenant if installed else None,
        "installed": installed,
        "staging_mode": staging if installed else None,
        "product": {"version": version} if installed else None,
        "password_writeback": password_writeback if installed else None,
        "activation": {"after_staging": after, "at": "2026-11-20T10:00:00Z"} if after else None,
        "adsync_error": None,
        # Windows Server 2022 with Desktop Experience and .NET 4.8: a server the install accepts.
        "os": {"caption": "Windows Server 2022", "build": 20348, "server_core": False},
        "dotnet": {"release": 528449, "version": "4.8"},
    }
