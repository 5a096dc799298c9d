"""Synthetic allocation instance: 2,000 students, 300 briefs, capacities and skill constraints.

Deterministic (seeded). Skills are real taxonomy concept ids from the digital-creative extension;
students hold 2–5 skills clustered around one domain, briefs require 1–3 skills of one domain.
Fit is the share of a brief's required skills a student holds (plus similarity within the
taxonomy area) — the same shape of score the product computes.
"""

from __future__ import annotations

import random
from collections import defaultdict

from talentbridge.projects.allocation import BriefIn, Problem, StudentIn

DOMAINS = ("dc.ecomvis", "dc.svideo", "dc.live", "dc.aigc", "dc.design", "dc.video", "dc.photo")


def _concepts() -> dict[str, list[str]]:
    from talentbridge.taxonomy.data import TAGGABLE_KINDS, load_extension

    by_domain: dict[str, list[str]] = defaultdict(list)
    for c in load_extension():
        if c.kind in TAGGABLE_KINDS and c.kind == "skill":
            domain = ".".join(c.id.split(".")[:2])
            if domain in DOMAINS:
                by_domain[domain].append(c.id)
    return {d: sorted(v)[:12] for d, v in by_domain.items()}


def build(n_students: int = 2000, n_briefs: int = 300, seed: int = 7) -> Problem:
    rng = random.Random(seed)
    concepts = _concepts()
    domains = sorted(concepts)
    briefs = []
    for j in range(n_briefs):
        d = rng.choice(domains)
        team_min, team_max = rng.choice([(2, 3), (3, 4), (3, 5), (4, 6), (1, 3)])
        max_teams = rng.randint(1, 3)
        places = (
            team_max * max_teams
            if rng.random() < 0.7
            else rng.randint(team_min, team_max * max_teams)
        )
        required = tuple(rng.sample(concepts[d], rng.randint(1, 3)))
        briefs.append(BriefIn(f"b{j:03d}", places, team_min, team_max, max_teams, required))
    students = []
    for i in range(n_students):
        home = rng.choice(domains)
        held = set(rng.sample(concepts[home], rng.randint(2, 4)))
        if rng.random() < 0.5:
            held.add(rng.choice(concepts[rng.choice(domains)]))
        students.append(StudentIn(f"s{i:04d}", frozenset(held)))
    fit: dict[tuple[str, str], float] = {}
    for s in students:
        pref = {b.id: rng.random() * 0.2 for b in rng.sample(briefs, 10)}  # stated preferences
        for b in briefs:
            share = len(s.covers & set(b.required)) / len(b.required)
            same_domain = b.required[0].split(".")[1] in {c.split(".")[1] for c in s.covers}
            score = 0.6 * share + (0.2 if same_domain else 0.0) + pref.get(b.id, 0.0)
            if score > 0:
                fit[(s.id, b.id)] = round(min(score, 1.0), 3)
    return Problem(students, briefs, fit)
