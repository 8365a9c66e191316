"""The HTML report as text: one well-formed page that loads nothing, whose policy lets only its own style and
script run, with every value of the result escaped and whole. The browser tests check it as a reader sees it."""

from __future__ import annotations

import base64
import hashlib
import html
import re
from html.parser import HTMLParser

from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._syncconfig.report_html import render_html
from report_results import HOSTILE, IMAGE_PAYLOAD, LONG_EXPRESSION, MULTILINE, difference, drift, identical, result_of

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Structure(HTMLParser):
    """Tags opened and closed in order, ids, and every URL-bearing attribute."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.ids: list[str] = []
        self.tags: list[str] = []
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            if name == "id":
                self.ids.append(value or "")
            if name in ("src", "href", "action", "srcset", "poster", "data", "background") or name.startswith("on"):
                self.urls.append(f"{tag} {name}={value}")
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()


def _structure(page: str) -> _Structure:
    parser = _Structure()
    parser.feed(page)
    parser.close()
    return parser


def _hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def test_the_page_is_well_formed_html5_with_its_charset_first() -> None:
    for result in (drift(), identical(), result_of([])):
        page = render_html(result)
        assert page.startswith('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n')
        found = _structure(page)
        assert found.problems == [] and found.stack == []
        assert len(found.ids) == len(set(found.ids))
        assert found.tags.count("script") == 1 and found.tags.count("style") == 1


def test_nothing_is_loaded_and_the_policy_lets_only_the_pages_own_style_and_script_run() -> None:
    page = render_html(drift())
    found = _structure(page)
    assert found.urls == []
    assert (
        "url(" not in page
        and "@import" not in page
        and "//" not in re.sub(r"<script>.*</script>", "", page, flags=re.S)
    )
    policy = html.unescape(re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', page).group(1))
    style = re.search(r"<style>(.*?)</style>", page, flags=re.S).group(1)
    script = re.search(r"<script>(.*?)</script>", page, flags=re.S).group(1)
    assert policy == (
        f"default-src 'none'; style-src '{_hash(style)}'; script-src '{_hash(script)}'; base-uri 'none'; "
        "form-action 'none'"
    )
    # The policy comes before anything it governs.
    assert page.index("Content-Security-Policy") < page.index("<style>")


def test_every_text_of_the_result_is_escaped() -> None:
    page = render_html(drift())
    assert "<script>alert" not in page and "<img" not in page
    assert html.escape(HOSTILE) in page
    assert html.escape(IMAGE_PAYLOAD) in page


def test_every_value_is_on_the_page_whole() -> None:
    result = drift()
    page = render_html(result)
    for entry in result["differences"]:
        for value in (entry["reference"], entry["difference"]):
            if value:
                assert html.escape(value) in page, value[:60]
    assert f"<pre>{html.escape(LONG_EXPRESSION)}</pre>" in page
    assert f"<pre>{html.escape(MULTILINE)}</pre>" in page


def test_absent_and_empty_values_are_told_apart() -> None:
    page = render_html(drift())
    assert '<td class="value"><span class="absent">(absent)</span></td>' in page
    assert '<td class="value"><span class="empty">(empty)</span></td>' in page


def test_a_leading_line_break_and_control_characters_are_kept_visible() -> None:
    page = render_html(result_of([difference("global_setting", "changed", "S", "value", "\nsecond line", "a\x07b")]))
    # The parser drops one line break right after <pre>: the page carries two.
    assert "<pre>\n\nsecond line</pre>" in page
    assert "<pre>a\u2407b</pre>" in page


def test_the_banner_says_identical_or_drift() -> None:
    assert '<header class="banner identical" id="verdict">\n<p class="verdict">IDENTICAL</p>' in render_html(
        identical()
    )
    assert '<header class="banner drift" id="verdict">\n<p class="verdict">DRIFT</p>' in render_html(drift())


def test_rows_carry_their_category_and_whether_expected() -> None:
    page = render_html(drift())
    rows = re.findall(r'<tr class="difference" data-category="(\w+)" data-expected="(true|false)">', page)
    assert len(rows) == len(drift()["differences"])
    assert set(rows) == {
        ("sync_rule", "false"),
        ("connector", "false"),
        ("global_setting", "false"),
        ("metaverse", "false"),
        ("version_change", "true"),
        ("server_role", "true"),
    }
    # Open by default: with scripts off, and printed, everything is shown.
    assert page.count('<details class="object" open>') == page.count("<details")
    assert '<section id="filters" aria-label="Filters" hidden>' in page
