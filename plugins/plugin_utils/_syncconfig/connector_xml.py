# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""A ``Connector_{guid}.xml`` file as fields (layout: the Contoso sample and [S24]).

``Get-ADSyncServerConfiguration`` writes a bare ``<ma-data>``; Synchronization Service Manager's Export
Connector wraps it in ``<saved-ma-configuration>`` [S24]: both are read. Compared: the connector's type, its
parameters (but not passwords, the per-installation account, cookies, the last DC or watermarks), the anchor
of each object class (Extensible2), password hash sync and password reset, the password-sync retry settings,
the selected attributes, each partition by name (selected, object types, container inclusions and
exclusions), and each run profile by name with its steps (partitions by name, not GUID) and their
thresholds, batch and page sizes, time limits and timeouts. The schema is not: it is what the directory
offers, not a choice.
"""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

from xml.etree.ElementTree import Element

from . import normalise
from .errors import ConfigError
from .model import Connector, Fields
from .xml_tree import local, text_of

ROOT = "ma-data"
WRAPPER = "saved-ma-configuration"
# Parameters that differ between two installations of one configuration.
_VOLATILE_PARAMETERS = frozenset({"cookie", "last-dc", "guid", "forest-guid", "password"})
_ACCOUNT_PARAMETERS = frozenset({"forest-login-user", "username"})
_VOLATILE_EXTENSION = frozenset({"assembly-version"})


def _parameters(configuration: Element, prefix: str, fields: Fields) -> None:
    for parameter in configuration.iter("parameter"):
        name = parameter.get("name")
        if not name or parameter.get("encrypted") == "1" or name.lower() in _VOLATILE_PARAMETERS:
            continue
        value = text_of(parameter)
        fields[f"{prefix}parameter[{name}]"] = (
            normalise.account(value) if name.lower() in _ACCOUNT_PARAMETERS else value
        )


def _private(root: Element, fields: Fields) -> None:
    private = root.find("private-configuration")
    if private is None:
        return
    _parameters(private, "", fields)
    for attribute in private.iterfind(".//importing/anchor/attribute"):
        fields[f"anchor[{attribute.get('object_class', '')}]"] = text_of(attribute)
    for setting in private.iterfind(".//extension-config/*"):
        if local(setting.tag) not in _VOLATILE_EXTENSION and len(setting) == 0:
            fields[f"extension[{local(setting.tag)}]"] = text_of(setting)
    for setting in private.iterfind(".//aad-password-reset-config/*"):
        if local(setting.tag) != "modified-timestamp" and len(setting) == 0:
            fields[f"password_reset[{local(setting.tag)}]"] = text_of(setting)
    enabled = private.find(".//password-hash-sync-config/enabled")
    if enabled is not None:
        fields["password_hash_sync"] = normalise.boolean(text_of(enabled))
    for hierarchy in private.iter():
        # The provisioning hierarchy (INFERRED element name: the Documenter's section "Partitions and hierarchy").
        if "hierarchy" in local(hierarchy.tag) and text_of(hierarchy) and local(hierarchy.tag) != "discovery-hierarchy":
            fields[f"hierarchy[{local(hierarchy.tag)}]"] = text_of(hierarchy)


def _partitions(root: Element, fields: Fields) -> dict[str, str]:
    """The partitions' fields; returns partition GUID -> name, for the run profiles' steps."""
    names: dict[str, str] = {}
    for partition in root.iterfind("ma-partition-data/partition"):
        name = text_of(partition, "name")
        names[normalise.guid(text_of(partition, "id"))] = name
        prefix = f"partition[{name}]"
        fields[f"{prefix}.selected"] = normalise.boolean(text_of(partition, "selected"))
        fields[f"{prefix}.object_types"] = frozenset(
            text_of(c) for c in partition.iterfind("filter/object-classes/object-class") if text_of(c)
        )
        for kind in ("inclusion", "exclusion"):
            fields[f"{prefix}.{kind}s"] = frozenset(
                text_of(c) for c in partition.iterfind(f"filter/containers/{kind}s/{kind}") if text_of(c)
            )
        parameters = partition.find("parameter-values")
        if parameters is not None:
            _parameters(parameters, f"{prefix}.", fields)
    return names


def _step(step: Element, partitions: dict[str, str]) -> str:
    step_type = step.find("step-type")
    kind = step_type.get("type", "") if step_type is not None else ""
    subtype = " ".join(text_of(child) for child in step_type) if step_type is not None else ""
    partition = partitions.get(normalise.guid(text_of(step, "partition")), text_of(step, "partition"))
    text = " ".join(part for part in (kind, subtype) if part) + f" on {partition or 'no partition'}"
    # The step's settings: the threshold and the batch, page, time limit and timeout of its connector.
    settings = [f"threshold {local(e.tag)} {text_of(e)}" for e in step.iterfind("threshold/*") if len(e) == 0]
    settings += [f"{local(e.tag)} {text_of(e)}" for e in step.iterfind("custom-data/*/*") if len(e) == 0]
    return text + (f" ({', '.join(settings)})" if settings else "")


def read_connector(root: Element, where: str) -> Connector:
    if root.tag == WRAPPER:
        inner = root.find(ROOT)
        if inner is None:
            raise ConfigError(f"{where} is an exported connector without its <{ROOT}>")
        root = inner
    if root.tag != ROOT:
        raise ConfigError(f"{where} is not a connector: its root element is <{root.tag}>, not <{ROOT}>")
    name, identifier = text_of(root, "name"), normalise.guid(text_of(root, "id"))
    if not name or not identifier:
        raise ConfigError(f"{where} is not a whole connector: it lacks its <name> or <id>")
    category = text_of(root, "category")
    fields: Fields = {
        "category": category,
        "subtype": text_of(root, "subtype"),
        "description": normalise.lines(text_of(root, "description")),
        "attribute_inclusion": frozenset(text_of(a) for a in root.iterfind("attribute-inclusion/attribute")),
    }
    _private(root, fields)
    for setting in root.iterfind("password-sync/*"):
        if len(setting) == 0:
            fields[f"password_sync[{local(setting.tag)}]"] = text_of(setting)
    partitions = _partitions(root, fields)
    for profile in root.iterfind("ma-run-data/run-configuration"):
        steps = [_step(step, partitions) for step in profile.iterfind("configuration/step")]
        fields[f"run_profile[{text_of(profile, 'name')}]"] = "; ".join(steps)
    return Connector(identifier, name, category, fields)
