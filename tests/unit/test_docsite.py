"""The README reads like a Galaxy collection's, and every docs/ guide is part of the docsite, written from its
Markdown as it is now (docs/releasing.md)."""

from __future__ import annotations

import re
from pathlib import Path

import docsite_rst
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
GALAXY = yaml.safe_load((ROOT / "galaxy.yml").read_text(encoding="utf-8"))
FQCN = f"{GALAXY['namespace']}.{GALAXY['name']}"
# The sections a Galaxy collection's README carries (ansible.windows, microsoft.ad), as this README names them.
GALAXY_SECTIONS = [
    "Description",
    "Requirements",
    "Ansible version compatibility",
    "Installation",
    "Usage",
    "The lab",
    "AWX and Automation Controller",
    "Execution environment",
    "Support",
    "Release notes",
    "Licence",
]


def headings(markdown: str) -> list[str]:
    """The headings of a Markdown text, outside code blocks."""
    text = re.sub(r"^```.*?^```", "", markdown, flags=re.S | re.M)
    return [match.group(1).strip() for match in re.finditer(r"^#{1,6} (.+)$", text, flags=re.M)]


def code_blocks(markdown: str, language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```", markdown, flags=re.S | re.M)


def section(markdown: str, title: str) -> str:
    """The text of a ## or ### section, up to the next heading of the same or a higher level."""
    match = re.search(rf"^(#+) {re.escape(title)}\n", markdown, flags=re.M)
    assert match, f"no section {title!r}"
    level = len(match.group(1))
    rest = markdown[match.end() :]
    end = re.search(
        rf"^#{{1,{level}}} ",
        re.sub(r"^```.*?^```", lambda m: " " * len(m.group(0)), rest, flags=re.S | re.M),
        flags=re.M,
    )
    return rest[: end.start()] if end else rest


def test_the_contributor_commands_come_first():
    first_block = README.split("```sh\n", 1)[1].split("```", 1)[0]
    assert first_block.startswith("make demo")
    assert "\nmake test" in first_block
    assert README.index("```sh\nmake demo") < README.index("\n## ")


@pytest.mark.parametrize("title", GALAXY_SECTIONS)
def test_readme_has_the_galaxy_sections(title):
    assert title in headings(README)
    assert section(README, title).strip(), f"section {title!r} is empty"


def test_readme_states_the_ansible_versions_it_requires_and_was_tested_with():
    text = section(README, "Ansible version compatibility")
    requires = yaml.safe_load((ROOT / "meta" / "runtime.yml").read_text(encoding="utf-8"))["requires_ansible"]
    assert f"**{requires}**" in text
    pins = dict(
        line.split("==")
        for line in (ROOT / "requirements" / "runtime.txt").read_text(encoding="utf-8").splitlines()
        if "==" in line and not line.startswith("#")
    )
    assert f"ansible-core **{pins['ansible-core']}**" in text
    assert f"`ansible` {pins['ansible']}" in text


def test_readme_installs_from_a_tarball_and_from_a_requirements_file():
    text = section(README, "Installation")
    assert f"ansible-galaxy collection install {GALAXY['namespace']}-{GALAXY['name']}-<version>.tar.gz" in text
    requirements = [yaml.safe_load(block) for block in code_blocks(text, "yaml")]
    names = [entry["name"] for block in requirements if block for entry in block["collections"]]
    assert FQCN in names
    assert "ansible-galaxy collection install -r requirements.yml" in text


def test_readme_uses_the_collection_by_fqcn_and_runs_the_lab():
    usage = section(README, "Usage")
    assert f"ansible-playbook {FQCN}.swing_migration -i inventory" in usage
    assert f"role: {FQCN}." in usage
    assert re.search(rf"^  {re.escape(FQCN)}\.entra_\w+:$", usage, flags=re.M)
    lab = section(README, "The lab")
    # One command line: the reset, then the swing migration on the inventory the reset wrote into the lab folder.
    assert re.search(
        rf"ansible-playbook {re.escape(FQCN)}\.lab_reset && ansible-playbook \\\n"
        rf"\s+-i ~/\.ansible/{re.escape(FQCN)}/lab/inventory {re.escape(FQCN)}\.swing_migration",
        lab,
    )
    assert "entra_lab_dir" in lab
    assert "ENTRA_LAB_DIR" in lab


def test_every_playbook_and_role_is_in_the_readme():
    for playbook in sorted((ROOT / "playbooks").glob("*.yml")):
        if playbook.name != "report.yml":  # the last play the runbooks import, not run on its own
            assert f"`playbooks/{playbook.name}`" in README, playbook.name
    for role in sorted(path.name for path in (ROOT / "roles").iterdir() if path.is_dir()):
        assert f"`{role}`" in README, role


def test_every_relative_link_of_the_readme_resolves():
    links = re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", README)
    local = [link for link in links if not re.match(r"^[a-z]+:", link)]
    assert "CHANGELOG.rst" in local
    assert "execution-environment.yml" in local
    assert "meta/execution-environment.yml" in local
    missing = [link for link in local if not (ROOT / link).exists()]
    assert not missing, f"README links to files that do not exist: {missing}"


def test_every_heading_link_of_the_readme_resolves():
    anchors = {docsite_rst.github_slug(title) for title in headings(README)}
    links = re.findall(r"\]\(#([^)]+)\)", README)
    assert links
    assert not [link for link in links if link not in anchors]


def test_every_guide_is_listed_in_extra_docs():
    index = yaml.safe_load((ROOT / "docs" / "docsite" / "extra-docs.yml").read_text(encoding="utf-8"))
    listed = [
        entry if isinstance(entry, str) else entry["ref"] for sec in index["sections"] for entry in sec["toctree"]
    ]
    guides = [docsite_rst.rst_name(guide) for guide in docsite_rst.guides()]
    assert guides, "no guide found in docs/"
    unlisted = sorted(set(guides) - set(listed))
    assert not unlisted, f"docs/docsite/extra-docs.yml does not list {unlisted}"
    assert len(listed) == len(set(listed)), "a guide is listed twice"
    assert set(listed) <= set(guides), f"extra-docs.yml lists pages that are no guide: {set(listed) - set(guides)}"


def test_the_docsite_pages_are_written_from_the_guides_as_they_are():
    stale = docsite_rst.stale()
    assert not stale, f"run `.venv/bin/python tests/docsite_rst.py`; stale or left over: {stale}"


def convert(tmp_path, markdown: str) -> str:
    guide = tmp_path / "example.md"
    guide.write_text(markdown, encoding="utf-8")
    return docsite_rst.Converter(guide, "https://example.org/repo").convert()


def test_a_guide_becomes_rst_with_its_label_links_and_literals(tmp_path):
    rst = convert(
        tmp_path,
        "# Title\n\nSee [the lab](lab.md), [galaxy.yml](../galaxy.yml), [the roles](../roles) and"
        " [below](#a-section); `entra_tls12`s *one* snake_case.\n\n## A section\n\n"
        "| a | b |\n|---|---|\n| `x` | 1 |\n\n```sh\nmake test\n```\n",
    )
    assert f".. _{docsite_rst.LABEL_PREFIX}guide_example:" in rst
    assert "Title\n=====" in rst
    assert f":ref:`the lab <{docsite_rst.LABEL_PREFIX}guide_lab>`" in rst
    assert "`galaxy.yml <https://example.org/repo/blob/main/galaxy.yml>`__" in rst
    assert "`the roles <https://example.org/repo/tree/main/roles>`__" in rst
    assert "`below <A section_>`_" in rst
    assert "``entra_tls12``\\ s" in rst
    assert "snake\\_case" in rst
    assert ".. list-table::\n   :header-rows: 1\n\n   * - a\n     - b\n   * - ``x``\n     - 1" in rst
    assert ".. code-block:: shell\n\n   make test" in rst


@pytest.mark.parametrize(
    ("markdown", "message"),
    [
        ("# Title\n\n[gone](no-such-guide.md)\n", "which is no guide"),
        ("# Title\n\n[gone](#no-such-heading)\n", "no heading of the guide"),
        ("Text before the title.\n\n# Title\n", "starts with its one level-1 heading"),
    ],
)
def test_a_broken_guide_is_refused(tmp_path, markdown, message):
    with pytest.raises(ValueError, match=message):
        convert(tmp_path, markdown)
