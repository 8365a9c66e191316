"""Zip entry names read in both separator forms, and the names that would unpack outside their folder."""

from __future__ import annotations

import pytest
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._common.zip_names import (
    entry_name,
    unsafe_entry,
)


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("GlobalSettings/MV.xml", "GlobalSettings/MV.xml"),
        # Compress-Archive of Windows PowerShell 5.1 (PowerShell/Microsoft.PowerShell.Archive issue 48).
        ("GlobalSettings\\MV.xml", "GlobalSettings/MV.xml"),
        ("Connectors\\sub/Connector_{x}.xml", "Connectors/sub/Connector_{x}.xml"),
        ("MigratedPolicy.json", "MigratedPolicy.json"),
    ],
)
def test_either_separator_reads_as_the_zip_format_names_it(written: str, read: str) -> None:
    assert entry_name(written) == read


@pytest.mark.parametrize(
    "name",
    [
        "../evil.xml",
        "..\\evil.xml",
        "Connectors/../../evil.xml",
        "Connectors\\..\\..\\evil.xml",
        "..",
        "/etc/passwd",
        "\\Windows\\evil.dll",
        "\\\\server\\share\\evil.xml",
        "C:\\Windows\\evil.dll",
        "C:/Windows/evil.dll",
        "c:evil.xml",
    ],
)
def test_a_name_that_leaves_the_folder_is_unsafe_in_either_form(name: str) -> None:
    assert unsafe_entry(name) is True


@pytest.mark.parametrize(
    "name",
    ["GlobalSettings/MV.xml", "GlobalSettings\\MV.xml", "Connectors/", "a..b/file..xml", "PersistedState.xml"],
)
def test_a_name_inside_the_folder_is_safe(name: str) -> None:
    assert unsafe_entry(name) is False
