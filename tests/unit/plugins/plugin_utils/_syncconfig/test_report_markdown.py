"""The Markdown report: the verdict first, the counts, the drift grouped by category and object, the version change
as one section, and every value shown whole or said to be shortened - checked on the Markdown as a GitHub-like
parser reads it, not only on its text."""

from __future__ import annotations

import html
import re

from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._syncconfig.report_markdown import (
    render_markdown,
)
from markdown_it import MarkdownIt
from report_results import (
    AD,
    HOSTILE,
    HOSTILE_RULE,
    IMAGE_PAYLOAD,
    LONG_EXPRESSION,
    LONG_EXPRESSION_TAIL,
    MULTILINE,
    USER_JOIN,
    VERSION_RULES,
    difference,
    drift,
    identical,
    result_of,
)

CATEGORY_ORDER = ["sync_rule", "connector", "global_setting", "metaverse", "version_change", "server_role"]


def _parser() -> MarkdownIt:
    # CommonMark with GitHub's tables and raw HTML on: the riskiest way a viewer could render the report.
    return MarkdownIt("commonmark", {"html": True}).enable("table")


def _tables(text: str) -> list[list[list[str]]]:
    """Every table as rows of cell sources, header first, as the parser split them."""
    tables: list[list[list[str]]] = []
    row: list[str] | None = None
    for token in _parser().parse(text):
        if token.type == "table_open":
            tables.append([])
        elif token.type == "tr_open":
            row = []
        elif token.type == "inline" and row is not None:
            row.append(token.content)
        elif token.type == "tr_close" and row is not None:
            tables[-1].append(row)
            row = None
    return tables


def _section(text: str, heading: str) -> str:
    """The text of a '## ' section, up to the next one."""
    start = text.index(f"\n## {heading}")
    end = text.find("\n## ", start + 1)
    return text[start : end if end > 0 else len(text)]


def _rendered_text(text: str) -> str:
    """What a reader sees: the rendered HTML without tags, entities decoded, line endings as a parser keeps them."""
    return html.unescape(re.sub(r"<[^>]+>", "", _parser().render(text)))


def test_the_headline_says_drift_with_the_count_and_names_both_sides() -> None:
    lines = render_markdown(drift()).splitlines()
    assert lines[0] == "# DRIFT: 12 unexpected difference(s) between old-sync01 and new-sync01, and 43 expected"
    reference = next(line for line in lines if line.startswith("- **Reference:**"))
    other = next(line for line in lines if line.startswith("- **Difference:**"))
    for line, label, server, version in (
        (reference, "old-sync01", "OLD-SYNC01", "1.6.16.0"),
        (other, "new-sync01", "NEW-SYNC01", "2.4.18.0"),
    ):
        assert f"{label} (server {server}, version {version}, server configuration export)" in line
    assert lines.index(reference) < 5 and lines.index(other) < 5


def test_an_identical_comparison_says_so_and_lists_only_expected_differences() -> None:
    text = render_markdown(identical())
    assert text.startswith(
        "# IDENTICAL: new-sync01 has the configuration of old-sync01 but for 3 expected difference(s)\n"
    )
    assert "None: nothing but the expected differences below." in _section(text, "Unexpected differences")
    assert "DRIFT" not in text
    assert "`Microsoft.Synchronize.StagingMode`" in _section(text, "Expected differences")


def test_a_server_known_only_by_its_file_is_said_unknown() -> None:
    result = identical()
    result["reference"].update(server=None, version=None, exported_at=None, kind="sync_settings")
    text = render_markdown(result)
    assert "old-sync01 (server unknown, version unknown, sync settings export)" in text


def test_the_summary_counts_every_category_in_report_order() -> None:
    result = drift()
    summary = _tables(_section(render_markdown(result), "Summary"))[0]
    assert summary[0] == ["Category", "Differences", "Counted as"]
    assert [re.search(r"`(\w+)`", row[0]).group(1) for row in summary[1:]] == CATEGORY_ORDER
    assert {re.search(r"`(\w+)`", row[0]).group(1): int(row[1]) for row in summary[1:]} == result["summary"]
    assert [row[2] for row in summary[1:]] == ["drift"] * 4 + ["expected"] * 2
    assert "**12 unexpected**, 43 expected, 55 in all." in render_markdown(result)


def test_drift_is_grouped_by_category_then_object_with_a_table_per_object() -> None:
    section = _section(render_markdown(drift()), "Unexpected differences")
    headings = re.findall(r"^(#{3,4}) (.*)$", section, flags=re.MULTILINE)
    assert headings == [
        ("###", "Sync rules (`sync_rule`): 6"),
        ("####", f"`{USER_JOIN}`"),
        ("####", f"`{HOSTILE_RULE}`"),
        ("####", f"`{AD} / Outbound / Out to AD - Old -> Out to AD - New`"),
        ("###", "Connectors (`connector`): 4"),
        ("####", f"`{AD}`"),
        ("###", "Global settings (`global_setting`): 1"),
        ("####", "`Microsoft.OptionalFeature.DeviceWriteBack`"),
        ("###", "Metaverse (`metaverse`): 1"),
        ("####", "`metaverse`"),
    ]
    tables = _tables(section)
    assert len(tables) == 6
    assert all(table[0] == ["Field", "Reference", "Difference", "Change"] for table in tables)
    user_join = tables[0]
    assert [row[0] for row in user_join[1:]] == [
        "`precedence`",
        "`join`",
        "`transformation[displayName]`",
        "`scoping`",
    ]
    assert user_join[1][1:] == ["`100`", "`101`", "changed"]
    # None is absent on that side; an empty text is shown as empty, not as nothing.
    assert user_join[2][2] == "*(absent)*"
    assert user_join[4][2] == "*(empty)*"
    assert tables[1][1] == ["*(the whole object)*", "*(absent)*", "`custom, precedence 50, disabled false`", "added"]
    # No expected difference among the drift.
    assert "immutable_tag" not in section and "StagingMode" not in section


def test_the_version_change_is_one_compact_section_not_drift() -> None:
    text = render_markdown(drift())
    expected = _section(text, "Expected differences (43)")
    version = expected[expected.index("### Expected from the version change") : expected.index("### Server role")]
    assert version.startswith(f"### Expected from the version change (`version_change`): {VERSION_RULES + 1}\n")
    items = [line for line in version.splitlines() if line.startswith("- ")]
    assert len(items) == VERSION_RULES + 1
    assert items[0] == (
        f"- `{AD} / Inbound / In from AD - Standard 01` · `immutable_tag`: `Microsoft.InFromADStandard01.004` → "
        "`Microsoft.InFromADStandard01.008` (changed) — standard rule of another product version; 1 other field(s) "
        "differ with it: transformation\\[cn\\]"
    )
    assert "####" not in version and "|" not in version
    assert "Standard 01" not in _section(text, "Unexpected differences")


def test_the_server_role_is_listed_as_expected() -> None:
    expected = _section(render_markdown(drift()), "Expected differences (43)")
    role = expected[expected.index("### Server role") :]
    table = _tables(role)[0]
    assert table[0] == ["Object", "Field", "Reference", "Difference", "Change"]
    assert [row[0] for row in table[1:]] == [
        "`Microsoft.Synchronize.StagingMode`",
        "`Microsoft.Synchronize.SchedulerSuspended`",
    ]
    assert table[1][4] == "changed: differs between an active and a staging server"


def test_findings_and_connector_pairs_follow() -> None:
    text = render_markdown(drift())
    findings = _tables(_section(text, "Findings"))[0]
    assert [row[0] for row in findings[1:]] == ["`custom_rule_precedence`", "`device_writeback`"]
    pairs = _tables(_section(text, "Connector pairs"))[0]
    assert pairs == [
        ["Reference", "Difference"],
        [f"`{AD}`", f"`{AD}`"],
        ["`contoso.onmicrosoft.com - AAD`", "`contoso.onmicrosoft.com - AAD`"],
    ]
    assert text.index("## Unexpected") < text.index("## Findings") < text.index("## Expected")
    assert text.index("## Expected") < text.index("## Connector pairs")


def test_no_cell_breaks_its_table() -> None:
    for table in _tables(render_markdown(drift())):
        assert {len(row) for row in table} == {len(table[0])}


def test_names_and_values_show_literally_and_never_as_html() -> None:
    text = render_markdown(drift())
    rendered = _parser().render(text)
    # Raw HTML is on, yet the names arrive as text: no tag of theirs reaches the page.
    assert "<script" not in rendered and "<img" not in rendered
    seen = _rendered_text(text)
    assert HOSTILE in seen and IMAGE_PAYLOAD in seen
    # In a table the '|' of a value is escaped and still shows as '|'.
    assert "<code>OU=Sales|EU</code>" in rendered


def test_a_backslash_before_a_bar_and_backticks_survive_a_table_cell() -> None:
    tricky = [
        difference("connector", "changed", AD, "partition[OU=A\\|B].inclusions", "x\\|y", "`z`"),
        difference("connector", "changed", AD, "parameter[``run``]", "a ` b", " padded "),
    ]
    text = render_markdown(result_of(tricky))
    tables = _tables(_section(text, "Unexpected differences"))
    assert {len(row) for row in tables[0]} == {4}
    seen = _rendered_text(text)
    for shown in ("partition[OU=A\\|B].inclusions", "x\\|y", "`z`", "parameter[``run``]", "a ` b", " padded "):
        assert shown in seen


def test_nothing_is_cut_without_saying_so() -> None:
    text = render_markdown(drift())
    seen = _rendered_text(text)
    result = drift()
    for entry in result["differences"]:
        for value in (entry["reference"], entry["difference"]):
            if value:
                assert value.replace("\r\n", "\n") in seen, value[:60]
    # The long and the multi-line value are shortened in their cells, which say so and where the whole one is.
    shortened = re.findall(
        r"\*\(shortened here: ([\d,]+) characters, (\d+) line\(s\); whole as value (\d+) below\)\*", text
    )
    assert shortened == [("2,000", "1", "1"), ("70", "3", "2")]
    assert len(LONG_EXPRESSION) == 2000
    blocks = re.findall(
        r"^\*\*Value (\d+)\*\*: [^\n]*\n\n(`{3,})text\n(.*?)\n\2$", text, flags=re.MULTILINE | re.DOTALL
    )
    assert [(number, body.replace("\r\n", "\n")) for number, _fence, body in blocks] == [
        ("1", LONG_EXPRESSION),
        ("2", MULTILINE.replace("\r\n", "\n")),
    ]
    assert LONG_EXPRESSION_TAIL in text
