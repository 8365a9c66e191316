"""docs/bad-input.md names, for every bad input, a message excerpt and the test that proves it; hold
the page to the tests so it cannot drift."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ROW = re.compile(r"^\| (?P<input>[^|]+) \| `(?P<message>[^`]+)`[^|]* \| `(?P<test>[^`]+)` \|$")


def _rows() -> list[dict[str, str]]:
    lines = (ROOT / "docs" / "bad-input.md").read_text(encoding="utf-8").splitlines()
    rows = [match.groupdict() for line in lines if (match := ROW.match(line))]
    table_lines = [
        line
        for line in lines
        if line.startswith("| ") and not line.startswith("| input") and not line.startswith("| state")
    ]
    assert len(rows) == len(table_lines), "a table row of docs/bad-input.md does not have the checked form"
    return rows


def _test_source(test: str) -> str:
    """The test function's source with its decorators, where parametrised messages live."""
    path, name = test.split("::")
    text = (ROOT / path).read_text(encoding="utf-8")
    for node in ast.parse(text).body:
        if isinstance(node, ast.FunctionDef) and node.name == name:
            first = min([node.lineno] + [decorator.lineno for decorator in node.decorator_list])
            return "\n".join(text.splitlines()[first - 1 : node.end_lineno])
    raise AssertionError(f"{test} does not exist")


@pytest.mark.parametrize("row", _rows(), ids=lambda row: row["input"][:40])
def test_every_row_names_a_test_that_asserts_its_message(row: dict[str, str]) -> None:
    # The excerpt is asserted in the test itself or in the data it is parametrised with; a message split
    # over two string literals is compared without the quotes between them.
    source = re.sub(r'"\s*\n\s*"', "", _test_source(row["test"]))
    assert row["message"] in source, (row["message"], row["test"])


def test_the_page_has_every_section() -> None:
    assert len(_rows()) >= 30
