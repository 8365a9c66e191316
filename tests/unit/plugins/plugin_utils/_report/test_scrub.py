"""The scrubber: what must not leave a site is replaced by rule, the same name by the same placeholder, and a
secret fails the recording instead of being written."""

from __future__ import annotations

import json

import pytest
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._report.recording import (
    Reading,
    build_recording,
)
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._report.scrub import (
    Scrubber,
    SecretFoundError,
    require_no_secret,
    secret_findings,
)

ENTRA_ID = "b891884f-051e-4a83-95af-2544101c9083"
INSTALL_ID = "5d4b8a11-7c55-4f0e-9a3b-1f2e6a9c0d21"


def status() -> dict:
    return {
        "computer_name": "SYNC-PRD-01",
        "connectors": ["corp.fabrikam.local", "fabrikam.onmicrosoft.com - AAD"],
        "error": "Logon failure for FABRIKAM\\svc-adsync (svc-adsync@fabrikam.com) from 10.20.30.40",
        "path": "C:\\Users\\jdoe\\Desktop\\export.xml",
        "share": "\\\\FILESRV7\\installers\\AzureADConnect.msi",
        "dn": "CN=Sync,OU=Tier0,DC=corp,DC=fabrikam,DC=local",
        "connector": {"identifier": INSTALL_ID, "name": "corp.fabrikam.local"},
        "entra": {"identifier": ENTRA_ID, "name": "fabrikam.onmicrosoft.com - AAD"},
        "display_version": "2.6.91.0",
        "caption": "Microsoft Windows Server 2022 Standard",
        "wizard": "C:\\Program Files\\Microsoft Azure Active Directory Connect\\AzureADConnect.exe",
        "setting": {"Microsoft.Synchronize.ServerConfigurationVersion": "2.5.79.0"},
        "builtin": "NT SERVICE\\ADSync",
    }


def test_every_kind_of_site_name_is_replaced() -> None:
    scrubbed = json.dumps(Scrubber().scrub(status())).lower()
    for name in ("sync-prd-01", "fabrikam", "svc-adsync", "jdoe", "filesrv7", "10.20.30.40", INSTALL_ID):
        assert name not in scrubbed, name


def test_what_is_not_the_site_stays() -> None:
    scrubbed = Scrubber().scrub(status())
    assert scrubbed["display_version"] == "2.6.91.0"
    assert scrubbed["setting"] == {"Microsoft.Synchronize.ServerConfigurationVersion": "2.5.79.0"}
    assert scrubbed["caption"] == "Microsoft Windows Server 2022 Standard"
    assert scrubbed["wizard"] == status()["wizard"]
    assert scrubbed["builtin"] == "NT SERVICE\\ADSync"
    # Microsoft's fixed identifier of the Entra connector identifies no installation; the rules need it.
    assert scrubbed["entra"]["identifier"] == ENTRA_ID


def test_the_same_name_becomes_the_same_placeholder_across_answers() -> None:
    scrubber = Scrubber()
    first = scrubber.scrub(status())
    second = scrubber.scrub({"connector_name": "corp.fabrikam.local", "connector_id": INSTALL_ID})
    assert second["connector_name"] == first["connector"]["name"] == first["connectors"][0]
    assert second["connector_id"] == first["connector"]["identifier"]
    # Placeholders keep the shape the schemas ask for.
    assert first["connector"]["identifier"].count("-") == 4 and len(first["connector"]["identifier"]) == 36
    assert first["entra"]["name"].endswith(" - AAD")


def test_a_scrubbed_answer_scrubs_to_itself() -> None:
    once = Scrubber().scrub(status())
    assert Scrubber().scrub(once) == once


def test_the_operator_extends_the_rules() -> None:
    scrubbed = Scrubber(["Tier0"]).scrub(status())
    assert "tier0" not in json.dumps(scrubbed).lower()
    assert "Tier0" in json.dumps(Scrubber().scrub(status()))


@pytest.mark.parametrize(
    "document",
    [
        {"AdminPassword": "Winter2026!"},
        {"x": {"client_secret": "abc"}},
        {"cert": "-----BEGIN RSA PRIVATE KEY-----\nMIIE..."},
        {"db": "Server=sql1;Database=ADSync;User Id=sa;Password=hunter2;"},
        {"blob": "A" * 200},
    ],
)
def test_a_secret_is_found_and_never_written(document: dict) -> None:
    assert secret_findings(document)
    with pytest.raises(SecretFoundError) as raised:
        require_no_secret(document, "server-1/snapshot.json")
    for value in ("Winter2026!", "hunter2", "abc"):
        assert value not in str(raised.value)


def test_names_that_only_look_like_secrets_are_not_findings() -> None:
    assert secret_findings({"password_writeback": False, "Microsoft.OptionalFeature.PasswordWriteBack": "True"}) == []
    assert secret_findings({"AdminPassword": None, "token": ""}) == []


def reading(host: str, answer: dict, primitive: str = "sync_status") -> Reading:
    return Reading(host, primitive, {"RunHistoryCount": 20}, answer, None, False)


def test_a_recording_learns_every_answer_before_it_rewrites_any() -> None:
    # The tenant appears as a name in the second answer only; the first mentions it in passing.
    first = {"computer_name": "SYNC-PRD-01", "error": "cannot reach contoso.onmicrosoft.com"}
    second = {"computer_name": "SYNC-PRD-02", "connectors": ["contoso.onmicrosoft.com - AAD"]}
    recording = build_recording([reading("sync1", first), reading("sync2", second)], "0.1.0", "2026-12-01T00:00:00Z")
    text = json.dumps(recording.documents)
    assert "contoso" not in text.lower() and "sync-prd" not in text.lower()
    assert sorted(recording.documents) == ["server-1/sync_status.json", "server-2/sync_status.json"]
    assert recording.documents["server-1/sync_status.json"]["metadata"]["origin"] == "recorded from a Windows server"


def test_a_recording_with_a_secret_writes_nothing() -> None:
    good = reading("sync1", {"computer_name": "SYNC-PRD-01"})
    bad = reading("sync2", {"computer_name": "SYNC-PRD-02", "token": "eyJ0eXAi"})
    with pytest.raises(SecretFoundError, match=r"server-2/sync_status.json.*answer.token"):
        build_recording([good, bad], "0.1.0", "2026-12-01T00:00:00Z")
