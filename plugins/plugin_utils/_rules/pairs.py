# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Pairs and phases: which servers belong together, and where each pair really is.

The inventory says which server is old (source) and which is new (target); only the servers' own
readings say which one is active, and who each server is: pairs are judged on the servers' identities
(pair_identity.py), so two inventory names for one computer are one server. Every run derives the phase
of each pair from those readings, so a run that stopped anywhere resumes where the servers are. A pair
that is wrong in the inventory, or in a state no runbook step should touch (two active servers, a
target that is already active without this collection having made it so), fails before anything
changes.
"""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from .._common.dates import parse_utc
from .._common.versions import format_version, parse_version
from .pair_identity import identity_problems
from .sign_in import WIZARD_STAGING, sspr_refusal
from .support_data import DOTNET_MINIMUM_NAME, WINDOWS_BUILDS
from .support_rules import ERROR, judge

_SUPPORTED = [build.name for _build_number, build in sorted(WINDOWS_BUILDS.items()) if build.supported]
_SUPPORTED_WINDOWS = ", ".join(_SUPPORTED[:-1]) + " or " + _SUPPORTED[-1]

SOURCE_GROUP = "entra_connect_source"
TARGET_GROUP = "entra_connect_target"
SERVERS_GROUP = "entra_connect_servers"
PAIR_VARIABLE = "entra_connect_pair"
MAKE_ACTIVE_VARIABLE = "entra_connect_make_active"

RUNBOOKS = ("swing_migration", "rollback", "switch_roles")

# The swing migration's steps, in order; each is a tag of swing_migration.yml.
SWING_STEPS = ("export", "prepare", "wizard", "verify_staging", "cutover", "verify", "decommission")
# Which steps each phase has behind it, and which it runs now.
SWING_PHASES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "prepare": ((), ("export", "prepare", "wizard")),
    "staging": (("export", "prepare", "wizard"), ("verify_staging", "cutover")),
    # Both servers in staging mode: a cutover that stopped half way. The staging verification runs again first
    # (it starts the initial sync only if the new server still lacks it), so a new server that was never
    # synced is not left at the gates for ever while nothing exports.
    "cutover": (("export", "prepare", "wizard"), ("verify_staging", "cutover")),
    "verify": (("export", "prepare", "wizard", "verify_staging", "cutover"), ("verify", "decommission")),
    "complete": (SWING_STEPS, ()),
}
# Steps that run again on every run of these phases although they are done, because later phases use what
# they read: the export is fetched again while the old server has Entra Connect, so the settings file can be
# staged and every report lists what remains to re-apply by hand.
EVERY_RUN_STEPS: dict[str, tuple[str, ...]] = {"export": ("prepare", "staging", "cutover", "verify")}


# How long the old server stays as the way back after the new one became active, unless the operator overrides
# it. Microsoft names no period; a week covers a full run of the 7-day sync rule and the default run-history
# purge interval [S8] (INFERRED as a sensible default).
DEFAULT_MONITORING = datetime.timedelta(days=7)


@dataclass
class Decommission:
    """Whether the run was asked to decommission the old server, after what monitoring period, and whether the
    operator overrides that period."""

    asked: bool = False
    monitoring: datetime.timedelta = DEFAULT_MONITORING
    override: bool = False
    now: datetime.datetime | None = None

    def held_until(self, activated_at: str | None, server_now: str | None = None) -> datetime.datetime | None:
        """When the monitoring period ends, if it has not yet; None when decommissioning may go ahead now.
        A new server that becomes active in this run (no activation yet) has all of its period ahead.

        The activation is stamped by the server's clock, so the time since it is read on the controller's
        clock and, when the reading carries it, on the server's own clock (``server_now``); the longer period
        still ahead wins, so neither clock's skew shortens the hold (a lab twin keeps the clock of its seed)."""
        if self.override:
            return None
        now = self.now or datetime.datetime.now(datetime.UTC)
        if not activated_at:
            return now + self.monitoring
        end = parse_utc(activated_at) + self.monitoring
        ahead = end - now
        if server_now:
            ahead = max(ahead, end - parse_utc(server_now))
        return now + ahead if ahead > datetime.timedelta(0) else None


class PairError(Exception):
    """Everything wrong with the inventory or the servers' states, listed together."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class Server:
    host: str
    reading: dict[str, Any]

    @property
    def name(self) -> str:
        return f"{self.host} ({self.reading['computer_name']})"

    @property
    def installed(self) -> bool:
        return bool(self.reading["installed"])

    @property
    def staging(self) -> bool | None:
        return self.reading["staging_mode"] if self.installed else None

    @property
    def active(self) -> bool:
        return self.installed and self.staging is False

    def state_text(self) -> str:
        if not self.installed:
            return "no Entra Connect"
        if self.staging is None:
            return "Entra Connect installed, staging mode unreadable"
        return "staging mode" if self.staging else "ACTIVE (exporting)"


@dataclass
class PairPlan:
    pair: str
    runbook: str
    phase: str
    servers: dict[str, Server]
    roles: dict[str, str]
    decisions: list[str] = field(default_factory=list)
    steps: list[dict[str, str]] = field(default_factory=list)
    switch_from: str | None = None
    switch_to: str | None = None

    def as_result(self) -> dict[str, Any]:
        return {
            "pair": self.pair,
            "runbook": self.runbook,
            "phase": self.phase,
            "roles": self.roles,
            "servers": {
                host: {
                    "computer_name": s.reading["computer_name"],
                    "tenant": s.reading.get("tenant"),
                    "role": self.roles[host],
                    "installed": s.installed,
                    "staging_mode": s.staging,
                    "version": (s.reading.get("product") or {}).get("version"),
                    "state": s.state_text(),
                    "activated_at": (s.reading.get("activation") or {}).get("at"),
                }
                for host, s in sorted(self.servers.items())
            },
            "switch_from": self.switch_from,
            "switch_to": self.switch_to,
            "leader": sorted(self.servers)[0],
            "decisions": self.decisions,
            "steps": self.steps,
            "steps_now": [
                s["step"]
                for s in self.steps
                if s["status"] == "now" or self.phase in EVERY_RUN_STEPS.get(s["step"], ())
            ],
        }


def group_pairs(
    runbook: str,
    groups: dict[str, list[str]],
    pair_of: dict[str, str | None],
) -> tuple[dict[str, dict[str, list[str]]], list[str]]:
    """The pairs the inventory declares, by group, and every problem with them."""
    problems: list[str] = []
    names = (SOURCE_GROUP, TARGET_GROUP) if runbook != "switch_roles" else (SERVERS_GROUP,)
    members = {name: list(groups.get(name) or []) for name in names}
    for name, hosts in members.items():
        if not hosts:
            problems.append(f"Inventory group {name} is empty or missing: {runbook} needs at least one server in it.")
    if runbook != "switch_roles":
        for host in sorted(set(members[SOURCE_GROUP]) & set(members[TARGET_GROUP])):
            problems.append(
                f"{host} is in both {SOURCE_GROUP} and {TARGET_GROUP}: a server is either the old or the new one."
            )
    pairs: dict[str, dict[str, list[str]]] = {}
    for name, hosts in members.items():
        for host in hosts:
            pair = pair_of.get(host)
            if not pair:
                problems.append(f"{host} (in {name}) has no {PAIR_VARIABLE}: set it to the name its pair shares.")
                continue
            pairs.setdefault(pair, {n: [] for n in names})[name].append(host)
    if runbook != "switch_roles":
        for pair, by_group in sorted(pairs.items()):
            for name in names:
                if len(by_group[name]) != 1:
                    found = ", ".join(sorted(by_group[name])) or "none"
                    problems.append(
                        f"Pair {pair} needs exactly one server in {name}, found {found}: give every pair one old and "
                        f"one new server ({PAIR_VARIABLE} is what pairs them)."
                    )
    else:
        for pair, by_group in sorted(pairs.items()):
            if len(by_group[SERVERS_GROUP]) < 2:
                problems.append(
                    f"Pair {pair} has one server ({by_group[SERVERS_GROUP][0]}); switching roles needs two."
                )
    return pairs, problems


def _servers(hosts: list[str], readings: dict[str, Any], pair: str, problems: list[str]) -> dict[str, Server] | None:
    missing = [host for host in hosts if not readings.get(host)]
    if missing:
        problems.append(
            f"Pair {pair}: no reading of {', '.join(missing)} (unreachable, or failed earlier in this run); every "
            "server of a pair must be read before anything changes."
        )
        return None
    servers = {host: Server(host, readings[host]) for host in hosts}
    for server in servers.values():
        if server.installed and server.staging is None:
            problems.append(
                f"Pair {pair}: the staging mode of {server.name} cannot be read "
                f"({server.reading.get('adsync_error') or 'no reading'}); fix the ADSync service first."
            )
            return None
    return servers


def _source_and_target(
    pair: str, hosts: dict[str, list[str]], readings: dict[str, Any], problems: list[str]
) -> tuple[dict[str, Server], Server, Server] | None:
    """The read servers of a swing pair (one host in each group, checked by the caller) and which is which."""
    source_host, target_host = hosts[SOURCE_GROUP][0], hosts[TARGET_GROUP][0]
    servers = _servers([source_host, target_host], readings, pair, problems)
    if servers is None:
        return None
    return servers, servers[source_host], servers[target_host]


def _actives(servers: dict[str, Server]) -> list[Server]:
    return [s for s in servers.values() if s.active]


def _activated_after(target: Server, source: Server) -> bool:
    activation = target.reading.get("activation") or {}
    return source.reading["computer_name"].upper() in [n.upper() for n in activation.get("after_staging") or []]


def _swing_phase(pair: str, source: Server, target: Server, problems: list[str]) -> str | None:
    if source.active and target.active:
        problems.append(
            f"Pair {pair}: TWO ACTIVE SERVERS - {source.name} and {target.name} are both out of staging mode and both "
            "export to the tenant. Put one into staging mode by hand now (the wizard's Configure staging mode), then "
            "run again."
        )
        return None
    if target.active:
        if _activated_after(target, source):
            return "verify" if source.installed else "complete"
        problems.append(
            f"Pair {pair}: the target {target.name} is already active, and this collection did not make it active "
            f"after {source.name}. Is entra_connect_target naming the new server? If the cutover was done by hand, "
            "verify it by hand; this play only resumes cutovers it started."
        )
        return None
    if source.active:
        return "staging" if target.installed else "prepare"
    if source.installed and target.installed:
        return "cutover"
    # Nothing of this pair exports to the tenant. Which server to make active again is a person's call (another
    # server outside the run may be active); the message names the step for the one that can be.
    state = f"{source.name}: {source.state_text()}; {target.name}: {target.state_text()}"
    if source.installed or target.installed:
        staged = source if source.installed else target
        problems.append(
            f"Pair {pair}: no server of the pair is active ({state}), so this pair exports nothing to the tenant. "
            f"If no other server exports for it, make {staged.name} active again: the wizard's Configure staging "
            f"mode on it, or hybrid_identity.entra_connect.entra_staging_mode with state: disabled and "
            f"no_other_servers: true (docs/staging-mode.md). Then run this playbook again."
        )
    else:
        problems.append(
            f"Pair {pair}: neither server has Entra Connect ({state}); there is nothing to migrate. Check that the "
            "inventory names the server that syncs this tenant in entra_connect_source."
        )
    return None


def _swing_steps(phase: str, source: Server, target: Server, decommission: Decommission) -> list[dict[str, str]]:
    s, t = source.name, target.name
    activated_at = (target.reading.get("activation") or {}).get("at")
    held = decommission.held_until(activated_at, target.reading.get("host_time")) if target.active else None
    if decommission.asked and not target.active:
        held = decommission.held_until(None)
    what = {
        "export": f"record what {s}'s settings export does not carry, export its settings and fetch them",
        "prepare": f"enable TLS 1.2 on {t} (restart if needed), check OS and .NET, stage the installer and settings",
        "wizard": f"stop with the wizard worksheet for {t} until Entra Connect is installed there in staging mode",
        "verify_staging": f"initial sync on {t} in staging mode, then the evidence gates",
        "cutover": f"{s} into staging mode, read it again, {t} out of staging mode, delta cycle on {t}",
        "verify": f"verify run results, scheduler and exports on {t}",
        "decommission": f"uninstall Entra Connect from {s}"
        if decommission.asked and not held
        else (
            f"held until {held:%Y-%m-%dT%H:%M:%SZ}: {s} stays the way back for the monitoring period "
            f"({int(decommission.monitoring.total_seconds() // 3600)} h) after {t} becomes active "
            "(entra_connect_decommission_override: true decommissions earlier)"
            if decommission.asked and held
            else "not asked (entra_connect_decommission)"
        ),
    }
    done, now = SWING_PHASES[phase]
    steps = []
    for step in SWING_STEPS:
        status = "done" if step in done else "now" if step in now else "later"
        if step == "decommission" and status != "done" and (not decommission.asked or held):
            status = "held" if decommission.asked else "skipped"
        steps.append({"step": step, "status": status, "what": what[step]})
    return steps


def _switch_steps(done: bool, before: Server, after: Server) -> list[dict[str, str]]:
    """A switch: the cutover, then its verification (which also runs again on a finished switch)."""
    others = "the other servers" if before is after else before.name
    return [
        {
            "step": "cutover",
            "status": "done" if done else "now",
            "what": f"{others} into staging mode, read again, {after.name} out of staging mode, delta cycle",
        },
        {
            "step": "verify",
            "status": "now" if done else "later",
            "what": f"verify run results, scheduler and exports on {after.name}",
        },
    ]


def _install_refusal(pair: str, target: Server, when: datetime.date) -> str | None:
    """Why the new server cannot take Entra Connect (Windows, Server Core, .NET), judged from its reading
    before the run changes anything: preparing it (TLS values, a restart) would be wasted on a server the
    install refuses."""
    errors = [r for r in judge(target.reading, when).reasons if r.severity == ERROR]
    if not errors:
        return None
    return (
        f"Pair {pair}: the new server {target.name} cannot take Entra Connect: "
        + "; ".join(r.message for r in errors)
        + f". Fix it (the install needs {_SUPPORTED_WINDOWS} with Desktop Experience and .NET Framework "
        f"{DOTNET_MINIMUM_NAME} or later), or name a server that has them in entra_connect_target; nothing was "
        "prepared."
    )


def plan_swing(
    pair: str,
    hosts: dict[str, list[str]],
    readings: dict[str, Any],
    decommission: Decommission,
    problems: list[str],
    when: datetime.date | None = None,
) -> PairPlan | None:
    found = _source_and_target(pair, hosts, readings, problems)
    if found is None:
        return None
    servers, source, target = found
    source_host, target_host = source.host, target.host
    phase = _swing_phase(pair, source, target, problems)
    if phase is None:
        return None
    if phase == "prepare":
        refusal = _install_refusal(pair, target, when or datetime.date.today())
        if refusal:
            problems.append(refusal)
            return None
    plan = PairPlan(pair, "swing_migration", phase, servers, {source_host: "source", target_host: "target"})
    plan.switch_from, plan.switch_to = source_host, target_host
    plan.decisions.append(
        f"Phase {phase}: {source.name} - {source.state_text()}; {target.name} - {target.state_text()}"
        + (f" (made active by this collection after {source.reading['computer_name']})" if target.active else "")
        + "."
    )
    if phase == "cutover":
        plan.decisions.append(
            "Both servers are in staging mode, so nothing of this pair exports to the tenant: this run finishes the "
            f"cutover (after {target.name}'s initial sync, if it lacks one); if it cannot, rollback.yml makes "
            f"{source.name} active again."
        )
    plan.steps = _swing_steps(phase, source, target, decommission)
    return plan


def plan_rollback(
    pair: str, hosts: dict[str, list[str]], readings: dict[str, Any], problems: list[str]
) -> PairPlan | None:
    found = _source_and_target(pair, hosts, readings, problems)
    if found is None:
        return None
    servers, source, target = found
    source_host, target_host = source.host, target.host
    roles = {source_host: "source", target_host: "target"}
    if source.active and target.active:
        _swing_phase(pair, source, target, problems)
        return None
    if not source.installed:
        problems.append(
            f"Pair {pair}: {source.name} has no Entra Connect (decommissioned?); there is nothing to roll back to."
        )
        return None
    if source.active:
        phase, why = "rolled_back", f"{source.name} is active already; nothing to undo."
    elif target.active or target.installed:
        phase = "rollback"
        why = f"{target.name} is {target.state_text()}; {source.name} becomes active again after it is in staging."
    else:
        problems.append(f"Pair {pair}: neither server is active and {target.name} has no Entra Connect.")
        return None
    plan = PairPlan(pair, "rollback", phase, servers, roles, decisions=[f"Phase {phase}: {why}"])
    plan.switch_from, plan.switch_to = target_host, source_host
    plan.steps = _switch_steps(phase == "rolled_back", target, source)
    return plan


def plan_switch(
    pair: str, hosts: dict[str, list[str]], readings: dict[str, Any], make_active: list[str], problems: list[str]
) -> PairPlan | None:
    members = hosts[SERVERS_GROUP]
    named = [host for host in members if host in make_active]
    if len(named) != 1:
        problems.append(
            f"Pair {pair}: name exactly one of its servers ({', '.join(sorted(members))}) in {MAKE_ACTIVE_VARIABLE}; "
            f"found {', '.join(named) or 'none'}."
        )
        return None
    servers = _servers(members, readings, pair, problems)
    if servers is None:
        return None
    to = servers[named[0]]
    actives = _actives(servers)
    if len(actives) > 1:
        problems.append(
            f"Pair {pair}: TWO ACTIVE SERVERS - {', '.join(s.name for s in actives)} all export to the tenant. Put all "
            "but one into staging mode by hand now, then run again."
        )
        return None
    missing = [s.name for s in servers.values() if not s.installed]
    if missing:
        problems.append(
            f"Pair {pair}: {', '.join(missing)} has no Entra Connect; every server of an HA pair must have it."
        )
        return None
    roles = {host: ("to_be_active" if host == to.host else "server") for host in servers}
    if to.active:
        phase, why, source = "switched", f"{to.name} is the active server already; nothing to switch.", to
    elif actives:
        source = actives[0]
        phase, why = "switch", f"{source.name} is active; {to.name} becomes active after it is in staging."
    else:
        source = to
        phase, why = "cutover", f"every server is in staging mode; {to.name} leaves staging to resume the switch."
    plan = PairPlan(pair, "switch_roles", phase, servers, roles, decisions=[f"Phase {phase}: {why}"])
    plan.switch_from, plan.switch_to = source.host, to.host
    plan.steps = _switch_steps(phase == "switched", source, to)
    return plan


def unattended_problems(plan: PairPlan) -> list[str]:
    """Every staging change the cutover of this run will make, checked now for a route that needs no interactive
    sign-in (sign_in.py), so a cutover that could not finish unattended is refused before the first change of the
    run, not half way with one server already in staging mode."""
    if "cutover" not in plan.as_result()["steps_now"]:
        return []
    problems = []
    for host, server in sorted(plan.servers.items()):
        if host == plan.switch_to and server.staging:
            enable = False
        elif host != plan.switch_to and server.active:
            enable = True
        else:
            continue
        version = parse_version((server.reading.get("product") or {}).get("version"), f"the version of {server.name}")
        # The cutover leaves each scheduler as it was (no sync_cycle_enabled_after), so only SSPR can refuse it.
        refusal = sspr_refusal(version, server.reading.get("password_writeback"))
        if refusal:
            order = plan.servers[plan.switch_from or host].name
            problems.append(
                f"Pair {plan.pair}: the cutover cannot be made unattended: {server.name} (Entra Connect "
                f"{format_version(version)}) must go {'into' if enable else 'out of'} staging mode, but {refusal}. "
                f"Switch the pair with {WIZARD_STAGING} on each server, {order} into staging mode first, then verify "
                "the new active server by hand (docs/staging-mode.md); compare_servers.yml and preflight.yml still "
                "gather the configuration and sync evidence. The cutover changed nothing."
            )
    return problems


@dataclass
class Refusal:
    """Why a pair cannot go on: its problems, the servers of it that have no reading (in a run that is
    under way: they failed earlier in it, or dropped out), and the plan its report shows (``refused_plan``)."""

    problems: list[str]
    unread: list[str]
    plan: dict[str, Any]


def _role_of(runbook: str, group: str, host: str, make_active: list[str]) -> str:
    if runbook != "switch_roles":
        return "source" if group == SOURCE_GROUP else "target"
    return "to_be_active" if host in make_active else "server"


def refused_plan(
    runbook: str,
    pair: str,
    hosts: dict[str, list[str]],
    readings: dict[str, Any],
    problems: list[str],
    make_active: list[str],
) -> dict[str, Any]:
    """The plan of a pair that has none: its servers as far as they were read, no step, and why. A report is
    written for every pair of a run, also one refused before it had a plan (docs/runbook.md)."""
    roles = {host: _role_of(runbook, group, host, make_active) for group, members in hosts.items() for host in members}
    servers: dict[str, dict[str, Any]] = {}
    for host, role in sorted(roles.items()):
        reading = readings.get(host) or {}
        server = Server(host, reading) if reading else None
        servers[host] = {
            "computer_name": reading.get("computer_name"),
            "tenant": reading.get("tenant"),
            "role": role,
            "installed": server.installed if server else None,
            "staging_mode": server.staging if server else None,
            "version": (reading.get("product") or {}).get("version"),
            "state": server.state_text() if server else "not read",
            "activated_at": (reading.get("activation") or {}).get("at"),
        }
    return {
        "pair": pair,
        "runbook": runbook,
        "phase": "refused",
        "roles": roles,
        "servers": servers,
        "switch_from": None,
        "switch_to": None,
        "leader": sorted(roles)[0],
        "decisions": [f"Refused before a plan: {problem}" for problem in problems],
        "steps": [],
        "steps_now": [],
        "refusal": problems,
    }


@dataclass
class Judgement:
    """Every pair of a run: the plans of the pairs that can go on, the refusals of those that cannot, and the
    problems of the inventory as a whole (which no pair can go on with)."""

    plans: dict[str, dict[str, Any]]
    refused: dict[str, Refusal]
    run_problems: list[str]

    @property
    def problems(self) -> list[str]:
        """Every problem once, those of the run first, then each pair's in the order of the pairs."""
        found: list[str] = list(self.run_problems)
        for pair in sorted(self.refused):
            found.extend(p for p in self.refused[pair].problems if p not in found)
        return found


def judge_pairs(
    runbook: str,
    groups: dict[str, list[str]],
    pair_of: dict[str, str | None],
    readings: dict[str, Any],
    decommission: bool | Decommission = False,
    make_active: list[str] | None = None,
    when: datetime.date | None = None,
) -> Judgement:
    """Every pair's plan or its refusal; a pair's problems refuse that pair and no other."""
    pairs, run_problems = group_pairs(runbook, groups, pair_of)
    if run_problems:
        return Judgement({}, {}, run_problems)
    hosts_of = {pair: [h for members in by_group.values() for h in members] for pair, by_group in pairs.items()}
    problems_of: dict[str, list[str]] = {pair: [] for pair in pairs}
    for unsafe, problem in identity_problems(hosts_of, readings, PAIR_VARIABLE):
        for pair in unsafe:
            problems_of[pair].append(problem)
    plans: dict[str, dict[str, Any]] = {}
    for pair, hosts in sorted(pairs.items()):
        problems = problems_of[pair]
        if problems:
            continue
        if runbook == "swing_migration":
            asked = decommission if isinstance(decommission, Decommission) else Decommission(asked=decommission)
            plan = plan_swing(pair, hosts, readings, asked, problems, when)
        elif runbook == "rollback":
            plan = plan_rollback(pair, hosts, readings, problems)
        else:
            plan = plan_switch(pair, hosts, readings, make_active or [], problems)
        if plan is not None and not problems:
            problems.extend(unattended_problems(plan))
        if plan is not None and not problems:
            plans[pair] = plan.as_result()
    refused = {
        pair: Refusal(
            problems,
            sorted(h for h in hosts_of[pair] if not readings.get(h)),
            refused_plan(runbook, pair, pairs[pair], readings, problems, make_active or []),
        )
        for pair, problems in problems_of.items()
        if problems
    }
    return Judgement(plans, refused, [])


def plan_pairs(
    runbook: str,
    groups: dict[str, list[str]],
    pair_of: dict[str, str | None],
    readings: dict[str, Any],
    decommission: bool | Decommission = False,
    make_active: list[str] | None = None,
    when: datetime.date | None = None,
) -> dict[str, dict[str, Any]]:
    """Every pair's plan; raises PairError listing every problem when any pair is wrong."""
    judgement = judge_pairs(runbook, groups, pair_of, readings, decommission, make_active, when)
    if judgement.problems:
        raise PairError(judgement.problems)
    return judgement.plans
