"""The reader: every encoding csexport may write reads alike; every bad file fails whole, with its file and
position, and nothing a DTD points at is ever expanded, opened or fetched."""

from __future__ import annotations

import sys

import pytest
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._common.errors import EntraConnectError
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._csexport.analysis import analyse
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._csexport.errors import CsexportError
from csexport_texts import MIXED_OBJECTS, USERS, cs_object, document, write

# What the audit hook saw: files opened and sockets used while a refused file was read.
AUDITED: list[tuple[str, str]] = []
_WATCHING: list[bool] = []


def _audit(event: str, args: tuple[object, ...]) -> None:
    if _WATCHING and event in ("open", "socket.connect", "socket.getaddrinfo", "urllib.Request"):
        AUDITED.append((event, str(args[0]) if args else ""))


sys.addaudithook(_audit)


def _refused_watched(path: str) -> tuple[str, list[tuple[str, str]]]:
    """The refusal of ``path``, and the files and sockets touched while it was analysed."""
    AUDITED.clear()
    _WATCHING.append(True)
    try:
        return _refused(path), list(AUDITED)
    finally:
        _WATCHING.clear()


def _without_position_independent_keys(summary: dict) -> dict:
    return {key: value for key, value in summary.items() if key not in ("file", "bytes", "sha256")}


@pytest.mark.parametrize(
    ("encoding", "declaration"),
    [
        ("utf-8-sig", '<?xml version="1.0" encoding="UTF-8"?>'),
        ("utf-8", ""),
        ("utf-16", '<?xml version="1.0" encoding="UTF-16"?>'),  # Python writes little-endian with a BOM
        ("utf-16-le", '\ufeff<?xml version="1.0" encoding="UTF-16"?>'),
        ("utf-16-be", '\ufeff<?xml version="1.0" encoding="UTF-16"?>'),
        ("utf-16-le", '<?xml version="1.0" encoding="UTF-16"?>'),  # no BOM: told by the first character
    ],
)
def test_utf8_with_and_without_bom_and_utf16_give_the_same_summary(tmp_path, encoding, declaration) -> None:
    objects = MIXED_OBJECTS + cs_object(
        f"CN=Zoë,{USERS}",
        "update",
        '<attr name="displayName" type="string" multivalued="false" operation="replace">'
        "<value>Zoë Åström ☺</value></attr>",
    )
    plain = analyse(write(tmp_path, document(objects), name="plain.xml"))
    other = analyse(write(tmp_path, document(objects, declaration), name="other.xml", encoding=encoding))
    assert _without_position_independent_keys(other) == _without_position_independent_keys(plain)
    assert other["samples"]["update"][-1]["attributes"][0]["new"] == "Zoë Åström ☺"
    assert other["updates"] == 4  # Bob, Carol, Group2 and Zoë


def _refused(path: str) -> str:
    with pytest.raises(CsexportError) as caught:
        analyse(path)
    assert isinstance(caught.value, EntraConnectError)
    return str(caught.value)


def test_a_truncated_file_is_refused_with_where_it_ends(tmp_path) -> None:
    text = document(MIXED_OBJECTS)
    # Cut right after the end tag of the second cs-object: line and column of the end of the cut text.
    cut = text[: text.index("</cs-object>", text.index("CN=Bob")) + len("</cs-object>")]
    line = cut.count("\n") + 1
    column = len(cut) - cut.rfind("\n")  # 1-based column just past the last character
    path = write(tmp_path, cut)
    message = _refused(path)
    assert message == (
        f"csexport file {path} is truncated: it ends at line {line}, column {column}, before </cs-objects>, "
        "after 2 complete cs-objects; csexport may still be writing it, or the copy was cut short"
    )


def test_a_file_cut_inside_a_tag_names_the_unfinished_tag(tmp_path) -> None:
    path = write(tmp_path, '<cs-objects>\n<cs-object cs-dn="CN=A" object-type="us')
    assert "is truncated: its last tag, at line 2, column 1, is unfinished, before </cs-objects>" in _refused(path)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "<cs-objects>\n<cs-object></cs-objec>\n</cs-objects>",
            "is not well-formed XML: mismatched tag at line 2, column 14",
        ),
        ("<cs-objects></cs-objects>junk", "is not well-formed XML: junk after document element at line 1, column 26"),
        ("<cs-objects>\n  <x>&nbsp;</x></cs-objects>", "is not well-formed XML: undefined entity at line 2, column 6"),
        (
            "<cs-objects><a b='1' b='2'/></cs-objects>",
            "is not well-formed XML: duplicate attribute at line 1, column 22",
        ),
    ],
)
def test_malformed_xml_is_refused_with_its_position(tmp_path, text, message) -> None:
    path = write(tmp_path, text)
    assert _refused(path) == f"csexport file {path} {message}"


def test_an_empty_file_is_refused(tmp_path) -> None:
    path = write(tmp_path, "")
    assert _refused(path) == f"csexport file {path} is empty (0 bytes): csexport writes at least <cs-objects>"


def test_a_file_with_no_element_is_refused(tmp_path) -> None:
    path = write(tmp_path, '<?xml version="1.0"?>\n  \n')
    assert _refused(path) == f"csexport file {path} holds no XML element: it ends at line 3, column 1"


def test_a_missing_file_is_refused(tmp_path) -> None:
    path = str(tmp_path / "missing.xml")
    assert _refused(path) == f"csexport file {path} cannot be read: No such file or directory"


def test_a_document_of_another_kind_is_not_a_csexport_document(tmp_path) -> None:
    path = write(tmp_path, '<?xml version="1.0"?>\n<ma-data><name>contoso.com</name></ma-data>')
    assert _refused(path) == (
        f"csexport file {path} is not a csexport document: its root element is <ma-data>, not <cs-objects>; "
        "the root element is at line 2, column 1"
    )


def test_a_dtd_is_refused_before_it_is_read(tmp_path) -> None:
    path = write(tmp_path, '<?xml version="1.0"?>\n<!DOCTYPE cs-objects [<!ELEMENT cs-objects ANY>]>\n<cs-objects/>')
    message = _refused(path)
    assert message.startswith(f"csexport file {path} has a DOCTYPE declaration (<!DOCTYPE cs-objects>); ")
    # expat reports a DOCTYPE once it has read its name, where its internal subset opens: the "[".
    assert message.endswith("the file is refused without reading it; the DOCTYPE is at line 2, column 22")


def test_a_billion_laughs_bomb_fails_at_once_and_expands_nothing(tmp_path) -> None:
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{level} "{("&lol" + (str(level - 1) if level > 1 else "") + ";") * 10}">'
        for level in range(1, 10)
    )
    bomb = f'<?xml version="1.0"?>\n<!DOCTYPE cs-objects [{entities}]>\n<cs-objects>&lol9;</cs-objects>'
    path = write(tmp_path, bomb)
    # Refused at the DOCTYPE, before any entity is declared, so nothing can be expanded.
    message = _refused(path)
    assert "has a DOCTYPE declaration (<!DOCTYPE cs-objects>)" in message
    assert "an XML bomb" in message
    assert "lol" not in message.split("DOCTYPE cs-objects>)")[1]


@pytest.mark.parametrize("scheme", ["file", "http"])
def test_an_external_entity_is_never_read(tmp_path, scheme) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n")
    target = f"file://{secret}" if scheme == "file" else "http://attacker.invalid/steal"
    text = (
        f'<?xml version="1.0"?>\n<!DOCTYPE cs-objects [<!ENTITY xxe SYSTEM "{target}">]>\n'
        f"<cs-objects>{cs_object('CN=&xxe;', 'delete')}</cs-objects>"
    )
    path = write(tmp_path, text)
    message, audited = _refused_watched(path)
    assert "has a DOCTYPE declaration (<!DOCTYPE cs-objects>)" in message
    assert "root:x" not in message
    # The only file opened is the csexport file itself; no socket, no URL.
    assert audited == [("open", path)]


def test_the_etc_passwd_entity_is_refused_too(tmp_path) -> None:
    text = '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<cs-objects>&xxe;</cs-objects>'
    path = write(tmp_path, text)
    message, audited = _refused_watched(path)
    assert "has a DOCTYPE declaration (<!DOCTYPE r>)" in message
    assert audited == [("open", path)]


@pytest.mark.parametrize(
    ("delta", "message"),
    [
        (
            '<delta operation="purge" dn="CN=A"/>',
            "has a pending export of 'CN=A' whose operation is 'purge', which csexport does not write",
        ),
        ('<delta dn="CN=A"/>', "has a pending export of 'CN=A' whose operation is None"),
        (
            '<delta operation="update" dn="CN=A"><attr name="sn" operation="merge"><value>x</value></attr></delta>',
            "changes the attribute 'sn' of 'CN=A' with the operation 'merge'",
        ),
        (
            '<delta operation="update" dn="CN=A"><attr name="sn" operation="update">'
            '<value operation="swap">x</value></attr></delta>',
            "has a value operation 'swap' (expected add or delete)",
        ),
        (
            '<delta operation="delete" dn="CN=A"/><delta operation="add" dn="CN=A"/>',
            "has a second <delta> in the <unapplied-export> of 'CN=A'",
        ),
    ],
)
def test_a_pending_export_csexport_does_not_write_is_refused_not_guessed(tmp_path, delta, message) -> None:
    text = (
        f'<cs-objects>\n<cs-object cs-dn="CN=A" object-type="user"><unapplied-export>{delta}</unapplied-export>'
        "</cs-object></cs-objects>"
    )
    path = write(tmp_path, text)
    refused = _refused(path)
    assert refused.startswith(f"csexport file {path} {message}")
    assert " at line 2, column " in refused
