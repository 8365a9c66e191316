"""The AWX / Automation Controller configuration in awx/ (docs/awx.md), checked without a controller: every survey
against AWX's own survey-spec validation, every variable a survey sets against what the roles and playbooks declare,
and the workflow's graph against the job templates it names."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import ansible_collections.awx.awx.plugins.modules as awx_modules
import pytest
import yaml
from ansible.parsing.dataloader import DataLoader
from ansible.template import Templar, trust_as_template

ROOT = Path(__file__).resolve().parents[2]
AWX = ROOT / "awx"

# AWX's survey-spec validation, as written in ansible/awx:
# - awx/api/views/__init__.py, JobTemplateSurveySpec._validate_spec_data (POST .../survey_spec/): the spec needs
#   name (str), description (str) and spec (a non-empty list); each question is a dict with type, question_name,
#   variable (str) and required (bool); variables are unique; type is one of ALLOWED_TYPES; a default other than ""
#   has the type's Python type; min and max, when present and not None, are integers; multiplechoice and
#   multiselect need choices, a multiplechoice has one default at most, and defaults are among the choices;
#   "$encrypted$" defaults are for password questions only.
# - awx/main/models/mixins.py, SurveyJobTemplateMixin._survey_element_validation: how an answer (and a default, which
#   AWX validates the same way before it uses it) is judged - text lengths within min/max, integers and floats within
#   min/max, choices among the choices.
ALLOWED_TYPES: dict[str, type | tuple[type, ...]] = {
    "text": str,
    "textarea": str,
    "password": str,
    "multiplechoice": str,
    "multiselect": str,
    "integer": int,
    "float": float,
}


def survey_spec_errors(spec: Any) -> list[str]:
    """The errors AWX's API would answer for this survey spec (empty when it would accept it)."""
    errors: list[str] = []
    if not isinstance(spec, dict):
        return ["the survey spec is not a dictionary"]
    for field, kind in (("name", str), ("description", str), ("spec", list)):
        if field not in spec:
            errors.append(f"Field '{field}' is missing from survey spec.")
        elif not isinstance(spec[field], kind):
            errors.append(f"Expected {kind.__name__} for field '{field}'.")
    if errors:
        return errors
    if not spec["spec"]:
        return ["'spec' doesn't contain any items."]
    seen: set[str] = set()
    for idx, item in enumerate(spec["spec"]):
        if not isinstance(item, dict):
            errors.append(f"Survey question {idx} is not a json object.")
            continue
        missing = [name for name in ("type", "question_name", "variable", "required") if name not in item]
        if missing:
            errors.append(f"{missing} missing from survey question {idx}")
            continue
        for name in ("type", "question_name", "variable"):
            if not isinstance(item[name], str):
                errors.append(f"'{name}' in survey question {idx} expected to be string.")
        if not isinstance(item["required"], bool):
            errors.append(f"'required' in survey question {idx} expected to be boolean.")
        if item["variable"] in seen:
            errors.append(f"'variable' '{item['variable']}' duplicated in survey question {idx}.")
        seen.add(item["variable"])
        qtype = item["type"]
        if qtype not in ALLOWED_TYPES:
            errors.append(f"'{qtype}' in survey question {idx} is not one of the allowed question types.")
            continue
        default = item.get("default", "")
        # bool is an int in Python; AWX's isinstance check would take it, but an answer True is no integer.
        wrong_type = not isinstance(default, ALLOWED_TYPES[qtype]) or isinstance(default, bool)
        if default != "" and wrong_type and not (qtype == "multiselect" and isinstance(default, list)):
            errors.append(f"Default value {default!r} in survey question {idx} expected to be {qtype}.")
        for key in ("min", "max"):
            if item.get(key) is not None and (not isinstance(item[key], int) or isinstance(item[key], bool)):
                errors.append(f"The {key} limit in survey question {idx} expected to be integer.")
        if qtype in ("multiplechoice", "multiselect"):
            choices = item.get("choices")
            if choices is None:
                errors.append(f"Survey question {idx} of type {qtype} must specify choices.")
                continue
            choice_list = choices.splitlines() if isinstance(choices, str) else list(choices)
            if not choice_list:
                errors.append(f"Survey question {idx} of type {qtype} has no choices.")
            if "default" in item:
                defaults = default.splitlines() if isinstance(default, str) else list(default)
                if qtype == "multiplechoice" and len(defaults) > 1:
                    errors.append("Multiple Choice (Single Select) can only have one default value.")
                if any(choice not in choice_list for choice in defaults):
                    errors.append(f"Default choice of survey question {idx} must be answered from the choices listed.")
        if isinstance(default, str) and default.startswith("$encrypted$") and qtype != "password":
            errors.append(f"$encrypted$ is a reserved keyword for password question defaults (question {idx}).")
        errors += [f"question {idx}: {error}" for error in answer_errors(item, default) if "default" in item]
    return errors


def answer_errors(item: dict[str, Any], value: Any) -> list[str]:
    """_survey_element_validation for one answer (AWX judges a default the same way before using it)."""
    qtype, low, high = item["type"], item.get("min"), item.get("max")
    if qtype in ("text", "textarea", "password"):
        if not isinstance(value, str):
            return [f"{value!r} expected to be a string"]
        if low not in ("", None) and len(value) < int(low):
            return [f"{value!r} is too short (at least {low})"]
        if high not in ("", None) and len(value) > int(high):
            return [f"{value!r} is too long (at most {high})"]
    elif qtype in ("integer", "float"):
        kinds = (int,) if qtype == "integer" else (int, float)
        if not isinstance(value, kinds) or isinstance(value, bool):
            return [f"{value!r} expected to be {qtype}"]
        if low not in ("", None) and value < low:
            return [f"{value!r} is too small (at least {low})"]
        if high not in ("", None) and value > high:
            return [f"{value!r} is too large (at most {high})"]
    return []


def _yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


JOB_TEMPLATES: list[dict[str, Any]] = _yaml(AWX / "vars" / "job_templates.yml")["awx_job_templates"]
WORKFLOW: dict[str, Any] = _yaml(AWX / "vars" / "workflow.yml")["awx_workflow"]
CONFIGURE: dict[str, Any] = _yaml(AWX / "configure.yml")[0]
SURVEYS = {jt["name"]: jt["survey"] for jt in JOB_TEMPLATES if "survey" in jt} | {WORKFLOW["name"]: WORKFLOW["survey"]}
ROLES = sorted(path.parent.parent.name for path in ROOT.glob("roles/*/meta/argument_specs.yml"))


def _role_options(role: str) -> dict[str, dict[str, Any]]:
    specs = _yaml(ROOT / "roles" / role / "meta" / "argument_specs.yml")["argument_specs"]
    options: dict[str, dict[str, Any]] = {}
    for entry in specs.values():
        options.update(entry.get("options") or {})
    return options


def _declared() -> set[str]:
    """Role options, and the entra_connect_* variables the roles document (their defaults and argument specs)."""
    declared: set[str] = set()
    for role in ROLES:
        declared |= set(_role_options(role))
        for path in (
            ROOT / "roles" / role / "defaults" / "main.yml",
            ROOT / "roles" / role / "meta" / "argument_specs.yml",
        ):
            declared |= set(re.findall(r"\bentra_connect_[a-z_]+\b", path.read_text(encoding="utf-8")))
    return declared


def _playbook_documents(playbook: str) -> set[str]:
    """The variables a playbook declares in vars: or names in its text (its header documents its -e variables)."""
    text = (ROOT / playbook).read_text(encoding="utf-8")
    names = set(re.findall(r"\b[a-z][a-z0-9_]+\b", text))
    for play in yaml.safe_load(text):
        names |= set(play.get("vars") or {})
    return names


# --- the validator itself refuses what AWX refuses --------------------------------------------------------------

GOOD_QUESTION = {
    "type": "integer",
    "question_name": "Q",
    "variable": "cutover_timeout",
    "required": True,
    "min": 1,
    "max": 9,
}


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ({"description": "", "spec": [GOOD_QUESTION]}, "Field 'name' is missing"),
        ({"name": "s", "description": "", "spec": []}, "doesn't contain any items"),
        ({"name": "s", "description": "", "spec": [dict(GOOD_QUESTION, type="number")]}, "not one of the allowed"),
        ({"name": "s", "description": "", "spec": [dict(GOOD_QUESTION, required="yes")]}, "expected to be boolean"),
        ({"name": "s", "description": "", "spec": [dict(GOOD_QUESTION, min="1")]}, "min limit"),
        ({"name": "s", "description": "", "spec": [dict(GOOD_QUESTION, default="3")]}, "expected to be integer"),
        ({"name": "s", "description": "", "spec": [dict(GOOD_QUESTION, default=10)]}, "too large"),
        ({"name": "s", "description": "", "spec": [GOOD_QUESTION, GOOD_QUESTION]}, "duplicated"),
        (
            {"name": "s", "description": "", "spec": [dict(GOOD_QUESTION, type="multiplechoice", default="a")]},
            "must specify choices",
        ),
        (
            {
                "name": "s",
                "description": "",
                "spec": [dict(GOOD_QUESTION, type="multiplechoice", choices=["a"], default="b")],
            },
            "from the choices",
        ),
        (
            {"name": "s", "description": "", "spec": [dict(GOOD_QUESTION, type="text", default="$encrypted$", min=0)]},
            "reserved keyword",
        ),
    ],
)
def test_the_survey_validator_refuses_what_awx_refuses(spec: dict[str, Any], expected: str) -> None:
    assert any(expected in error for error in survey_spec_errors(spec)), survey_spec_errors(spec)


def test_the_survey_validator_accepts_a_valid_spec() -> None:
    assert survey_spec_errors({"name": "s", "description": "", "spec": [dict(GOOD_QUESTION, default=5)]}) == []


# --- the surveys of awx/ ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(SURVEYS))
def test_every_survey_is_a_valid_awx_survey_spec(name: str) -> None:
    assert survey_spec_errors(SURVEYS[name]) == []


@pytest.mark.parametrize("name", sorted(SURVEYS))
def test_every_number_question_has_limits(name: str) -> None:
    for item in SURVEYS[name]["spec"]:
        if item["type"] in ("integer", "float"):
            assert isinstance(item.get("min"), int) and isinstance(item.get("max"), int), item["variable"]
            assert item["min"] <= item["max"], item["variable"]


def test_every_variable_a_survey_sets_is_declared() -> None:
    declared = _declared()
    undeclared = [
        (jt["name"], item["variable"])
        for jt in JOB_TEMPLATES
        for item in jt.get("survey", {}).get("spec", [])
        if item["variable"] not in declared | _playbook_documents(jt["playbook"])
    ]
    undeclared += [
        (WORKFLOW["name"], i["variable"]) for i in WORKFLOW["survey"]["spec"] if i["variable"] not in declared
    ]
    assert undeclared == []


def test_a_number_question_sets_a_number_option_and_a_choice_its_choices() -> None:
    options = {name: spec for role in ROLES for name, spec in _role_options(role).items()}
    for survey in SURVEYS.values():
        for item in survey["spec"]:
            option = options.get(item["variable"])
            if option is None:
                continue
            if item["type"] == "integer":
                assert option.get("type") in ("int", "raw"), item["variable"]
            if item["type"] == "float":
                assert option.get("type") in ("float", "raw"), item["variable"]
            if item["type"] in ("multiplechoice", "multiselect") and option.get("choices"):
                assert set(item["choices"]) <= set(option["choices"]), item["variable"]
            # A survey answers with a string: a boolean option is set in extra_vars, never asked.
            assert option.get("type") != "bool", item["variable"]


def test_every_required_role_variable_has_a_default_or_a_question() -> None:
    asked = {item["variable"] for survey in SURVEYS.values() for item in survey["spec"]}
    missing = []
    for role in ROLES:
        defaults = _yaml(ROOT / "roles" / role / "defaults" / "main.yml") or {}
        missing += [
            (role, name)
            for name, spec in _role_options(role).items()
            if spec.get("required") and "default" not in spec and name not in defaults and name not in asked
        ]
    assert missing == []


def test_secrets_are_asked_as_passwords() -> None:
    secret_name = re.compile(r"^(?:.*_)?(?:pass(?:wd|word|phrase)?|secret|token|credentials?)(?:_.*)?$", re.IGNORECASE)
    no_log = {name for role in ROLES for name, spec in _role_options(role).items() if spec.get("no_log")}
    for survey in SURVEYS.values():
        for item in survey["spec"]:
            # The approval of a cutover is a token bound to the evidence: the collection hides it in every output.
            if (
                item["variable"] in no_log
                or secret_name.match(item["variable"])
                or item["variable"] == "entra_connect_approve_cutover"
            ):
                assert item["type"] == "password", item["variable"]


def test_no_template_asks_for_the_deprecated_staging_credential() -> None:
    text = "\n".join(path.read_text(encoding="utf-8") for path in AWX.rglob("*.yml"))
    assert "admin_credential" not in text


# --- the job templates and the workflow ----------------------------------------------------------------------------


def _swing_tags() -> set[str]:
    tags: set[str] = set()
    for task in yaml.safe_load((ROOT / "playbooks" / "swing_migration.yml").read_text())[0]["tasks"][0]["block"]:
        tags |= set(task.get("tags") or [])
    return tags - {"always"}


def test_job_templates_name_playbooks_and_tags_that_exist() -> None:
    tags = _swing_tags()
    assert tags == {"export", "prepare", "wizard", "verify_staging", "cutover", "verify", "decommission"}
    covered: set[str] = set()
    for jt in JOB_TEMPLATES:
        assert (ROOT / jt["playbook"]).is_file(), jt["playbook"]
        if "job_tags" in jt:
            assert jt["playbook"] == "playbooks/swing_migration.yml"
            assert set(jt["job_tags"].split(",")) <= tags, jt["name"]
            covered |= set(jt["job_tags"].split(","))
    # Every phase of the swing migration has a job template.
    assert covered == tags
    playbooks = {jt["playbook"] for jt in JOB_TEMPLATES}
    for playbook in ("preflight", "switch_roles", "rollback", "compare_servers", "backup"):
        assert f"playbooks/{playbook}.yml" in playbooks


def test_every_runbook_job_reports_a_stop_as_a_failure_but_the_stop_it_is_for() -> None:
    assert CONFIGURE["vars"]["awx_job_extra_vars"]["entra_connect_stop_fails"] is True
    expected = {jt["name"]: jt.get("extra_vars", {}).get("entra_connect_stop_expected") for jt in JOB_TEMPLATES}
    assert expected["Entra Connect - cutover evidence"] == ["cutover"]
    assert expected["Entra Connect - rollback evidence"] == ["cutover"]
    assert expected["Entra Connect - cutover"] is None
    assert expected["Entra Connect - staging verification"] is None
    assert expected["Entra Connect - export and prepare"] == ["wizard"]


def _nodes() -> dict[str, dict[str, Any]]:
    return {node["identifier"]: node for node in WORKFLOW["nodes"]}


def test_workflow_nodes_name_job_templates_that_exist_and_nodes_that_exist() -> None:
    names = {jt["name"] for jt in JOB_TEMPLATES}
    nodes = _nodes()
    assert len(nodes) == len(WORKFLOW["nodes"]), "duplicate identifiers"
    for node in WORKFLOW["nodes"]:
        assert ("job_template" in node) != ("approval" in node), node["identifier"]
        if "job_template" in node:
            assert node["job_template"] in names, node["job_template"]
        for kind in ("success", "failure", "always"):
            for following in node.get(kind, []):
                assert following in nodes, (node["identifier"], following)


def test_approval_nodes_have_timeouts_and_the_cutover_approval_outlives_no_evidence() -> None:
    approvals = {n["identifier"]: n["approval"] for n in WORKFLOW["nodes"] if "approval" in n}
    assert set(approvals) == {"approve_wizard", "approve_cutover", "approve_decommission", "approve_rollback"}
    for approval in approvals.values():
        assert isinstance(approval["timeout"], int) and approval["timeout"] > 0
        assert approval["name"] and approval["description"]
    max_age = _yaml(ROOT / "roles" / "cutover" / "defaults" / "main.yml")["cutover_approval_max_age"]
    # The shortest validity the workflow's survey allows, less an hour for the next job to start, must outlast the
    # approval node: an approval given at the last minute still finds its evidence valid.
    survey = {q["variable"]: q for q in WORKFLOW["survey"]["spec"]}
    shortest = min(max_age, survey["cutover_approval_max_age"]["min"]) * 60 - 3600
    assert approvals["approve_cutover"]["timeout"] <= shortest
    assert approvals["approve_rollback"]["timeout"] <= shortest
    # The approval shows where the evidence is.
    assert "entra_connect_pairs" in approvals["approve_cutover"]["description"]


def test_the_workflow_runs_the_phases_in_order_with_a_person_between() -> None:
    nodes = _nodes()
    parents = {
        following for node in nodes.values() for k in ("success", "failure", "always") for following in node.get(k, [])
    }
    roots = [identifier for identifier in nodes if identifier not in parents]
    assert roots == ["preflight"]
    path, current = [], "preflight"
    while current:
        path.append(current)
        current = (nodes[current].get("success") or [None])[0]
    assert path == [
        "preflight",
        "export_prepare",
        "approve_wizard",
        "verify_staging",
        "cutover_evidence",
        "approve_cutover",
        "cutover",
        "verify",
        "approve_decommission",
        "decommission",
    ]
    # Every step but the last resort has a failure branch; after the cutover started, it is the rollback.
    for identifier, node in nodes.items():
        if identifier != "notify":
            assert node.get("failure") or node.get("always"), identifier
    assert nodes["cutover"]["failure"] == ["rollback_evidence"]
    assert nodes["verify"]["failure"] == ["rollback_evidence"]
    assert nodes["rollback_evidence"]["success"] == ["approve_rollback"]
    assert nodes["approve_rollback"]["success"] == ["rollback"]
    assert nodes["rollback"]["always"] == ["notify"]
    jobs = {node.get("job_template") for node in nodes.values()}
    assert {"Entra Connect - rollback evidence", "Entra Connect - rollback"} <= jobs


# --- the configuration playbook against the awx.awx modules' documented options ----------------------------------


def _module_options(module: str) -> dict[str, Any]:
    source = (Path(awx_modules.__path__[0]) / f"{module}.py").read_text(encoding="utf-8")
    documentation = re.search(r"DOCUMENTATION = '''(.*?)'''", source, re.S)
    assert documentation is not None
    return yaml.safe_load(documentation.group(1))["options"]


def _template(expression: Any, **extra: Any) -> Any:
    loader = DataLoader()
    variables = dict(CONFIGURE["vars"])
    for name in CONFIGURE["vars_files"]:
        variables.update(_yaml(AWX / name))
    variables.update(extra)
    return Templar(loader, variables=variables).template(trust_as_template(expression))


def test_every_task_uses_options_its_module_documents() -> None:
    for task in CONFIGURE["tasks"]:
        module = next(key for key in task if key.startswith("awx.awx."))
        options = _module_options(module.removeprefix("awx.awx."))
        assert set(task[module]) <= set(options), (module, set(task[module]) - set(options))


def test_the_workflow_nodes_the_playbook_sends_match_the_module_and_the_vars() -> None:
    task = next(task for task in CONFIGURE["tasks"] if "awx.awx.workflow_job_template" in task)
    sent = _template(task["awx.awx.workflow_job_template"]["workflow_nodes"])
    suboptions = _module_options("workflow_job_template")["workflow_nodes"]["suboptions"]
    assert [node["identifier"] for node in sent] == [node["identifier"] for node in WORKFLOW["nodes"]]
    nodes = _nodes()
    for node in sent:
        assert set(node) <= set(suboptions)
        assert set(node["unified_job_template"]) <= set(suboptions["unified_job_template"]["suboptions"])
        source = nodes[node["identifier"]]
        if "approval" in source:
            assert node["unified_job_template"]["type"] == "workflow_approval"
            assert node["unified_job_template"]["timeout"] == source["approval"]["timeout"] > 0
        else:
            assert node["unified_job_template"] == {
                "name": source["job_template"],
                "type": "job_template",
                "organization": {"name": CONFIGURE["vars"]["awx_organization"]},
            }
        for kind in ("success", "failure", "always"):
            assert node["related"][f"{kind}_nodes"] == [{"identifier": i} for i in source.get(kind, [])]


def test_each_job_template_gets_the_stop_variable_and_its_own_extra_vars() -> None:
    task = next(task for task in CONFIGURE["tasks"] if "awx.awx.job_template" in task)
    for jt in JOB_TEMPLATES:
        sent = _template(task["awx.awx.job_template"]["extra_vars"], item=jt)
        assert sent["entra_connect_stop_fails"] is True
        for name, value in jt.get("extra_vars", {}).items():
            assert sent[name] == value


def test_the_controller_credentials_come_from_the_environment_only() -> None:
    text = (AWX / "configure.yml").read_text(encoding="utf-8")
    for word in ("controller_password", "controller_username", "controller_oauthtoken"):
        assert word not in text
    credential = next(task for task in CONFIGURE["tasks"] if "awx.awx.credential" in task)
    assert credential["no_log"] is True
    assert credential["awx.awx.credential"]["credential_type"] == "Machine"


def test_make_lint_lints_the_awx_configuration() -> None:
    # `make lint` runs ansible-lint over the repository with .ansible-lint: awx/ must not be left out of it.
    excluded = _yaml(ROOT / ".ansible-lint").get("exclude_paths") or []
    assert not [path for path in excluded if "awx".startswith(path.strip("/").split("/")[0]) or path.startswith("awx")]
