"""What the csexport analysis costs: throughput and peak memory on generated csexport files of 10k, 100k
and 1M pending exports, next to a bare lxml iterparse pass over the same file. Prints figures; asserts
nothing. Run with `make benchmarks`, or alone:
`.venv/bin/python tests/benchmarks/bench_csexport.py` (ENTRA_BENCH_CSEXPORT_SIZES=10000,100000 for a quick run).

Each measurement runs in a child process of its own, so its peak RSS (ru_maxrss of that child, read by
the child when its pass is done) is its own and does not mix with the generator's or another pass's;
the time is the pass alone, taken in the child, without the interpreter's start. The files are written
to a temporary directory first and read back from the page cache by every pass. MB = 10^6 bytes.

lxml's pass is the floor any Python-level reader of the file can hope for: libxml2 parses and builds
each element in C, the loop only clears it (elem.clear() per element, nothing else). The analysis does
everything it does for the module: counts, samples, and, in the "with CSV" row, the CSV listing too.
"""

from __future__ import annotations

import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SIZES = (10_000, 100_000, 1_000_000)
SIZES_VARIABLE = "ENTRA_BENCH_CSEXPORT_SIZES"
# Small files are read several times and the fastest pass counts: the machine may be shared.
SMALL = 100_000
ROUNDS_SMALL = 3
CONNECTOR = "contoso.com"
BASE = "OU=Users,OU=Corp,DC=contoso,DC=com"

# The mix of pending exports: (weight, operation, object type, renamed). Mostly updates, as after a
# schema or rule change; some adds and deletes; a few renames, replaces and delete-adds.
MIX = (
    (50, "update", "user", False),
    (8, "update", "group", False),
    (12, "add", "user", False),
    (2, "add", "contact", False),
    (10, "delete", "user", False),
    (2, "delete", "group", False),
    (6, "update", "user", True),
    (5, "replace", "user", False),
    (3, "delete-add", "user", False),
    (2, "obsolete", "user", False),
)

HOLOGRAM_ATTRIBUTES = (
    ("cn", "string", "User {i:07d}"),
    ("sAMAccountName", "string", "user{i:07d}"),
    ("userPrincipalName", "string", "user{i:07d}@contoso.com"),
    ("givenName", "string", "Given{i}"),
    ("sn", "string", "Surname {i}"),
    ("department", "string", "Department {d}"),
    ("title", "string", "Engineer, level {d}"),
    ("telephoneNumber", "string", "+1 555 {i:07d}"),
    ("mail", "string", "user{i:07d}@contoso.com"),
    ("userAccountControl", "integer", "512"),
    ("msExchHideFromAddressLists", "boolean", "false"),
    ("objectGUID", "binary", "3q2+7wAAAAAAAAAAAAAAAA=="),
    ("objectSid", "binary", "AQUAAAAAAAUVAAAAsJSV3+lcW0pAH0Ou6gMAAA=="),
    ("pwdLastSet", "integer", "133460000000000000"),
)


def _attr(name: str, atype: str, value: str, operation: str = "") -> str:
    op = f' operation="{operation}"' if operation else ""
    encoding = ' encoding="base64"' if atype == "binary" else ""
    return f'<attr name="{name}" type="{atype}" multivalued="false"{op}><value{encoding}>{value}</value></attr>'


def _entry(dn: str, i: int, display: str, proxies: list[str], manager: str, object_type: str) -> str:
    d = i % 40
    attrs = "".join(_attr(name, atype, template.format(i=i, d=d)) for name, atype, template in HOLOGRAM_ATTRIBUTES)
    values = "".join(f"<value>{proxy}</value>" for proxy in proxies)
    return (
        f'<entry dn="{dn}"><anchor encoding="base64">Q046VXNlciB7aX0=</anchor>'
        f'<parent-anchor encoding="base64">T1U9VXNlcnM=</parent-anchor>'
        f"<primary-objectclass>{object_type}</primary-objectclass>"
        f"<objectclass><oc-value>top</oc-value><oc-value>person</oc-value>"
        f"<oc-value>organizationalPerson</oc-value><oc-value>{object_type}</oc-value></objectclass>"
        f"{attrs}{_attr('displayName', 'string', display)}"
        f'<attr name="proxyAddresses" type="string" multivalued="true">{values}</attr>'
        f'<dn-attr name="manager" multivalued="false"><dn-value><dn>{manager}</dn>'
        f'<anchor encoding="base64">Q046TWdy</anchor></dn-value></dn-attr></entry>'
    )


def _delta(operation: str, i: int, dn: str, new_dn: str | None, object_type: str) -> str:
    renamed = f' newdn="{new_dn}"' if new_dn else ""
    if operation in ("delete", "obsolete"):
        return f'<delta operation="{operation}" dn="{dn}"{renamed}/>'
    if object_type == "group":
        members = "".join(
            f'<dn-value operation="{"add" if k % 3 else "delete"}">'
            f"<dn>CN=User {(i + k) % 99991:07d},{BASE}</dn></dn-value>"
            for k in range(6)
        )
        body = f'<dn-attr name="member" multivalued="true" operation="update">{members}</dn-attr>'
    elif operation == "add" or operation == "delete-add":
        body = "".join(
            _attr(name, atype, template.format(i=i, d=i % 40), "add") for name, atype, template in HOLOGRAM_ATTRIBUTES
        ) + (
            f'<attr name="proxyAddresses" type="string" multivalued="true" operation="add">'
            f"<value>SMTP:user{i:07d}@contoso.com</value><value>smtp:u{i}@contoso.mail.onmicrosoft.com</value></attr>"
        )
    else:
        body = (
            _attr("displayName", "string", f"User {i:07d} (new)", "replace")
            + _attr("title", "string", f"Engineer, level {(i + 1) % 40}", "replace")
            + '<attr name="proxyAddresses" type="string" multivalued="true" operation="update">'
            f'<value operation="add">smtp:user{i:07d}@fabrikam.com</value>'
            f'<value operation="delete">smtp:old{i:07d}@contoso.com</value></attr>'
        )
        if i % 3 == 0:
            body += (
                '<dn-attr name="manager" multivalued="false" operation="replace">'
                f'<dn-value operation="add"><dn>CN=Manager {i % 97:03d},{BASE}</dn></dn-value></dn-attr>'
            )
    return f'<delta operation="{operation}" dn="{dn}"{renamed}>{body}</delta>'


def cs_object(i: int, choice: tuple[int, str, str, bool]) -> str:
    _weight, operation, object_type, renamed = choice
    dn = f"CN=User {i:07d},{BASE}"
    new_dn = f"CN=User {i:07d} (renamed),{BASE}" if renamed else None
    proxies = [f"SMTP:user{i:07d}@contoso.com", f"smtp:old{i:07d}@contoso.com"]
    manager = f"CN=Manager {(i + 1) % 97:03d},{BASE}"
    old = "" if operation == "add" else _entry(dn, i, f"User {i:07d}", proxies, manager, object_type)
    new = "" if operation == "delete" else _entry(new_dn or dn, i, f"User {i:07d} (new)", proxies, manager, object_type)
    guid = f"{{{i:08X}-1111-2222-3333-444455556666}}"
    return (
        f'<cs-object cs-dn="{dn}" id="{guid}" object-type="{object_type}">'
        f"<unapplied-export>{_delta(operation, i, dn, new_dn, object_type)}</unapplied-export>"
        + (f"<unapplied-export-hologram>{new}</unapplied-export-hologram>" if new else "")
        + (f"<synchronized-hologram>{old}</synchronized-hologram>" if old else "")
        + f'<mv-link lineage-id="{guid}" lineage-type="sync-rule" lineage-time="2026-11-20 10:00:00.000">'
        f"{guid}</mv-link><connector>1</connector><connector-state>normal</connector-state>"
        f"<ma-id>{{B891884F-051E-4A83-95AF-2544101C9083}}</ma-id><ma-name>{CONNECTOR}</ma-name>"
        f"<export-delta-operation>{operation}</export-delta-operation>"
        "</cs-object>"
    )


def document(count: int) -> Iterator[bytes]:
    """The csexport file of ``count`` cs-objects, in pieces; one line, as csexport writes it."""
    chooser = random.Random(count)
    choices = chooser.choices(MIX, weights=[weight for weight, *_rest in MIX], k=count)
    yield b'<?xml version="1.0" encoding="UTF-8"?><cs-objects>'
    batch: list[str] = []
    for i, choice in enumerate(choices):
        batch.append(cs_object(i, choice))
        if len(batch) == 2000:
            yield "".join(batch).encode("utf-8")
            batch = []
    yield ("".join(batch) + "</cs-objects>").encode("utf-8")


def peak_rss_kib() -> int:
    """This process's peak resident set in KiB: VmHWM of its own memory map.

    Not ru_maxrss: Linux carries a process's ru_maxrss over exec, so a child started by this (large)
    benchmark process would report the parent's peak if it was higher.
    """
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def child(mode: str, path: str, csv_path: str) -> None:
    """One measured pass, in this process; prints its times, peak RSS and a check figure as JSON."""
    if mode == "lxml":
        from lxml import etree

        def run() -> int:
            elements = 0
            for _event, element in etree.iterparse(path):
                element.clear()
                elements += 1
            return elements

    else:
        sys.path.insert(0, str(ROOT / "tests"))
        import conftest  # noqa: F401  (makes the collection importable)
        from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._csexport.analysis import analyse

        def run() -> int:
            return int(analyse(path, csv_path=csv_path if mode == "csv" else None)["objects"])

    baseline = peak_rss_kib()
    wall, cpu = time.perf_counter(), time.process_time()
    check = run()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(json.dumps({"wall": wall, "cpu": cpu, "peak_kib": peak_rss_kib(), "baseline_kib": baseline, "check": check}))


def measure(mode: str, path: Path, csv_path: Path, rounds: int) -> dict[str, float]:
    """The best of ``rounds`` passes, each in a fresh child process."""
    best: dict[str, float] = {}
    for _round in range(rounds):
        output = subprocess.run(
            [sys.executable, __file__, "--child", mode, str(path), str(csv_path)],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        ).stdout
        figures = json.loads(output.splitlines()[-1])
        if not best or figures["cpu"] < best["cpu"]:
            best = figures
    return best


def sizes() -> tuple[int, ...]:
    given = os.environ.get(SIZES_VARIABLE, "").strip()
    return tuple(int(size) for size in given.split(",") if size.strip()) if given else DEFAULT_SIZES


def main() -> None:
    print(
        f"csexport analysis against lxml {_lxml_version()} iterparse; python {sys.version.split()[0]}, "
        f"{os.cpu_count()} CPUs. MB/s from CPU time (user + system) of the pass; wall time in seconds."
    )
    print(
        f"{'objects':>9} {'file MB':>8} {'lxml MB/s':>10} {'RSS':>8} {'analysis MB/s':>14} {'ratio':>6} {'RSS':>8} "
        f"{'wall':>7} {'with CSV MB/s':>14} {'RSS':>8} {'wall':>7} {'CSV MB':>7}"
    )
    baseline = 0.0
    for count in sizes():
        rounds = ROUNDS_SMALL if count <= SMALL else 1
        with tempfile.TemporaryDirectory(prefix="entra-bench-csexport-") as directory:
            path = Path(directory) / "export.xml"
            csv_path = Path(directory) / "export.csv"
            with open(path, "wb") as handle:
                for piece in document(count):
                    handle.write(piece)
            megabytes = path.stat().st_size / 1e6
            lxml = measure("lxml", path, csv_path, rounds)
            analysis = measure("analysis", path, csv_path, rounds)
            listed = measure("csv", path, csv_path, rounds)
            csv_mb = csv_path.stat().st_size / 1e6
        lxml_rate = megabytes / lxml["cpu"]
        rate = megabytes / analysis["cpu"]
        baseline = analysis["baseline_kib"] / 1024
        print(
            f"{count:>9} {megabytes:>8.1f} {lxml_rate:>10.1f} {lxml['peak_kib'] / 1024:>4.0f} MiB"
            f" {rate:>14.1f} {rate / lxml_rate:>6.2f} {analysis['peak_kib'] / 1024:>4.0f} MiB {analysis['wall']:>6.1f}s"
            f" {megabytes / listed['cpu']:>14.1f} {listed['peak_kib'] / 1024:>4.0f} MiB {listed['wall']:>6.1f}s"
            f" {csv_mb:>7.1f}"
        )
    print(
        f"RSS: peak resident set (VmHWM) of the child that made the pass, interpreter and imports included; "
        f"a child with the collection imported holds {baseline:.0f} MiB before its pass. Best of {ROUNDS_SMALL} "
        f"passes up to {SMALL} objects, one pass above."
    )


def _lxml_version() -> str:
    from lxml import etree

    return ".".join(str(part) for part in etree.LXML_VERSION[:3])


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        main()
