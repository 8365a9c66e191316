"""The docsite's guides: docs/docsite/rst/guide_<name>.rst, written from the Markdown guides docs/<name>.md.

The Markdown guides are the source (GitHub shows them); the docsite antsibull-docs builds takes RST from
docs/docsite/rst/ only. Run this after editing a guide:

    .venv/bin/python tests/docsite_rst.py

It writes one RST file per guide and removes the RST of a guide that is gone. docs/docsite/extra-docs.yml
lists the guides by hand, in sections; tests/unit/test_docsite.py fails when an RST file is stale or a guide
is not listed, and `make lint` runs `antsibull-docs lint-collection-docs` over the result.

Links: to another guide, a :ref: to its label; to another file of the repository, its address on GitHub
(galaxy.yml's repository); to a heading of the same guide, a link to that section.
"""

from __future__ import annotations

import json
import posixpath
import re
import sys
from pathlib import Path

import yaml
from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
RST_DIR = DOCS / "docsite" / "rst"
LABEL_PREFIX = "ansible_collections.hybrid_identity.entra_connect.docsite."
HEADING_CHARS = {1: "=", 2: "-", 3: "^", 4: '"', 5: "~", 6: "+"}
LEXERS = {"": "text", "sh": "shell", "bash": "shell", "shell": "shell", "console": "console"}
# RST inline markup: what may come before a start-string and after an end-string without an escape.
BEFORE_MARKUP = set(" \t\n-:/'\"<([{")
AFTER_MARKUP = set(" \t\n-.,:;!?\\/'\")]}>")
SPECIAL = re.compile(r"([\\*`_|])")
LIST_START = re.compile(r"^(?:[-+*]\s|#\.|\d+[.)]|\(?[0-9a-zA-Z]\)|\.\.|:)")


def guides() -> list[Path]:
    """The Markdown guides, sorted by name."""
    return sorted(DOCS.glob("*.md"))


def rst_name(guide: Path) -> str:
    """docs/config-compare.md -> guide_config_compare."""
    return "guide_" + guide.stem.replace("-", "_")


def label(guide_stem: str) -> str:
    """The RST label of a guide, with the prefix antsibull-docs requires."""
    return LABEL_PREFIX + rst_name(Path(guide_stem + ".md"))


def repository_url() -> str:
    """galaxy.yml's repository, without a trailing slash."""
    galaxy = yaml.safe_load((ROOT / "galaxy.yml").read_text(encoding="utf-8"))
    return str(galaxy["repository"]).rstrip("/")


def github_slug(title: str) -> str:
    """The anchor GitHub gives a Markdown heading."""
    slug = re.sub(r"[^\w\- ]", "", title.strip().lower())
    return slug.replace(" ", "-")


def escape(text: str) -> str:
    """Plain text that RST shows as written."""
    return SPECIAL.sub(r"\\\1", text)


def is_json(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def plain(node: SyntaxTreeNode) -> str:
    """The text of an inline node and its children, without markup."""
    if node.type in ("text", "code_inline"):
        return node.content
    if node.type in ("softbreak", "hardbreak"):
        return " "
    return "".join(plain(child) for child in node.children)


class Converter:
    """One Markdown guide to RST."""

    def __init__(self, guide: Path, repo: str) -> None:
        self.guide = guide
        self.repo = repo
        self.known = {path.stem for path in guides()}
        self.headings: dict[str, str] = {}
        self.md = MarkdownIt("commonmark").enable("table")

    # Inline content -------------------------------------------------------------------------------------------

    def inline(self, node: SyntaxTreeNode) -> str:
        """Render the children of an inline node: (text, is_markup) pieces joined with RST's boundary rules."""
        pieces: list[tuple[str, bool]] = []
        for child in node.children:
            pieces.extend(self.piece(child))
        out = ""
        for index, (text, markup) in enumerate(pieces):
            if not text:
                continue
            if markup and out and out[-1] not in BEFORE_MARKUP:
                out += "\\ "
            out += text
            if markup:
                following = next((piece[0] for piece in pieces[index + 1 :] if piece[0]), "")
                if following and following[0] not in AFTER_MARKUP:
                    out += "\\ "
        return out

    def piece(self, node: SyntaxTreeNode) -> list[tuple[str, bool]]:
        """One inline node as (text, is_markup) pieces."""
        kind = node.type
        if kind == "text":
            return [(escape(node.content), False)]
        if kind in ("softbreak", "hardbreak"):
            return [(" ", False)]
        if kind == "code_inline":
            return [(self.literal(node.content), True)]
        if kind == "strong":
            return [("**" + escape(plain(node)) + "**", True)]
        if kind == "em":
            return [("*" + escape(plain(node)) + "*", True)]
        if kind == "link":
            return [(self.link(str(node.attrs.get("href", "")), plain(node)), True)]
        if kind == "html_inline":
            return [(escape(node.content), False)]
        if kind == "image":
            return [(escape(plain(node)), False)]
        raise ValueError(f"{self.guide.name}: inline element {kind} is not supported")

    @staticmethod
    def literal(content: str) -> str:
        """Inline code. RST's cannot start or end with a space, so such a one loses it."""
        content = content.strip()
        if not content:
            return ""
        if "``" in content or content.endswith("`") or content.startswith("`"):
            return ":literal:`" + content.replace("\\", "\\\\").replace("`", "\\`") + "`"
        return "``" + content + "``"

    def link(self, href: str, text: str) -> str:
        title = text.replace("\\", "\\\\").replace("`", "\\`").replace("<", "\\<")
        if re.match(r"^[a-z][a-z0-9+.-]*:", href):
            return f"`{title} <{href}>`__"
        path, anchor = href.partition("#")[::2]
        if not path:
            heading = self.headings.get(anchor)
            if heading is None:
                raise ValueError(f"{self.guide.name}: link to #{anchor}, which is no heading of the guide")
            name = heading.replace("\\", "\\\\").replace("`", "\\`").replace("<", "\\<")
            return f"`{title}`_" if heading == text else f"`{title} <{name}_>`_"
        target = posixpath.normpath(posixpath.join("docs", path))
        if target.startswith("docs/") and target.endswith(".md") and "/" not in target[5:]:
            stem = target[5:-3]
            if stem not in self.known:
                raise ValueError(f"{self.guide.name}: link to {href}, which is no guide")
            return f":ref:`{title} <{label(stem)}>`"
        if target.startswith(".."):
            raise ValueError(f"{self.guide.name}: link to {href}, outside the repository")
        kind = "tree" if (ROOT / target).is_dir() else "blob"
        url = f"{self.repo}/{kind}/main/{target}" + (f"#{anchor}" if anchor else "")
        return f"`{title} <{url}>`__"

    # Blocks -----------------------------------------------------------------------------------------------------

    def blocks(self, nodes: list[SyntaxTreeNode]) -> list[str]:
        """Render block nodes as RST chunks (separated by blank lines when joined)."""
        chunks: list[str] = []
        for node in nodes:
            chunks.extend(self.block(node))
        return chunks

    def block(self, node: SyntaxTreeNode) -> list[str]:
        kind = node.type
        if kind == "heading":
            level = int(node.tag[1])
            text = self.inline(node.children[0])
            line = HEADING_CHARS[level] * max(len(text), 3)
            return [f"{text}\n{line}"]
        if kind == "paragraph":
            text = self.inline(node.children[0])
            if LIST_START.match(text):
                text = "\\" + text
            return [text]
        if kind in ("fence", "code_block"):
            language = node.info.strip().split(" ")[0] if kind == "fence" else ""
            lexer = LEXERS.get(language, language)
            if lexer == "json" and not is_json(node.content):
                lexer = "text"  # an outline with ... in it, which a JSON check would refuse
            body = "\n".join(("   " + line) if line.strip() else "" for line in node.content.rstrip("\n").split("\n"))
            return [f".. code-block:: {lexer}\n\n{body}"]
        if kind in ("bullet_list", "ordered_list"):
            return [self.list_block(node)]
        if kind == "table":
            return [self.table(node)]
        if kind == "blockquote":
            inner = "\n\n".join(self.blocks(node.children))
            return ["\n".join(("   " + line) if line else "" for line in inner.split("\n"))]
        if kind == "hr":
            return ["----"]
        if kind == "html_block":
            return [".. raw:: html\n\n" + "\n".join("   " + line for line in node.content.rstrip("\n").split("\n"))]
        raise ValueError(f"{self.guide.name}: block element {kind} is not supported")

    def list_block(self, node: SyntaxTreeNode) -> str:
        ordered = node.type == "ordered_list"
        start = int(node.attrs.get("start", 1)) if ordered else 1
        items = []
        for number, item in enumerate(node.children, start=start):
            marker = f"{number}. " if ordered else "- "
            pad = " " * len(marker)
            inner = "\n\n".join(self.blocks(item.children))
            lines = inner.split("\n")
            rendered = [marker + lines[0]] + [(pad + line) if line else "" for line in lines[1:]]
            items.append("\n".join(rendered))
        loose = any(not child.hidden for item in node.children for child in item.children if child.type == "paragraph")
        return ("\n\n" if loose else "\n").join(items)

    def table(self, node: SyntaxTreeNode) -> str:
        rows: list[list[str]] = []
        for section in node.children:
            for row in section.children:
                rows.append([self.inline(cell.children[0]) if cell.children else "" for cell in row.children])
        out = [".. list-table::", "   :header-rows: 1", ""]
        for row in rows:
            for index, cell in enumerate(row):
                marker = "   * - " if index == 0 else "     - "
                out.append((marker + cell).rstrip())
        return "\n".join(out)

    # The whole guide --------------------------------------------------------------------------------------------

    def convert(self) -> str:
        source = self.guide.read_text(encoding="utf-8")
        tree = SyntaxTreeNode(self.md.parse(source))
        for node in tree.children:
            if node.type == "heading":
                title = plain(node.children[0])
                self.headings[github_slug(title)] = title
        titles = [node for node in tree.children if node.type == "heading" and node.tag == "h1"]
        if len(titles) != 1 or tree.children[0] is not titles[0]:
            raise ValueError(f"{self.guide.name}: a guide starts with its one level-1 heading")
        head = (
            f".. Written from docs/{self.guide.name} by tests/docsite_rst.py: edit the Markdown guide, then run\n"
            ".. .venv/bin/python tests/docsite_rst.py\n\n"
            f".. _{label(self.guide.stem)}:"
        )
        return "\n\n".join([head, *self.blocks(tree.children)]) + "\n"


def render_all() -> dict[Path, str]:
    """Every guide's RST, by the path it is written to."""
    repo = repository_url()
    return {RST_DIR / (rst_name(guide) + ".rst"): Converter(guide, repo).convert() for guide in guides()}


def stale() -> list[str]:
    """What writing the RST would change: files to write or to remove (relative to the repository)."""
    wanted = render_all()
    changes = [
        str(path.relative_to(ROOT))
        for path, text in wanted.items()
        if not path.is_file() or path.read_text(encoding="utf-8") != text
    ]
    changes += [str(path.relative_to(ROOT)) for path in sorted(RST_DIR.glob("guide_*.rst")) if path not in wanted]
    return changes


def main() -> int:
    wanted = render_all()
    RST_DIR.mkdir(parents=True, exist_ok=True)
    for path, text in wanted.items():
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)}")
    for path in sorted(RST_DIR.glob("guide_*.rst")):
        if path not in wanted:
            path.unlink()
            print(f"removed {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
