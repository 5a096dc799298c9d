"""Assignment of judges to entries: every entry gets ``k`` judges without a conflict of
interest, judges' loads are balanced (least-loaded first), and the judge–entry graph is
connected across panels so that severities can be calibrated against each other.

Each entry and judge belongs to a panel (a track, a proposition, ...). An entry takes its
judges from its own panel; a share of entries (``cross_panel_share``) takes one judge from
another panel, and when the graph still falls apart, the least-loaded judge of one component
is added to an entry of the other (a "bridge": that entry then has k + 1 judges). When a
panel's judges are busier than the least-loaded judge anywhere by more than ``slack``, the
entry borrows a judge from another panel, so loads stay balanced across panels of unequal size.

Pure Python; no Django.
"""

from __future__ import annotations

import heapq
import random
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


class AssignmentError(ValueError):
    """An entry cannot get ``k`` judges free of conflicts."""

    def __init__(self, entry: str, found: int, needed: int) -> None:
        super().__init__(f"entry {entry}: {found} judges without a conflict, {needed} needed")
        self.entry, self.found, self.needed = entry, found, needed


@dataclass(frozen=True)
class Assignment:
    judges_of: dict[str, tuple[str, ...]]  # entry -> judges
    loads: dict[str, int]  # judge -> entries assigned
    bridges: int  # judges added beyond k to connect the graph
    components: int  # connected components of the judge–entry graph (1 = calibratable)

    def pairs(self) -> list[tuple[str, str]]:
        return [(e, j) for e, js in self.judges_of.items() for j in js]


class _Pool:
    """Least-loaded judges first, lazily updated heap."""

    def __init__(self, members: list[int], loads: list[int], rng: random.Random) -> None:
        self.loads = loads
        self.heap = [(loads[j], rng.random(), j) for j in members]
        heapq.heapify(self.heap)
        self.rng = rng

    def lowest(self) -> int | None:
        while self.heap:
            load, tie, j = self.heap[0]
            if load == self.loads[j]:
                return load
            heapq.heapreplace(self.heap, (self.loads[j], tie, j))
        return None

    def take(
        self, n: int, refuse: set[int], avoid_panel: int | None, panel_of: list[int]
    ) -> list[int]:
        chosen: list[int] = []
        held: list[tuple[int, float, int]] = []
        while self.heap and len(chosen) < n:
            load, tie, j = heapq.heappop(self.heap)
            if load != self.loads[j]:
                heapq.heappush(self.heap, (self.loads[j], tie, j))
                continue
            if j in refuse or (avoid_panel is not None and panel_of[j] == avoid_panel):
                held.append((load, tie, j))
                continue
            chosen.append(j)
            self.loads[j] += 1
            held.append((self.loads[j], self.rng.random(), j))
        for item in held:
            heapq.heappush(self.heap, item)
        return chosen


def assign(
    entries: Sequence[tuple[str, str]],
    judges: Sequence[tuple[str, str]],
    *,
    k: int = 3,
    conflicts: Iterable[tuple[str, str]] = (),
    cross_panel_share: float = 0.1,
    slack: int = 1,
    seed: int = 0,
) -> Assignment:
    """``entries`` and ``judges`` are (id, panel) pairs; ``conflicts`` (entry, judge) pairs."""
    if k < 1:
        raise ValueError("k must be at least 1")
    rng = random.Random(seed)
    judge_ids = [j for j, _ in judges]
    j_pos = {j: i for i, j in enumerate(judge_ids)}
    panels = sorted({p for _, p in judges} | {p for _, p in entries})
    p_pos = {p: i for i, p in enumerate(panels)}
    panel_of = [p_pos[p] for _, p in judges]
    loads = [0] * len(judges)
    members: dict[int, list[int]] = defaultdict(list)
    for j, p in enumerate(panel_of):
        members[p].append(j)
    pools = {p: _Pool(m, loads, rng) for p, m in members.items()}
    everyone = _Pool(list(range(len(judges))), loads, rng)
    coi: dict[str, set[int]] = defaultdict(set)
    for entry_id, judge_id in conflicts:
        if judge_id in j_pos:
            coi[entry_id].add(j_pos[judge_id])
    multi_panel = len(members) > 1

    order = list(range(len(entries)))
    rng.shuffle(order)
    chosen_of: dict[int, list[int]] = {}
    for i in order:
        entry, panel = entries[i]
        p = p_pos[panel]
        refuse = set(coi.get(entry, ()))
        cross = multi_panel and rng.random() < cross_panel_share
        own = pools.get(p)
        chosen: list[int] = []
        while own is not None and len(chosen) < (k - 1 if cross else k):
            own_min, all_min = own.lowest(), everyone.lowest()
            busier = own_min is not None and all_min is not None and own_min > all_min + slack
            if multi_panel and busier:
                # this panel's judges are busier than the rest: borrow one from elsewhere
                borrowed = everyone.take(1, refuse, p, panel_of)
                if borrowed:
                    chosen += borrowed
                    refuse.update(borrowed)
                    continue
            got = own.take(1, refuse, None, panel_of)
            if not got:
                break
            chosen += got
            refuse.update(got)
        if cross and len(chosen) < k:
            extra = everyone.take(1, refuse, p, panel_of)
            chosen += extra
            refuse.update(extra)
        if len(chosen) < k:
            chosen += everyone.take(k - len(chosen), refuse, None, panel_of)
        if len(chosen) < k:
            raise AssignmentError(entry, len(chosen), k)
        chosen_of[i] = chosen

    # connect the judge–entry graph
    parent = list(range(len(judges)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[ra] = rb

    for chosen in chosen_of.values():
        for j in chosen[1:]:
            union(chosen[0], j)
    bridges = 0
    used = [j for j in range(len(judges)) if loads[j] > 0]

    def try_bridge(entry_side: list[int], judge_side: list[int]) -> bool:
        for i in sorted(entry_side, key=lambda i: entries[i][0]):
            entry = entries[i][0]
            for j in sorted(judge_side, key=lambda j: (loads[j], j)):
                if j in coi.get(entry, ()) or j in chosen_of[i]:
                    continue
                chosen_of[i].append(j)
                loads[j] += 1
                union(chosen_of[i][0], j)
                return True
        return False

    def free_entry(side: list[int], j: int) -> int | None:
        for i in sorted(side, key=lambda i: entries[i][0]):
            if j not in coi.get(entries[i][0], ()) and j not in chosen_of[i]:
                return i
        return None

    def bridge_through_outsider(side_a: list[int], side_b: list[int], a: int, b: int) -> bool:
        outsiders = [j for j in range(len(judges)) if find(j) not in (a, b)]
        for j in sorted(outsiders, key=lambda j: (loads[j], j)):
            ia, ib = free_entry(side_a, j), free_entry(side_b, j)
            if ia is not None and ib is not None:
                for i in (ia, ib):
                    chosen_of[i].append(j)
                    loads[j] += 1
                    union(chosen_of[i][0], j)
                return True
        return False

    while True:
        used = [j for j in range(len(judges)) if loads[j] > 0]
        roots = sorted({find(j) for j in used})
        if len(roots) < 2:
            break
        by_root: dict[int, list[int]] = defaultdict(list)
        for i, chosen in chosen_of.items():
            by_root[find(chosen[0])].append(i)
        judges_by_root: dict[int, list[int]] = defaultdict(list)
        for j in used:
            judges_by_root[find(j)].append(j)
        main, other = roots[0], roots[1]
        if try_bridge(by_root[other], judges_by_root[main]) or try_bridge(
            by_root[main], judges_by_root[other]
        ):
            bridges += 1
            continue
        # every direct bridge is a conflict: a third judge joins one entry on each side
        if not bridge_through_outsider(by_root[main], by_root[other], main, other):
            break  # no bridge without a conflict exists: reported as components > 1
        bridges += 2
    components = len({find(j) for j in range(len(judges)) if loads[j] > 0})
    return Assignment(
        judges_of={
            entries[i][0]: tuple(judge_ids[j] for j in chosen) for i, chosen in chosen_of.items()
        },
        loads={judge_ids[j]: loads[j] for j in range(len(judges))},
        bridges=bridges,
        components=components,
    )
