# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Take out of a server's raw answers what must not leave the site, by rule, before they are shared.

A recording (playbooks/record_readings.yml, docs/recording.md) is one ``Scrubber``: every answer of every
server goes through it, so one name always becomes the same placeholder and relations survive (the connector
a run names is still the connector the snapshot lists). What is replaced, and how it is found:

- computer names: every ``computer_name`` field; a ``\\\\server\\share`` path's server;
- tenants: ``<name>.onmicrosoft.com`` anywhere, and the tenant an Entra connector's name stands for
  (``_rules.identity``, the same rule the collection identifies servers by);
- domains and forests: connector names that are domain names, ``DC=..,DC=..`` chains, the domain of a UPN,
  and dotted names that end in a common top-level domain (``TOP_LEVEL_DOMAINS``), Microsoft's own public
  domains (``PUBLIC_DOMAINS``) excepted; and each one's organisation label (``contoso`` of ``contoso.com``)
  as a word of its own, which is what a NetBIOS domain usually is;
- accounts: ``user@domain`` and ``DOMAIN\\user`` (built-in Windows accounts excepted) and the user of a
  ``C:\\Users\\<user>`` path;
- GUIDs, which identify an installation, a connector or a run, except the identifiers Microsoft fixes for
  every installation (``WELL_KNOWN_GUIDS``: the rules recognise the Entra connector by it);
- IPv4 addresses, except in fields whose name says they hold a version (``2.6.91.0`` is not an address);
- every string the operator lists (``extra``), case-insensitively.

Placeholders keep the shape the answer schemas ask for (a GUID stays a GUID, an address an address) and are
never taken for a name again, so scrubbing a scrubbed answer changes nothing.

Secrets are never scrubbed: they fail. ``secret_findings`` names (by field, never by value) a key named like a
secret that holds a value, a certificate or private key block, a ``Password=`` in a connection string and a
long base64 blob; the recorder writes nothing when there is one.
"""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from .._common.errors import EntraConnectError
from .._rules.facts import ENTRA_CONNECTOR_ID
from .._rules.identity import ENTRA_CONNECTOR_NAME_SUFFIXES, tenant_from_connector_name

# Identifiers that are the same on every installation, so they identify nothing; the rules need them.
WELL_KNOWN_GUIDS = frozenset({ENTRA_CONNECTOR_ID, "00000000-0000-0000-0000-000000000000"})
# Public domains that name Microsoft's services or standards, not the site.
PUBLIC_DOMAINS = (
    "microsoft.com",
    "microsoftonline.com",
    "windows.net",
    "azure.com",
    "azure.net",
    "office.com",
    "live.com",
    "json-schema.org",
    "github.com",
    "example.com",
    "example.org",
    "example.net",
)
# A dotted name ending in one of these is taken for a domain name. Kept to common ones: a longer list takes
# .NET type names for domains (System.IO); the operator adds the rest with ``extra``.
TOP_LEVEL_DOMAINS = frozenset(
    {"com", "net", "org", "edu", "gov", "mil", "int", "info", "biz", "local", "lan", "corp", "internal", "intra",
     "intranet", "home", "ad", "io", "co", "us", "uk", "de", "fr", "nl", "be", "ch", "at", "se", "no", "dk", "fi",
     "it", "es", "pt", "pl", "cz", "ie", "jp", "cn", "au", "nz", "ca", "br", "eu"}
)  # fmt: skip
# Two-label public suffixes: the organisation label is the one before them.
SECOND_LEVEL_SUFFIXES = frozenset({"co.uk", "org.uk", "ac.uk", "com.au", "net.au", "co.nz", "co.jp", "com.br"})
SHARED_PROFILES = frozenset({"public", "default", "default user", "all users"})
# Organisation labels shorter than this are not replaced as words of their own (too many false hits).
MIN_LABEL = 3

GUID = re.compile(
    r"(?<![0-9A-Fa-f-])[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}(?![0-9A-Fa-f-])"
)
IPV4 = re.compile(r"(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)(?![\d.])")
ONMICROSOFT = re.compile(r"(?<![\w.-])[A-Za-z0-9-]+\.onmicrosoft\.com(?![\w-])", re.IGNORECASE)
UPN = re.compile(r"(?<![\w.+-])([A-Za-z0-9._%+-]+)@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)(?![\w-])")
ACCOUNT = re.compile(r"(?<![\\\w:.-])([A-Za-z][A-Za-z0-9-]{0,14})\\([A-Za-z0-9._$-]{1,64})(?![\\\w])")
# Built-in Windows accounts name no site ("NT SERVICE\ADSync"); they are left out before accounts are looked for.
BUILTIN_ACCOUNT = re.compile(r"(?i)\b(?:NT AUTHORITY|NT SERVICE|BUILTIN|Window Manager|Font Driver Host)\\\S+")
UNC_SERVER = re.compile(r"\\\\([A-Za-z0-9-]{1,63})(?:\.[A-Za-z0-9.-]+)?\\")
PROFILE = re.compile(r"[A-Za-z]:\\Users\\([^\\/:*?\"<>|]+)", re.IGNORECASE)
DC_CHAIN = re.compile(r"DC=[^,=]+(?:,\s*DC=[^,=]+)+", re.IGNORECASE)
FQDN = re.compile(
    r"(?<![\w.@-])((?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+(?:"
    + "|".join(sorted(TOP_LEVEL_DOMAINS))
    + r"))"
    r"(?![\w-]|\.[\w-])",
    re.IGNORECASE,
)
DOMAIN_NAME = re.compile(r"(?:[A-Za-z0-9-]+\.)+[A-Za-z][A-Za-z0-9-]*")
# What a placeholder looks like: never learned as a name again.
PLACEHOLDER = re.compile(
    r"^(?:SERVER-\d+|site\d+|user\d+|domain\d+\.example|tenant\d+\.onmicrosoft\.example|redacted\d+|"
    r"192\.0\.2\.\d+|00000000-0000-4000-8000-\d{12})$",
    re.IGNORECASE,
)
# Secrets: a key that names one and holds a value, or a value that is one.
SECRET_KEY = re.compile(
    r"(?:pass(?:wd|word|phrase)?|pwd|secret|token|api_?key|private_?key|credentials?|connection_?string)$",
    re.IGNORECASE,
)
SECRET_VALUES = (
    ("a certificate or private key block", re.compile(r"-----BEGIN [A-Z0-9 ]*-----")),
    ("a password in a connection string", re.compile(r"(?i)\b(?:password|pwd)\s*=\s*[^;\s'\"]+")),
    ("a long base64 blob (a key or a certificate)", re.compile(r"[A-Za-z0-9+/]{160,}={0,2}")),
)

KINDS = {
    "host": "SERVER-{}",
    "site": "site{}",
    "user": "user{}",
    "domain": "domain{}.example",
    "tenant": "tenant{}.onmicrosoft.example",
    "redacted": "redacted{}",
    "ip": "192.0.2.{}",
    "guid": "00000000-0000-4000-8000-{:012d}",
}


class SecretFoundError(EntraConnectError):
    """An answer still holds something that looks like a secret: it is never written."""


def _is_version_key(key: str) -> bool:
    return "version" in key.lower()


def _organisation_label(domain: str) -> str | None:
    labels = domain.lower().split(".")
    if domain.lower().endswith(".onmicrosoft.com"):
        return labels[0]
    cut = 3 if ".".join(labels[-2:]) in SECOND_LEVEL_SUFFIXES else 2
    return labels[-cut] if len(labels) >= cut else None


class Scrubber:
    """One recording's scrubber: learns names from each answer and replaces them with stable placeholders.

    The map from names to placeholders stays in memory; it is the one thing that would undo the scrubbing,
    so it is never returned or written."""

    def __init__(self, extra: Iterable[str] = ()) -> None:
        self._placeholders: dict[str, str] = {}
        self._counts: dict[str, int] = {}
        self._pattern: re.Pattern[str] | None = None
        for text in extra:
            if text and text.strip():
                self._learn("redacted", text.strip())

    # -- learning ---------------------------------------------------------------------------------

    def _learn(self, kind: str, name: str) -> None:
        key = name.lower()
        if not key or key in self._placeholders or PLACEHOLDER.match(name):
            return
        if kind == "guid" and key in WELL_KNOWN_GUIDS:
            return
        if kind == "domain" and any(key == public or key.endswith("." + public) for public in PUBLIC_DOMAINS):
            return
        if kind == "domain" and key.endswith(".onmicrosoft.com"):
            kind = "tenant"
        self._counts[kind] = self._counts.get(kind, 0) + 1
        self._placeholders[key] = KINDS[kind].format(self._counts[kind])
        self._pattern = None
        if kind in ("domain", "tenant"):
            label = _organisation_label(name)
            if label and len(label) >= MIN_LABEL:
                self._learn("site", label)

    def _learn_connector_name(self, name: str) -> None:
        if any(name.lower().endswith(suffix.lower()) for suffix in ENTRA_CONNECTOR_NAME_SUFFIXES):
            self._learn("tenant" if ".onmicrosoft." in name.lower() else "domain", tenant_from_connector_name(name))
        elif DOMAIN_NAME.fullmatch(name.strip()):
            # An Active Directory connector is named after its forest.
            self._learn("domain", name.strip())

    def _learn_text(self, text: str, key: str) -> None:
        for match in ONMICROSOFT.finditer(text):
            self._learn("tenant", match.group(0))
        for match in UPN.finditer(text):
            self._learn("user", match.group(1))
            self._learn("domain", match.group(2))
        if ":\\" not in text and not text.startswith("\\\\"):
            for match in ACCOUNT.finditer(BUILTIN_ACCOUNT.sub(" ", text)):
                self._learn("site", match.group(1))
                self._learn("user", match.group(2))
        for match in UNC_SERVER.finditer(text):
            self._learn("host", match.group(1))
        for match in PROFILE.finditer(text):
            if match.group(1).lower() not in SHARED_PROFILES:
                self._learn("user", match.group(1))
        for match in DC_CHAIN.finditer(text):
            parts = [part.split("=", 1)[1].strip() for part in match.group(0).split(",")]
            self._learn("domain", ".".join(parts))
        for match in FQDN.finditer(text):
            self._learn("domain", match.group(1))
        for match in GUID.finditer(text):
            self._learn("guid", match.group(0))
        if not _is_version_key(key):
            for match in IPV4.finditer(text):
                if not match.group(0).startswith(("0.", "127.", "255.")):
                    self._learn("ip", match.group(0))

    def _walk(self, value: Any, key: str) -> None:
        if isinstance(value, dict):
            for name, item in value.items():
                self._learn_text(str(name), "")
                if name == "computer_name" and isinstance(item, str) and item:
                    self._learn("host", item)
                # A connector (it has an identifier) by its name; a run or a sync rule by its connector's.
                connector_field = name in ("connector_name", "connector") or (name == "name" and "identifier" in value)
                if connector_field and isinstance(item, str):
                    self._learn_connector_name(item)
                if name == "connectors" and isinstance(item, list):
                    for connector_name in item:
                        if isinstance(connector_name, str):
                            self._learn_connector_name(connector_name)
                self._walk(item, str(name))
        elif isinstance(value, list):
            for item in value:
                self._walk(item, key)
        elif isinstance(value, str):
            self._learn_text(value, key)

    # -- replacing ----------------------------------------------------------------------------------

    def _compiled(self) -> re.Pattern[str] | None:
        if self._pattern is None and self._placeholders:
            names = sorted(self._placeholders, key=len, reverse=True)
            alternatives = "|".join(re.escape(name) for name in names)
            self._pattern = re.compile(rf"(?<![A-Za-z0-9])(?:{alternatives})(?![A-Za-z0-9])", re.IGNORECASE)
        return self._pattern

    def _replace(self, text: str) -> str:
        pattern = self._compiled()
        if pattern is None:
            return text
        return pattern.sub(lambda match: self._placeholders[match.group(0).lower()], text)

    def _rewrite(self, value: Any, key: str) -> Any:
        if isinstance(value, dict):
            return {self._replace(str(name)): self._rewrite(item, str(name)) for name, item in value.items()}
        if isinstance(value, list):
            return [self._rewrite(item, key) for item in value]
        if isinstance(value, str):
            if _is_version_key(key) and IPV4.fullmatch(value):
                return value
            return self._replace(value)
        return value

    def learn(self, answer: Any) -> None:
        """Find the names in ``answer``; a recording learns from every answer before it rewrites any."""
        self._walk(answer, "")

    def rewrite(self, answer: Any) -> Any:
        """``answer`` with every name learned so far replaced by its placeholder."""
        return self._rewrite(answer, "")

    def scrub(self, answer: Any) -> Any:
        """``answer`` with every name the rules find (in it, or in an earlier answer) replaced."""
        self.learn(answer)
        return self.rewrite(answer)

    @property
    def counts(self) -> dict[str, int]:
        """How many names of each kind were replaced (never the names)."""
        return dict(sorted(self._counts.items()))

    def leftovers(self, scrubbed: Any) -> int:
        """How many names this scrubber knows still stand in ``scrubbed`` (0 after ``scrub``)."""
        pattern = self._compiled()
        if pattern is None:
            return 0
        count = 0

        def visit(value: Any) -> None:
            nonlocal count
            if isinstance(value, dict):
                for name, item in value.items():
                    count += len(pattern.findall(str(name)))
                    visit(item)
            elif isinstance(value, list):
                for item in value:
                    visit(item)
            elif isinstance(value, str):
                count += len(pattern.findall(value))

        visit(scrubbed)
        return count


def _present(value: Any) -> bool:
    if value is None or value is False:
        return False
    if isinstance(value, (str, list, dict)):
        return bool(value)
    return True


def secret_findings(document: Any, where: str = "answer") -> list[str]:
    """Where ``document`` still holds something that looks like a secret, by field; never the value."""
    findings: list[str] = []

    def visit(value: Any, path: str) -> None:
        if isinstance(value, dict):
            for name, item in value.items():
                field = f"{path}.{name}"
                if SECRET_KEY.search(str(name)) and _present(item):
                    findings.append(f"{field}: a key named like a secret holds a value")
                visit(item, field)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                visit(item, f"{path}[{index}]")
        elif isinstance(value, str):
            findings.extend(f"{path}: {what}" for what, pattern in SECRET_VALUES if pattern.search(value))

    visit(document, where)
    return findings


def require_no_secret(document: Any, where: str) -> None:
    """Raise SecretFoundError naming every field that looks like a secret; nothing is to be written then."""
    findings = secret_findings(document, where)
    if findings:
        raise SecretFoundError(
            f"{where} still holds what looks like a secret, so nothing was written: "
            + "; ".join(findings)
            + ". Check the server's answer; if a field is not a secret, say so in an issue rather than "
            "editing the recording."
        )
