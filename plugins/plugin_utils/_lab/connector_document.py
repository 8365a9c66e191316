# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""``Connectors\\Connector_{guid}.xml`` of a twin's export, as the Contoso sample lays it out [S24].

``<ma-data>`` with the sample's elements in its order: format-version, id (UPPER-case GUID in braces), name,
category, description, subtype, ma-listname, ma-companyname, creation-time, last-modification-time, version,
internal-version, password-sync-allowed, schema, private-configuration, attribute-inclusion, join, projection,
export-attribute-flow (empty: the rules live in SynchronizationRules), ma-partition-data, ma-run-data,
component_mappings, password-sync, encrypted-attributes.
- The AD connector file is indented up to internal-version; everything after it is one line, its DSML schema
  with DSML as the default namespace and ``m:`` as the MMS prefix. Its private configuration is an
  ``adma-configuration``: the forest, the connector account, password hash sync with the Entra ID connector
  as its target. Each partition holds a container filter and ``adma-partition-data`` (domain, last DC,
  DirSync cookie).
- The Entra ID connector file is indented up to its attribute inclusion, with ``dsml:``/``ms-dsml:`` prefixes;
  its private configuration is an ``MAConfig`` (a short stand-in here: class mappings, extension settings,
  anchors, the connector account); its one partition ``default`` holds ``ecma-partition-data`` and a
  watermark.
- One ``run-configuration`` per run profile of the connector, each one step on the connector's first
  partition: full-import or delta-import with import-subtype to-cs, apply-rules with reevaluate-flow-connectors
  (full synchronization) or apply-pending (delta synchronization), or export. A custom profile's step is read
  from its name (INFERRED: "Delta Import OU=Sales" is a delta import).
The schemas are short stand-ins with every selected attribute, not a directory's schema.
"""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

from typing import Any

from .._rules.facts import SETTING_SIGN_ON_METHOD
from .connector_schemas import ad_schema, entra_schema
from .export_values import ExportContext, cookie, entra_account, lab_guid, last_dc, msol_account, watermark
from .partitions import dn_fqdn, partitions
from .xml_text import CRLF, Element, element, leaves

DSML_TEXT = "String"
EMPTY_GUID = "{00000000-0000-0000-0000-000000000000}"
DEFAULT_RUN_PROFILES = ["Full Import", "Full Synchronization", "Delta Import", "Delta Synchronization", "Export"]
# Run profile steps [S24]: (step type, subtype element, subtype, batch size).
STEPS: dict[str, tuple[str, str | None, str | None, int]] = {
    "full import": ("full-import", "import-subtype", "to-cs", 50),
    "delta import": ("delta-import", "import-subtype", "to-cs", 50),
    "full synchronization": ("apply-rules", "apply-rules-subtype", "reevaluate-flow-connectors", 0),
    "delta synchronization": ("apply-rules", "apply-rules-subtype", "apply-pending", 0),
    "export": ("export", None, None, 30),
}
# Object classes the AD connector's partition filter always holds besides the selected ones: the containers
# it walks (the sample's filter lists them) [S24].
AD_HIERARCHY_CLASSES = ("container", "domainDNS", "organizationalUnit")
ENTRA_CLASSES = ("contact", "device", "group", "user")
# The wizard creates a connector's partitions a little after the connector (the sample: about 90 s) [S24].
PARTITION_CREATION_SECONDS = 90
PASSWORD_HASH_SYNC = "PasswordHashSync"


def _guid_upper(identifier: str) -> str:
    return "{" + identifier.strip("{}").upper() + "}"


def _guid_lower(identifier: str) -> str:
    return "{" + identifier.strip("{}").lower() + "}"


def _parameter(name: str, value: str | None, use: str, intrinsic: bool = False, encrypted: bool = False) -> Element:
    attributes = {"name": name, "type": "encrypted-string" if encrypted else "string", "use": use}
    attributes["dataType"] = DSML_TEXT
    if encrypted:
        attributes["encrypted"] = "1"
    if intrinsic:
        attributes["intrinsic"] = "1"
    return element("parameter", text=None if encrypted else value, attributes=attributes)


def _step_kind(profile: str) -> tuple[str, str | None, str | None, int]:
    lowered = profile.lower()
    if lowered in STEPS:
        return STEPS[lowered]
    if "export" in lowered:
        return STEPS["export"]
    if "sync" in lowered:
        return STEPS["full synchronization" if "full" in lowered else "delta synchronization"]
    return STEPS["full import" if "full" in lowered else "delta import"]


def _run_configuration(context: ExportContext, connector: dict[str, Any], profile: str, partition: str) -> Element:
    kind, subtype_tag, subtype, batch = _step_kind(profile)
    step_type = element(
        "step-type", *([element(subtype_tag, text=subtype)] if subtype_tag else []), attributes={"type": kind}
    )
    if connector["type"] == "AD":
        custom = element(
            "custom-data", element("adma-step-data", *leaves(batch_size=batch, page_size=500, time_limit=120))
        )
    else:
        custom = element(
            "custom-data",
            element("extensible2-step-data", *leaves(timeout=120, batch_size=batch)),
            element("parameter-values"),
        )
    step = element(
        "step",
        step_type,
        element("threshold", *leaves(object=0, batch_size=batch)),
        element("partition", text=partition),
        custom,
    )
    run_id = lab_guid("run-profile", context.computer, connector["identifier"].lower(), profile)
    return element(
        "run-configuration",
        element("id", text=_guid_lower(str(run_id))),
        element("name", text=profile),
        element("version", text=1),
        element("configuration", step),
    )


def _containers(connector: dict[str, Any], partition: dict[str, Any]) -> Element:
    exclusions = element("exclusions", *(element("exclusion", text=dn) for dn in partition["exclusions"]))
    # No inclusion is the whole partition: the AD connector then includes its root (INFERRED: the wizard's
    # "sync all domains and OUs"); the Entra ID partition writes one empty inclusion, as in the sample [S24].
    included = partition["inclusions"] or ([partition["name"]] if connector["type"] == "AD" else [""])
    inclusions = element("inclusions", *(element("inclusion", text=dn or None) for dn in included))
    return element("containers", exclusions, inclusions)


def _partition_data(context: ExportContext, connector: dict[str, Any], name: str) -> list[Element]:
    """The partition's custom data and parameters: per-server and per-export values (export_values.py)."""
    if connector["type"] != "AD":
        return [
            element(
                "custom-data",
                element("ecma-partition-data", *leaves(dn=name, name=name, is_domain=1)),
                element("water-mark", text=watermark(context.computer, context.now_text, context.count)),
            )
        ]
    fqdn = dn_fqdn(name) or connector["name"]
    domain_guid = _guid_upper(str(lab_guid("domain", fqdn.lower())))
    dc = last_dc(context.computer, fqdn)
    dirsync = cookie(context.computer, name, context.now_text, context.count)
    data = element(
        "adma-partition-data",
        *leaves(dn=name, name=fqdn, guid=domain_guid, sign_and_seal=1, is_domain=1, last_dc=dc, dc_failover=1),
        element("ssl-bind", text=0, attributes={"crl-check": "0"}),
        *leaves(simple_bind=0, cookie=dirsync),
    )
    parameters = element(
        "parameter-values",
        _parameter("guid", domain_guid, "partition"),
        _parameter("last-dc", dc, "partition"),
        _parameter("cookie", dirsync, "partition"),
        _parameter("Domain.FQDN", fqdn, "partition", intrinsic=True),
        _parameter("Domain.LDAP", name, "partition", intrinsic=True),
        _parameter("Domain.Netbios", fqdn.split(".")[0].upper(), "partition", intrinsic=True),
    )
    return [element("custom-data", data), parameters]


def _partition(
    context: ExportContext, connector: dict[str, Any], partition: dict[str, Any], version: int, offset: int
) -> Element:
    settings = context.settings(connector["identifier"])
    classes = list(settings.get("object_inclusion") or [])
    if connector["type"] == "AD":
        classes += [c for c in AD_HIERARCHY_CLASSES if c not in classes]
    partition_id = lab_guid("partition", context.computer, connector["identifier"].lower(), partition["name"])
    display = dn_fqdn(partition["name"]) if connector["type"] == "AD" else partition["name"]
    return element(
        "partition",
        element("id", text=_guid_lower(str(partition_id))),
        element("name", text=partition["name"]),
        *leaves(
            creation_time=context.created(offset + PARTITION_CREATION_SECONDS),
            last_modification_time=context.now_text,
            version=version,
        ),
        element("selected", text=1),
        element("display-name", text=display or partition["name"]),
        element(
            "filter",
            element("object-classes", *(element("object-class", text=c) for c in classes)),
            _containers(connector, partition),
        ),
        *_partition_data(context, connector, partition["name"]),
    )


def _ad_private(context: ExportContext, connector: dict[str, Any]) -> Element:
    forest = connector["name"]
    account = msol_account(context.computer)
    settings = context.product.get("global_settings") or {}
    phs = settings.get(SETTING_SIGN_ON_METHOD) == PASSWORD_HASH_SYNC
    entra = next((c for c in context.product["connectors"] if c["type"] != "AD"), None)
    target = _guid_upper(entra["identifier"]) if entra else EMPTY_GUID
    configuration = element(
        "adma-configuration",
        *leaves(forest_name=forest, forest_guid=EMPTY_GUID, forest_port=0, forest_login_domain=forest),
        *leaves(forest_login_user=account, sign_and_seal=1, default_ssl_strength=0),
        element("ssl-bind", text=0, attributes={"crl-check": "0"}),
        element("simple-bind", text=0),
        element("password-hash-sync-config", *leaves(enabled=1 if phs else 0, target=target)),
        element(
            "parameter-values",
            _parameter("forest-login-user", account, "connectivity"),
            _parameter("forest-login-domain", forest, "connectivity"),
            _parameter("password", None, "connectivity", encrypted=True),
            _parameter("forest-name", forest, "connectivity"),
            _parameter("Connector.GroupFilteringGroupDn", None, "global"),
            _parameter("Forest.FQDN", forest, "global", intrinsic=True),
            _parameter("Forest.LDAP", ",".join(f"DC={p}" for p in forest.split(".")), "global", intrinsic=True),
            _parameter("Forest.Netbios", forest.split(".")[0].upper(), "global", intrinsic=True),
        ),
    )
    return element("private-configuration", configuration)


def _entra_private(context: ExportContext, connector: dict[str, Any]) -> Element:
    tenant = connector["name"].split(" - ")[0]
    mappings = [element("mapping", *leaves(primary_class=c), element("oc-value", text=c)) for c in ENTRA_CLASSES]
    extension = leaves(
        filename="Microsoft.Azure.ActiveDirectory.Connector.dll",
        import_default_page_size=50,
        export_default_page_size=30,
        export_mode="call-based",
        import_mode="call-based",
        export_enabled=1,
        import_enabled=1,
        discovery_schema="extensibility",
        assembly_version=context.product["version"],
    )
    anchors = [element("attribute", text="cloudAnchor", attributes={"object_class": c}) for c in ENTRA_CLASSES]
    definitions = [
        element("parameter", *leaves(name=name, use="connectivity", type=kind))
        for name, kind in (("UserName", "string"), ("Password", "encrypted-string"))
    ]
    writeback = 1 if context.product.get("password_writeback") else 0
    configuration = element(
        "MAConfig",
        element("primary_class_mappings", *mappings),
        element("extension-config", *extension),
        element("file-type", text="Extensible2"),
        element("importing", element("anchor", *anchors)),
        element("parameter-definitions", *definitions),
        element(
            "parameter-values",
            _parameter("UserName", entra_account(context.computer, tenant), "connectivity"),
            _parameter("Password", None, "connectivity", encrypted=True),
        ),
        element("aad-password-reset-config", element("enabled", text=writeback)),
    )
    return element("private-configuration", configuration)


def connector_document(context: ExportContext, connector: dict[str, Any], offset: int) -> str:
    """The file's text; ``offset`` orders the connectors' creation times as the wizard made them."""
    ad = connector["type"] == "AD"
    settings = context.settings(connector["identifier"])
    imports = sum(
        1
        for run in context.product.get("run_history") or []
        if run["connector_id"].lower() == connector["identifier"].lower()
        and "import" in run["run_profile_name"].lower()
    )
    # The connector and its partitions are saved after every import (a new cookie) [S24]; every export of the
    # twin counts as one more, so two exports of one state differ (export_values.py).
    version = 1 + imports + context.count
    header = [
        element("format-version", text=1),
        element("id", text=_guid_upper(connector["identifier"])),
        element("name", text=connector["name"]),
        element("category", text=connector["connector_type_name"] or connector["type"]),
        element("description"),
        element("subtype", text=connector.get("subtype") or None),
        element("ma-listname", text=None if ad else connector.get("subtype")),
        element("ma-companyname", text=None if ad else "Microsoft"),
        *leaves(creation_time=context.created(offset), last_modification_time=context.now_text, version=version),
        element("internal-version", text=0 if ad else 1),
    ]
    attributes = settings.get("attribute_inclusion") or []
    described = [
        element("password-sync-allowed", text=0),
        element(
            "schema", ad_schema(attributes, settings.get("object_inclusion") or []) if ad else entra_schema(attributes)
        ),
        _ad_private(context, connector) if ad else _entra_private(context, connector),
        element("attribute-inclusion", *(element("attribute", text=a) for a in attributes)),
    ]
    found = partitions(connector, settings)
    step_partition = _guid_upper(
        str(lab_guid("partition", context.computer, connector["identifier"].lower(), found[0]["name"]))
    )
    rest = [
        element("join", tight=True),
        element("projection", tight=True),
        element("export-attribute-flow", tight=True),
        element("ma-partition-data", *(_partition(context, connector, p, version, offset) for p in found)),
        element(
            "ma-run-data",
            *(
                _run_configuration(context, connector, profile, step_partition)
                for profile in settings.get("run_profiles", DEFAULT_RUN_PROFILES)
            ),
        ),
        element("component_mappings"),
        element(
            "password-sync", *leaves(maximum_retry_count=10, retry_interval=60, allow_low_security=0, unlock_account=0)
        ),
        element("encrypted-attributes"),
    ]
    tail = "".join(e.compact() for e in rest) + "</ma-data>"
    if ad:
        lines = [line for e in header for line in e.lines("  ")]
        return CRLF.join(["<ma-data>", *lines, "  " + "".join(e.compact() for e in described) + tail])
    lines = [line for e in header + described for line in e.lines("  ")]
    return CRLF.join(["<ma-data>", *lines[:-1], lines[-1] + tail])


def connector_file_name(connector: dict[str, Any]) -> str:
    return f"Connectors/Connector_{_guid_lower(connector['identifier'])}.xml"
