# Copyright (c) 2026 hybrid_identity.entra_connect contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The pairs of a run, judged on the servers' own identities rather than on inventory names.

Three rules, checked across every pair of the run before anything changes:

- one computer, one inventory name: two names that reach the same computer would let a run count it
  twice (as the old and the new server of one pair, or in two pairs whose targets then both go active);
- the servers of a pair sync one tenant;
- one tenant, one pair: a tenant has one active server [S7], so every server of a tenant that a run
  touches belongs to the same pair, and "every other server" of a pair is every other server of its
  tenant that the run can see.

The remedy never asks to change a server's staging mode: these are inventory mistakes, and the servers
are left as they are.
"""

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within this collection
# and may not remain stable to outside uses. Changes may be made in ANY release.

from __future__ import annotations

from collections import defaultdict
from typing import Any

from .identity import Identity, identity_of


def _names(hosts: list[str]) -> str:
    return ", ".join(sorted(hosts))


def identity_problems(
    pair_hosts: dict[str, list[str]], readings: dict[str, Any], pair_variable: str
) -> list[tuple[tuple[str, ...], str]]:
    """Every identity problem of the run, each with the pairs it makes unsafe to plan.

    ``pair_hosts`` maps each pair to its inventory hosts; a host without a reading is skipped here (the
    plan refuses its pair for the missing reading).
    """
    problems: list[tuple[tuple[str, ...], str]] = []
    pair_of = {host: pair for pair, hosts in pair_hosts.items() for host in hosts}
    identities: dict[str, Identity] = {host: identity_of(readings[host]) for host in pair_of if readings.get(host)}

    by_computer: dict[str, list[str]] = defaultdict(list)
    for host, identity in identities.items():
        by_computer[identity.key].append(host)
    for computer, hosts in sorted(by_computer.items()):
        if len(hosts) < 2:
            continue
        pairs = tuple(sorted({pair_of[host] for host in hosts}))
        if len(pairs) == 1:
            problems.append(
                (
                    pairs,
                    f"Pair {pairs[0]}: {_names(hosts)} are one computer, {computer} (the name each server reports). "
                    "The servers of a pair must be different computers: fix the inventory so each name reaches "
                    "the server it stands for.",
                )
            )
        else:
            problems.append(
                (
                    pairs,
                    f"{_names(hosts)} are one computer, {computer} (the name each server reports), in pairs "
                    f"{', '.join(pairs)}. A server belongs to one pair: keep one inventory name for it, in the pair "
                    f"it is really part of ({pair_variable}).",
                )
            )

    by_tenant: dict[str, set[str]] = defaultdict(set)
    for pair, hosts in sorted(pair_hosts.items()):
        tenant_of = {h: tenant for h in sorted(hosts) if h in identities and (tenant := identities[h].tenant)}
        tenants = set(tenant_of.values())
        if len(tenants) > 1:
            detail = "; ".join(f"{h} syncs {tenant}" for h, tenant in tenant_of.items())
            problems.append(
                (
                    (pair,),
                    f"Pair {pair}: its servers sync different tenants ({detail}). The servers of a pair sync one "
                    "tenant: check which servers the inventory pairs.",
                )
            )
        for tenant in tenants:
            by_tenant[tenant].add(pair)
    for tenant, sharing in sorted(by_tenant.items()):
        if len(sharing) < 2:
            continue
        problems.append(
            (
                tuple(sorted(sharing)),
                f"Pairs {', '.join(sorted(sharing))} all sync tenant {tenant}. A tenant has one active server, so "
                f"every server of a tenant that a run touches belongs to one pair: give them one {pair_variable}, or "
                "run the pairs of this tenant one after the other.",
            )
        )
    return problems
