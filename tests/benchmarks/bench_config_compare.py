"""What the configuration comparison costs: reading two server-configuration exports and comparing them, for
100, 1,000 and 10,000 sync rules, on 2 and 16 connectors. Prints figures; asserts nothing. Run with
`make benchmarks`, or alone: `.venv/bin/python tests/benchmarks/bench_config_compare.py`
(ENTRA_BENCH_CONFIG_RULES=100,1000 for a quick run).

The exports are generated from Microsoft's Contoso sample (../shared/reference-data, read, never copied):
its 62 rules cycled under new names and GUIDs onto the connectors, and one side changed in about 1% of its
rules (a renamed rule, a changed expression, a disabled rule, an upgraded standard rule) so the comparison
has work to report. Times are the best of three passes; "read" is both exports from the page cache,
"compare" the pairing and the field-by-field comparison alone. The ratio column is compare time per rule
against the 100-rule run of the same connector count, in the same process: near 1 means linear growth.
Peak memory is tracemalloc's peak of the read and the comparison of both sides together.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
import time
import tracemalloc
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / ".collections"))
sys.path.insert(0, str(ROOT / "tests" / "unit" / "plugins" / "plugin_utils" / "_syncconfig"))

from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._syncconfig.compare import (  # noqa: E402
    compare,
)
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._syncconfig.load import (  # noqa: E402
    read_configuration,
)
from contoso_export import PRODUCTION  # noqa: E402

DEFAULT_RULES = (100, 1_000, 10_000)
RULES_VARIABLE = "ENTRA_BENCH_CONFIG_RULES"
CONNECTOR_COUNTS = (2, 16)
ROUNDS = 3
T = TypeVar("T")


def _best(rounds: int, run: Callable[[], T]) -> tuple[float, T]:
    best, value = float("inf"), None
    for _round in range(rounds):
        started = time.perf_counter()
        value = run()
        best = min(best, time.perf_counter() - started)
    assert value is not None
    return best, value


def _generate(folder: Path, rules: int, connectors: int, changed: bool) -> Path:
    """An export of ``rules`` rules on ``connectors`` connectors (half AD forests, half Entra-like)."""
    (folder / "Connectors").mkdir(parents=True)
    (folder / "SynchronizationRules").mkdir()
    (folder / "GlobalSettings").mkdir()
    shutil.copy(PRODUCTION / "GlobalSettings" / "MV.xml", folder / "GlobalSettings" / "MV.xml")
    sources = sorted((PRODUCTION / "Connectors").iterdir())
    ids = []
    for index in range(connectors):
        text = sources[index % len(sources)].read_text(encoding="utf-8")
        identifier = str(uuid.UUID(int=index + 1))
        text = re.sub(r"<id>\{[^}]*\}</id>", f"<id>{{{identifier.upper()}}}</id>", text, count=1)
        text = re.sub(r"<name>([^<]*)</name>", rf"<name>\g<1> #{index}</name>", text, count=1)
        (folder / "Connectors" / f"Connector_{{{identifier}}}.xml").write_text(text, encoding="utf-8")
        ids.append(identifier)
    templates = [p.read_text(encoding="utf-8") for p in sorted((PRODUCTION / "SynchronizationRules").iterdir())]
    for index in range(rules):
        text = templates[index % len(templates)]
        text = re.sub(r"<name>([^<]*)</name>", rf"<name>\g<1> {index}</name>", text, count=1)
        text = re.sub(
            r"<connector>\{[^}]*\}</connector>", f"<connector>{{{ids[index % connectors]}}}</connector>", text
        )
        text = re.sub(r"<id>\{[^}]*\}</id>", f"<id>{{{uuid.uuid4()}}}</id>", text, count=1)
        if changed and index % 100 == 1:
            text = re.sub(r"<name>([^<]*)</name>", r"<name>\g<1> (renamed)</name>", text, count=1)
        if changed and index % 100 == 2:
            text = text.replace("<disabled>False</disabled>", "<disabled>True</disabled>")
        if changed and index % 100 == 3:
            text = re.sub(r"\.(\d{3})</immutable-tag>", lambda m: f".{int(m.group(1)) + 1:03d}</immutable-tag>", text)
        if changed and index % 100 == 4:
            text = text.replace(
                "<valueMergeType>Update</valueMergeType>", "<valueMergeType>Replace</valueMergeType>", 1
            )
        (folder / "SynchronizationRules" / f"SynchronizationRule_{{{uuid.uuid4()}}}.xml").write_text(
            text, encoding="utf-8"
        )
    return folder


def main() -> None:
    sizes = tuple(int(s) for s in os.environ.get(RULES_VARIABLE, "").split(",") if s) or DEFAULT_RULES
    print(f"python {sys.version.split()[0]}; best of {ROUNDS}; Contoso's 62 rules cycled under new names")
    columns = (
        ("rules", 7),
        ("conn", 5),
        ("read 2 s", 9),
        ("compare s", 10),
        ("diffs", 6),
        ("us/rule", 8),
        ("ratio", 6),
    )
    print(" ".join(f"{name:>{width}}" for name, width in (*columns, ("peak MB", 8))))
    with tempfile.TemporaryDirectory(prefix="bench-config-") as work:
        for connectors in CONNECTOR_COUNTS:
            baseline = None
            for rules in sizes:
                reference = _generate(Path(work) / f"r{rules}-{connectors}", rules, connectors, changed=False)
                difference = _generate(Path(work) / f"d{rules}-{connectors}", rules, connectors, changed=True)
                read_time, (ref, diff) = _best(
                    ROUNDS,
                    lambda r=reference, d=difference: (
                        read_configuration(str(r), "r"),
                        read_configuration(str(d), "d"),
                    ),
                )
                compare_time, result = _best(ROUNDS, lambda a=ref, b=diff: compare(a, b))
                tracemalloc.start()
                compare(read_configuration(str(reference), "r"), read_configuration(str(difference), "d"))
                peak = tracemalloc.get_traced_memory()[1] / 1e6
                tracemalloc.stop()
                per_rule = compare_time / rules * 1e6
                baseline = baseline or per_rule
                print(
                    f"{rules:>7} {connectors:>5} {read_time:>9.3f} {compare_time:>10.4f} "
                    f"{len(result['differences']):>6} {per_rule:>8.1f} {per_rule / baseline:>6.2f} {peak:>8.1f}"
                )


if __name__ == "__main__":
    main()
