"""Synthetic allocation instances: students, briefs, capacities and skill constraints.

Deterministic (seeded). Skills are real taxonomy concept ids from the digital-creative extension;
students hold 2–5 skills clustered around one domain, briefs require 1–3 skills of one domain.
Fit is the share of a brief's required skills a student holds (plus similarity within the
taxonomy area) — the same shape of score the product computes. ``build(2000, 300, 7)`` is the
instance of the original benchmark; sizes scale with 0.15 briefs per student.
"""

from __future__ import annotations

import random
from collections import defaultdict

from talentbridge.projects.allocation import BriefIn, Problem, StudentIn

TOP_BRIEFS = 20
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


def build(n_students: int = 2000, n_briefs: int | None = None, seed: int = 7) -> Problem:
    rng = random.Random(seed)
    n_briefs = n_briefs if n_briefs is not None else max(3, round(n_students * 0.15))
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
        briefs.append(BriefIn(f"b{j:05d}", places, team_min, team_max, max_teams, required))
    students = []
    for i in range(n_students):
        home = rng.choice(domains)
        held = set(rng.sample(concepts[home], rng.randint(2, 4)))
        if rng.random() < 0.5:
            held.add(rng.choice(concepts[rng.choice(domains)]))
        students.append(StudentIn(f"s{i:05d}", frozenset(held)))
    # A brief scores above 0.45 only for a student holding one of its skills or stating a
    # preference for it, and 0.2–0.25 when it only shares the student's domain; a personal
    # touch of up to 0.05 breaks ties (without it, ties went by brief order and in a cohort of
    # 20,000 every student of a domain wanted the same few briefs: only 8,537 could be placed).
    # Each student keeps their TOP_BRIEFS best briefs (the solvers use the 8 best anyway; a
    # cohort of 20,000 would otherwise carry ~12M scores).
    by_skill: dict[str, list[int]] = defaultdict(list)
    by_domain: dict[str, list[int]] = defaultdict(list)
    for j, b in enumerate(briefs):
        for k in b.required:
            by_skill[k].append(j)
        by_domain[b.required[0].split(".")[1]].append(j)
    fit: dict[tuple[str, str], float] = {}
    taste = random.Random(seed + 1_000_003)  # a personal touch on every score: breaks ties
    for s in students:
        pref = {j: rng.random() * 0.2 for j in rng.sample(range(len(briefs)), min(10, len(briefs)))}
        held_domains = {c.split(".")[1] for c in s.covers}
        near = set(pref)
        for k in s.covers:
            near.update(by_skill[k])
        for d in held_domains:
            near.update(by_domain[d][: 2 * TOP_BRIEFS])
        scored = []
        for j in near:
            b = briefs[j]
            share = len(s.covers & set(b.required)) / len(b.required)
            same_domain = b.required[0].split(".")[1] in held_domains
            raw = 0.6 * share + (0.2 if same_domain else 0.0) + pref.get(j, 0.0)
            raw += 0.05 * taste.random()
            score = round(min(raw, 1.0), 3)
            if score > 0:
                scored.append((-score, j))
        for neg, j in sorted(scored)[:TOP_BRIEFS]:
            fit[(s.id, briefs[j].id)] = -neg
    return Problem(students, briefs, fit)
