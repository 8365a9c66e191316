"""The CSV listing: CSExportAnalyzer's columns, one row per changed attribute, every value whole and quoted
by the csv module, and no file at all when the csexport file could not be read whole."""

from __future__ import annotations

import csv
import stat

import pytest
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._csexport.analysis import analyse
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._csexport.errors import CsexportError
from csexport_texts import GROUPS, MIXED_OBJECTS, USERS, cs_object, document, write

HEADER = (
    "ObjectType,DN,OMODT,ChangedAttrCount,AttrName,AMODT,ATYPE,IsMultiValued,ValueChangeCount,ValueAdds,"
    "ValueDeletes,OldValue,NewValue"
)


def _listing(tmp_path, text: str) -> tuple[str, list[dict[str, str]]]:
    csv_path = tmp_path / "export.csv"
    analyse(write(tmp_path, document(text)), csv_path=str(csv_path))
    raw = csv_path.read_bytes().decode("utf-8")
    with open(csv_path, encoding="utf-8", newline="") as handle:
        return raw, list(csv.DictReader(handle))


def _split(joined: str) -> list[str]:
    """ValueAdds / ValueDeletes back into values: ';' separates, a backslash escapes ';' and itself."""
    values, current, escaped = [], "", False
    for char in joined:
        if escaped:
            current, escaped = current + char, False
        elif char == "\\":
            escaped = True
        elif char == ";":
            values, current = [*values, current], ""
        else:
            current += char
    return [*values, current] if joined else []


def test_the_header_is_csexportanalyzers_and_every_change_has_a_row(tmp_path) -> None:
    raw, rows = _listing(tmp_path, MIXED_OBJECTS)
    assert raw.split("\r\n", 1)[0] == HEADER
    # Ada 3 changes, Bob 3, Carol 1 and her rename, Dave 1 empty row, Group1 1, Group2 2, Gina her rename;
    # Eve (obsolete), Frank (no pending export) and Hal (none) have no row.
    assert [(row["DN"].split(",")[0], row["AttrName"]) for row in rows] == [
        ("CN=Ada", "displayName"),
        ("CN=Ada", "proxyAddresses"),
        ("CN=Ada", "manager"),
        ("CN=Bob", "displayName"),
        ("CN=Bob", "proxyAddresses"),
        ("CN=Bob", "manager"),
        ("CN=Carol", "sn"),
        ("CN=Carol", "newdn"),
        ("CN=Dave", ""),
        ("CN=Group1", "member"),
        ("CN=Group2", "description"),
        ("CN=Group2", "member"),
        ("CN=Gina", "newdn"),
    ]


def test_rows_carry_the_operations_types_and_values(tmp_path) -> None:
    _raw, rows = _listing(tmp_path, MIXED_OBJECTS)
    bob_name, bob_addresses, bob_manager = rows[3], rows[4], rows[5]
    assert bob_name == {
        "ObjectType": "user",
        "DN": f"CN=Bob,{USERS}",
        "OMODT": "update",
        "ChangedAttrCount": "3",
        "AttrName": "displayName",
        "AMODT": "replace",
        "ATYPE": "string",
        "IsMultiValued": "false",
        "ValueChangeCount": "",
        "ValueAdds": "",
        "ValueDeletes": "",
        "OldValue": "Bob Old",
        "NewValue": "Bob New",
    }
    # Multi-valued: the values, their number; no old or new value.
    assert (bob_addresses["IsMultiValued"], bob_addresses["ValueChangeCount"]) == ("true", "2")
    assert (bob_addresses["ValueAdds"], bob_addresses["ValueDeletes"]) == ("smtp:b2@contoso.com", "smtp:b1@contoso.com")
    assert (bob_addresses["OldValue"], bob_addresses["NewValue"]) == ("", "")
    assert (bob_manager["ATYPE"], bob_manager["OldValue"], bob_manager["NewValue"]) == (
        "reference",
        f"CN=Boss1,{USERS}",
        f"CN=Boss2,{USERS}",
    )
    ada_addresses = rows[1]
    assert _split(ada_addresses["ValueAdds"]) == ["SMTP:ada@contoso.com", "smtp:ada@contoso.onmicrosoft.com"]
    carol_rename = rows[7]
    assert (carol_rename["OMODT"], carol_rename["ChangedAttrCount"], carol_rename["AMODT"]) == ("update", "1", "rename")
    assert (carol_rename["OldValue"], carol_rename["NewValue"]) == (f"CN=Carol,{USERS}", f"CN=Caroline,{USERS}")
    dave = rows[8]
    assert (dave["OMODT"], dave["ChangedAttrCount"]) == ("delete", "0")
    assert [dave[column] for column in list(dave)[4:]] == [""] * 9
    group2 = rows[10]
    assert (group2["ObjectType"], group2["DN"], group2["OMODT"]) == ("group", f"CN=Group2,{GROUPS}", "replace")
    gina = rows[12]
    assert (gina["OMODT"], gina["ChangedAttrCount"], gina["NewValue"]) == ("none", "0", f"CN=Georgina,{USERS}")


def test_commas_quotes_line_breaks_and_semicolons_survive(tmp_path) -> None:
    tricky = 'Doe, "Jo"\nsecond line'
    changes = (
        '<attr name="info" type="string" multivalued="false" operation="replace">'
        "<value>Doe, &quot;Jo&quot;\nsecond line</value></attr>"
        '<attr name="otherMobile" type="string" multivalued="true" operation="update">'
        '<value operation="add">+1;ext=2</value><value operation="add">a\\b</value>'
        '<value operation="add">c</value></attr>'
    )
    raw, rows = _listing(tmp_path, cs_object(f"CN=Doe\\, &quot;Jo&quot;,{USERS}", "update", changes))
    assert rows[0]["NewValue"] == tricky
    assert rows[0]["DN"] == f'CN=Doe\\, "Jo",{USERS}'
    assert '"Doe, ""Jo""\nsecond line"' in raw  # quoted, inner quotes doubled, the line break kept
    assert rows[1]["ValueAdds"] == "+1\\;ext=2;a\\\\b;c"
    assert _split(rows[1]["ValueAdds"]) == ["+1;ext=2", "a\\b", "c"]
    assert rows[1]["ValueChangeCount"] == "3"


def test_a_long_value_is_never_truncated(tmp_path) -> None:
    long_value = "x" * 39_999 + "!"
    change = f'<attr name="info" type="string" multivalued="false" operation="add"><value>{long_value}</value></attr>'
    _raw, rows = _listing(tmp_path, cs_object(f"CN=Long,{USERS}", "add", change))
    assert len(rows[0]["NewValue"]) == 40_000
    assert rows[0]["NewValue"] == long_value


def test_the_csv_is_readable_by_all(tmp_path) -> None:
    _listing(tmp_path, MIXED_OBJECTS)
    assert stat.S_IMODE((tmp_path / "export.csv").stat().st_mode) == 0o644


@pytest.mark.parametrize("cut", ["truncated", "malformed"])
def test_no_csv_is_left_when_the_file_cannot_be_read_whole(tmp_path, cut) -> None:
    text = document(MIXED_OBJECTS)
    text = text[: text.index("CN=Gina")] if cut == "truncated" else text.replace("</cs-object>", "</cs-objet>", 3)
    path = write(tmp_path, text)
    with pytest.raises(CsexportError):
        analyse(path, csv_path=str(tmp_path / "export.csv"))
    assert sorted(entry.name for entry in tmp_path.iterdir()) == ["export.xml"]


def test_a_failed_run_leaves_an_earlier_csv_as_it_was(tmp_path) -> None:
    earlier = tmp_path / "export.csv"
    earlier.write_text("an earlier listing\n")
    path = write(tmp_path, "<cs-objects><cs-object>")
    with pytest.raises(CsexportError, match="is truncated"):
        analyse(path, csv_path=str(earlier))
    assert earlier.read_text() == "an earlier listing\n"


def test_a_csv_that_cannot_be_written_is_named(tmp_path) -> None:
    path = write(tmp_path, document(MIXED_OBJECTS))
    csv_path = tmp_path / "missing" / "export.csv"
    with pytest.raises(CsexportError) as caught:
        analyse(path, csv_path=str(csv_path))
    assert str(caught.value) == f"the CSV {csv_path} cannot be written: No such file or directory"
