"""The csexport primitive's contract, both sides: the script's parameters, validation and answer, and the
twin's answer on every seed, against schemas/csexport.json."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import powershell_ast as ps
import pytest
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._common.errors import HostCommandError
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._contract.validate import (
    first_violation,
    load_schema,
)
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._host.primitives import (
    PRIMITIVES,
    csexport_parameters,
)
from ansible_collections.hybrid_identity.entra_connect.plugins.plugin_utils._lab.csexport import FILTER_PATTERN
from lab_twins import twin_of

SCRIPT = Path(PRIMITIVES["csexport"].script_path)
SEED_DIR = Path(__file__).resolve().parents[2] / "lab" / "seeds"
SEEDS = sorted(p for p in SEED_DIR.glob("*.json") if not p.name.endswith(".tenant.json"))
PATH = "C:\\ProgramData\\csexport.xml"


def test_the_script_parses_and_declares_exactly_the_parameters_python_sends() -> None:
    tree = ps.parse(SCRIPT)
    assert ps.error_lines(tree) == []
    declared = sorted(PRIMITIVES["csexport"].declared)
    assert sorted(ps.param_names(tree)) == sorted(csexport_parameters("c", "p")) == declared
    assert sorted(ps.mandatory_names(tree)) == sorted(PRIMITIVES["csexport"].parameters)


def test_the_script_validates_the_filter_with_the_twins_pattern() -> None:
    patterns = [a for a in ps.attributes(ps.parse(SCRIPT)) if a.startswith("ValidatePattern(")]
    assert patterns == [f"ValidatePattern('{FILTER_PATTERN}')"]


def test_the_script_runs_csexport_with_an_argument_array_and_checks_its_exit_code() -> None:
    code = "\n".join(line for line in SCRIPT.read_text().splitlines() if not line.lstrip().startswith("#"))
    assert "& $Executable @Arguments" in code
    assert '-Arguments @($ConnectorName, $Path, "/f:$Filter")' in code
    assert not re.search(r"Start-Process|cmd(\.exe)?\s+/c|Invoke-Expression", code, re.I)
    assert "$exitCode = $LASTEXITCODE" in code and "if ($exitCode -ne 0)" in code
    # The leftover goes before csexport runs: csexport does not overwrite a file.
    assert code.index("Remove-Item -LiteralPath $Path") < code.index("Invoke-CsExport -Executable")


def test_the_script_answers_what_the_schema_describes() -> None:
    results = [value for target, value in ps.assignments(ps.parse(SCRIPT)) if target == "$Ansible.Result"]
    assert len(results) == 1
    keys = set(ps.hash_entries(ps.first_hash(results[0])))
    assert keys == set(load_schema("csexport")["properties"]) == set(load_schema("csexport")["required"])


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem)
def test_the_twin_answers_within_the_schema_for_every_connector_of_every_seed(seed: Path) -> None:
    state = json.loads(seed.read_text())
    product = state["entra_connect"]
    if product is None:
        with pytest.raises(HostCommandError, match="ADSync"):
            twin_of(state).call("csexport", csexport_parameters("contoso.com", PATH))
        return
    for connector in product["connectors"]:
        twin = twin_of(state)
        answer = twin.call("csexport", csexport_parameters(connector["name"], PATH))
        assert first_violation("csexport", answer) is None
        assert first_violation("lab_state", twin.state) is None
    stopped = copy.deepcopy(state)
    stopped["entra_connect"]["service"]["status"] = "Stopped"
    with pytest.raises(HostCommandError, match="ADSync"):
        twin_of(stopped).call("csexport", csexport_parameters(product["connectors"][0]["name"], PATH))
