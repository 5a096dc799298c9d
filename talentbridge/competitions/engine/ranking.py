"""One ranking from rubric scores and (optionally) pairwise finals — what ``rank_entries``
writes and what the competition's results are computed from.

Without pairs: the judge-effects model (``judging``), best first, with its 90 % interval on the
score scale of the average judge. With pairs: the entries that appear in the pairs are the
finalists; they take the first places in the order of the Crowd-BT strengths (the comparisons
replayed in the order given), and their ``score``/``low``/``high`` are the Crowd-BT strength and
its 90 % interval (logit scale); the other entries follow in the rubric order with rubric scores.

Pure Python; no Django.
"""

from __future__ import annotations

from collections.abc import Sequence

from talentbridge.competitions.engine.judging import Ranked, Ratings, rank
from talentbridge.competitions.engine.pairwise import crowd_bt


def rank_all(
    per_entry_judge: Sequence[tuple[str, str, float]],
    pairs: Sequence[tuple[str, str, str]] = (),
    *,
    replicates: int = 60,
    seed: int = 0,
) -> list[Ranked]:
    ranked, _ = rank(Ratings.from_triples(per_entry_judge), replicates=replicates, seed=seed)
    if not pairs:
        return ranked
    finalists = sorted({e for _, w, lo in pairs for e in (w, lo)})
    model = crowd_bt(finalists, pairs)
    low, high = model.interval()
    order = sorted(
        range(len(finalists)), key=lambda i: (-round(float(model.mu[i]), 9), finalists[i])
    )
    result = [
        Ranked(finalists[i], pos + 1, float(model.mu[i]), float(low[i]), float(high[i]))
        for pos, i in enumerate(order)
    ]
    chosen = set(finalists)
    for item in ranked:
        if item.entry not in chosen:
            result.append(Ranked(item.entry, len(result) + 1, item.score, item.low, item.high))
    return result
