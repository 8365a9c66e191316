from __future__ import annotations

import pytest
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._common.errors import InvalidVersionError
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._common.versions import (
    format_version,
    parse_version,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2.5.79.0", (2, 5, 79, 0)),
        ("1.6.16.0", (1, 6, 16, 0)),
        (" 2.6.91.0 ", (2, 6, 91, 0)),
        ("2.4.18", (2, 4, 18, 0)),
    ],
)
def test_parse_version_accepts_microsoft_build_numbers(text: str, expected: tuple[int, ...]) -> None:
    assert parse_version(text) == expected


def test_versions_compare_numerically_not_as_text() -> None:
    assert parse_version("2.5.190.0") > parse_version("2.5.79.0")
    assert parse_version("2.10.0.0") > parse_version("2.9.99.0")


@pytest.mark.parametrize("bad", ["latest", "2.5", "2.5.x.0", "", "2.5.79.0.1", None, 2.5])
def test_parse_version_refuses_non_versions_naming_the_value(bad: object) -> None:
    with pytest.raises(InvalidVersionError) as err:
        parse_version(bad, "minimum_version")
    assert str(err.value).startswith(f"minimum_version {bad!r} is not a version")
    assert "2.5.79.0" in str(err.value)


def test_format_version_round_trips() -> None:
    assert format_version(parse_version("2.4.131.0")) == "2.4.131.0"
