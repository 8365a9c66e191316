"""Hand-written csexport documents for the tests, in the layout csexport /f:x writes [S21]; what each one
holds is listed next to it, and the tests state the counts that follow from that list."""

from __future__ import annotations

from pathlib import Path

USERS = "OU=Users,DC=contoso,DC=com"
GROUPS = "OU=Groups,DC=contoso,DC=com"

# Ten cs-objects of the connector contoso.com:
#  1 Ada     user    add         displayName (add), proxyAddresses (multi, 2 values added), manager (ref, add)
#  2 Bob     user    update      displayName replace (old "Bob Old", new "Bob New"), proxyAddresses update
#                                (1 value added, 1 deleted), manager replace (CN=Boss1 -> CN=Boss2)
#  3 Carol   user    update      renamed to CN=Caroline; sn replace (old Smith, new Jones); holograms BEFORE delta
#  4 Dave    user    delete      no attribute
#  5 Group1  group   delete-add  member (ref, multi, 2 values added)
#  6 Group2  group   replace     description replace (no holograms: new value from the delta), member update
#                                (1 value added, 1 deleted)
#  7 Eve     user    obsolete    displayName replace (not an export)
#  8 Frank   contact             no unapplied-export, only a pending import (not counted)
#  9 Gina    user    none        renamed to CN=Georgina (a rename alone)
# 10 Hal     user    none        no newdn (nothing exported)
MIXED_OBJECTS = f"""
<cs-object cs-dn="CN=Ada,{USERS}" id="{{00000000-0000-0000-0000-000000000001}}" object-type="user">
 <unapplied-export>
  <delta operation="add" dn="CN=Ada,{USERS}">
   <anchor encoding="base64">QWRh</anchor>
   <primary-objectclass>user</primary-objectclass>
   <objectclass><oc-value>top</oc-value><oc-value>user</oc-value></objectclass>
   <attr name="displayName" type="string" multivalued="false" operation="add"><value>Ada Lovelace</value></attr>
   <attr name="proxyAddresses" type="string" multivalued="true" operation="add">
    <value>SMTP:ada@contoso.com</value><value>smtp:ada@contoso.onmicrosoft.com</value>
   </attr>
   <dn-attr name="manager" multivalued="false" operation="add">
    <dn-value operation="add"><dn>CN=Boss1,{USERS}</dn><anchor encoding="base64">Qm9zcw==</anchor></dn-value>
   </dn-attr>
  </delta>
 </unapplied-export>
 <unapplied-export-hologram>
  <entry dn="CN=Ada,{USERS}">
   <attr name="displayName" type="string" multivalued="false"><value>Ada Lovelace</value></attr>
   <dn-attr name="manager" multivalued="false"><dn-value><dn>CN=Boss1,{USERS}</dn></dn-value></dn-attr>
  </entry>
 </unapplied-export-hologram>
 <ma-name>contoso.com</ma-name>
</cs-object>
<cs-object cs-dn="CN=Bob,{USERS}" id="{{00000000-0000-0000-0000-000000000002}}" object-type="user">
 <unapplied-export>
  <delta operation="update" dn="CN=Bob,{USERS}">
   <attr name="displayName" type="string" multivalued="false" operation="replace"><value>Bob New</value></attr>
   <attr name="proxyAddresses" type="string" multivalued="true" operation="update">
    <value operation="add">smtp:b2@contoso.com</value><value operation="delete">smtp:b1@contoso.com</value>
   </attr>
   <dn-attr name="manager" multivalued="false" operation="replace">
    <dn-value operation="add"><dn>CN=Boss2,{USERS}</dn></dn-value>
   </dn-attr>
  </delta>
 </unapplied-export>
 <unapplied-export-hologram>
  <entry dn="CN=Bob,{USERS}">
   <attr name="displayName" type="string" multivalued="false"><value>Bob New</value></attr>
   <attr name="proxyAddresses" type="string" multivalued="true">
    <value>SMTP:bob@contoso.com</value><value>smtp:b2@contoso.com</value>
   </attr>
   <dn-attr name="manager" multivalued="false"><dn-value><dn>CN=Boss2,{USERS}</dn></dn-value></dn-attr>
  </entry>
 </unapplied-export-hologram>
 <synchronized-hologram>
  <entry dn="CN=Bob,{USERS}">
   <attr name="displayName" type="string" multivalued="false"><value>Bob Old</value></attr>
   <attr name="proxyAddresses" type="string" multivalued="true">
    <value>SMTP:bob@contoso.com</value><value>smtp:b1@contoso.com</value>
   </attr>
   <dn-attr name="manager" multivalued="false"><dn-value><dn>CN=Boss1,{USERS}</dn></dn-value></dn-attr>
  </entry>
 </synchronized-hologram>
 <ma-name>contoso.com</ma-name>
</cs-object>
<cs-object cs-dn="CN=Carol,{USERS}" id="{{00000000-0000-0000-0000-000000000003}}" object-type="user">
 <synchronized-hologram>
  <entry dn="CN=Carol,{USERS}">
   <attr name="sn" type="string" multivalued="false"><value>Smith</value></attr>
   <attr name="givenName" type="string" multivalued="false"><value>Carol</value></attr>
  </entry>
 </synchronized-hologram>
 <unapplied-export-hologram>
  <entry dn="CN=Caroline,{USERS}">
   <attr name="sn" type="string" multivalued="false"><value>Jones</value></attr>
   <attr name="givenName" type="string" multivalued="false"><value>Carol</value></attr>
  </entry>
 </unapplied-export-hologram>
 <unapplied-export>
  <delta operation="update" dn="CN=Carol,{USERS}" newdn="CN=Caroline,{USERS}">
   <attr name="sn" type="string" multivalued="false" operation="replace"><value>Jones</value></attr>
  </delta>
 </unapplied-export>
</cs-object>
<cs-object cs-dn="CN=Dave,{USERS}" id="{{00000000-0000-0000-0000-000000000004}}" object-type="user">
 <unapplied-export><delta operation="delete" dn="CN=Dave,{USERS}"/></unapplied-export>
 <synchronized-hologram>
  <entry dn="CN=Dave,{USERS}"><attr name="sn" type="string" multivalued="false"><value>Doe</value></attr></entry>
 </synchronized-hologram>
</cs-object>
<cs-object cs-dn="CN=Group1,{GROUPS}" id="{{00000000-0000-0000-0000-000000000005}}" object-type="group">
 <unapplied-export>
  <delta operation="delete-add" dn="CN=Group1,{GROUPS}">
   <dn-attr name="member" multivalued="true" operation="add">
    <dn-value><dn>CN=Ada,{USERS}</dn></dn-value><dn-value><dn>CN=Bob,{USERS}</dn></dn-value>
   </dn-attr>
  </delta>
 </unapplied-export>
</cs-object>
<cs-object cs-dn="CN=Group2,{GROUPS}" id="{{00000000-0000-0000-0000-000000000006}}" object-type="group">
 <unapplied-export>
  <delta operation="replace" dn="CN=Group2,{GROUPS}">
   <attr name="description" type="string" multivalued="false" operation="replace"><value>All staff</value></attr>
   <dn-attr name="member" multivalued="true" operation="update">
    <dn-value operation="add"><dn>CN=Carol,{USERS}</dn></dn-value>
    <dn-value operation="delete"><dn>CN=Dave,{USERS}</dn></dn-value>
   </dn-attr>
  </delta>
 </unapplied-export>
</cs-object>
<cs-object cs-dn="CN=Eve,{USERS}" id="{{00000000-0000-0000-0000-000000000007}}" object-type="user">
 <unapplied-export>
  <delta operation="obsolete" dn="CN=Eve,{USERS}">
   <attr name="displayName" type="string" multivalued="false" operation="replace"><value>Eve</value></attr>
  </delta>
 </unapplied-export>
</cs-object>
<cs-object cs-dn="CN=Frank,{USERS}" id="{{00000000-0000-0000-0000-000000000008}}" object-type="contact">
 <pending-import>
  <delta operation="delete" dn="CN=Frank,{USERS}"/>
 </pending-import>
</cs-object>
<cs-object cs-dn="CN=Gina,{USERS}" id="{{00000000-0000-0000-0000-000000000009}}" object-type="user">
 <unapplied-export><delta operation="none" dn="CN=Gina,{USERS}" newdn="CN=Georgina,{USERS}"/></unapplied-export>
</cs-object>
<cs-object cs-dn="CN=Hal,{USERS}" id="{{00000000-0000-0000-0000-000000000010}}" object-type="user">
 <unapplied-export><delta operation="none" dn="CN=Hal,{USERS}"/></unapplied-export>
</cs-object>
"""


def document(objects: str, declaration: str = '<?xml version="1.0" encoding="UTF-8"?>') -> str:
    return f"{declaration}\n<cs-objects>{objects}</cs-objects>\n"


def write(directory: Path, text: str, name: str = "export.xml", encoding: str = "utf-8") -> str:
    path = directory / name
    path.write_bytes(text.encode(encoding))
    return str(path)


def cs_object(dn: str, operation: str, attributes: str = "", object_type: str = "user", extra: str = "") -> str:
    """One cs-object with a pending export of ``operation`` and the delta's ``attributes`` (XML)."""
    return (
        f'<cs-object cs-dn="{dn}" id="{{00000000-0000-0000-0000-00000000ffff}}" object-type="{object_type}">'
        f'<unapplied-export><delta operation="{operation}" dn="{dn}">{attributes}</delta></unapplied-export>'
        f"{extra}</cs-object>"
    )
