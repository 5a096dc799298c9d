"""Choose the yardstick's sentences and fix the tuning/test split (run once; output committed).

    python bench/extraction/zh_yardstick/sample.py [--data ../shared/data] [--stats]

Writes ``sentences.jsonl`` (references only, no source text) and ``split.json``. The rules
below (role families, sentence filter, quotas, seed) were written and committed before this
script was first run with its output kept; README.md ("Sampling procedure") restates them.
``--stats`` prints the candidate pool per family and writes nothing.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import sources

HERE = Path(__file__).resolve().parent
SEED = 20261205
FAMILIES = ("design", "video", "livestream", "ops", "cs", "marketing", "data", "aigc")

# --- role families ---------------------------------------------------------------------------
# 51job: from the job title. Every family's keywords are searched; the family whose keyword
# starts earliest in the title wins (ties: the longer match), so "社群运营/淘宝客服" is ops and
# "在线客服/微信客服" or "游戏客服（可往游戏运营发展）" is cs. A title that matches a family's
# exclusion pattern, or the global exclusion, or no family at all, is out of scope.
TITLE_RULES: dict[str, str] = {
    "livestream": r"直播|主播|带货",
    "aigc": r"AIGC|AI绘画|AI设计|生成式|AI训练师|数据标注",
    "video": r"短视频|视频|剪辑|摄影|摄像|后期|拍摄|抖音|快手|编导",
    "design": r"设计师|美工|视觉设计|平面设计|UI|插画|修图|原画|美术设计|电商设计|详情页",
    "ops": (
        r"运营|新媒体|公众号|微信|小红书|社群|网店|店铺|电商|电子商务|天猫|淘宝|京东|亚马逊"
        r"|跨境|内容|编辑|文案|O2O|CRM"
    ),
    "cs": (
        r"(?:电商|淘宝|天猫|京东|网店|平台|微信|网络|在线)?客服|天猫售后|客户服务|呼叫中心"
        r"|接线|热线|TMK|客诉|投诉|售后|售前|客户专员|客户维护|客户关系|VIP"
    ),
    "marketing": r"市场|营销|推广|品牌|广告|公关|策划|销售|BD|商务拓展",
    "data": r"数据分析|数据运营|数据专员|BI|商业分析",
}
TITLE_EXCLUDE: dict[str, str] = {
    "design": r"设计师品牌|模型设计|产品设计",
    "ops": r"物流|采购|营运|运营总监助理|金融运营",
    # sales support / trade roles are office work, not marketing; "no sales" is customer service
    "marketing": (
        r"助理|文员|行政|跟单|订单|支持|外贸|外销|国贸|航线|货代|空运|海运|供应链"
        r"|无销售|非销售|不带销售"
    ),
}
TITLE_EXCLUDE_ALL = r"采购|买手|法务|律师|财务|会计|出纳"
# An ops keyword before which the title already said 客服 ("全球知名电商网络在线客服岗位")
# does not make the posting an operations job.
OPS_WORDS_BEFORE_CS = r"运营|新媒体|社群|文案"

# CarryChang: no titles. The family comes from the posting text: first rule whose include
# pattern matches and whose exclude pattern does not (the excludes keep out engineering
# postings that only mention the keyword: cameras, GaN devices, recruiting footers, ...).
_ENGINEERING = r"算法|机器学习|深度学习|数据挖掘|开发工程师|研发|编程|前端|Android|iOS|SDK|驱动"
TEXT_RULES: list[tuple[str, str, str]] = [  # family, include, exclude
    (
        "design",
        r"插画|交互设计|视觉设计|UI设计|平面设计|美工|原画|美术功底|视觉媒体素材",
        r"前端|Android|iOS|算法|开发工程师|编程",
    ),
    (
        "video",
        r"短视频.{0,8}(?:制作|拍摄|录制|剪辑)|视频.{0,4}(?:制作|拍摄|剪辑|编辑)|剪辑",
        r"算法|SDK|驱动|编解码|图像处理",
    ),
    (
        "aigc",
        r"GAN(?![A-Za-z])|图像生成|文本生成|语音合成|生成式|风格迁移|AIGC",
        r"器件|MOSFET|IGBT|功率",
    ),
    (
        "ops",
        r"新媒体|公众号.{0,6}(?:运营|文章|推文|内容|撰写|编辑|写作)|用户运营|内容运营|社群"
        r"|电商运营|产品运营|活动运营",
        _ENGINEERING,
    ),
    (
        "marketing",
        r"文案|市场推广|品牌推广|品牌宣传|营销策划|营销方案|营销活动|推广方案|推广活动|公关",
        _ENGINEERING,
    ),
    (
        "data",
        r"数据分析|数据挖掘|数据仓库|Tableau|商业分析|数据运营|报表",
        r"图像|视觉|嵌入式|硬件|FPGA|单片机|驱动|射频|电路|激光|雷达|SLAM|自动驾驶|机器人",
    ),
]

# --- sentence filter -------------------------------------------------------------------------
MIN_CHARS, MAX_CHARS = 8, 120
# Benefits, pay, hours, place, contact, application process, "other tasks from the boss".
EXCLUDE = re.compile(
    r"五险|社保|公积金|薪资|薪酬待遇|底薪|提成|奖金|年终|福利|双休|做五休二|带薪|班车|住宿|包吃|"
    r"餐补|补贴|旅游|下午茶|地址|地铁|邮箱|@|电话[：:]|联系人|简历|面试|上班时间|工作时间|朝九|"
    r"晚班|夜班|排班|轮休|节假日|试用期|转正|晋升|发展空间|公司简介|欢迎|加入我们|"
    r"(?:领导|上级|主管|经理)(?:安排|交办|布置)|其他(?:临时)?(?:相关)?(?:性)?(?:工作|事务|事项|任务)$"
)
# Something a person does or knows: a duty verb, an ability word or a domain noun.
SKILL_HINT = re.compile(
    r"熟练|熟悉|掌握|精通|了解|懂|会用|能力|能够|擅长|具备|具有|负责|协助|完成|处理|制定|策划|"
    r"撰写|编写|维护|跟进|分析|沟通|管理|执行|参与|开展|运营|推广|设计|制作|编辑|解答|接听|"
    r"回复|使用|操作|开发|研究|优化|提升|整理|统计|对接|协调|组织|监控|收集|审核|录入|培训|"
    r"拍摄|剪辑|绘制|销售|营销|客服|电商|数据|视频|文案|新媒体|算法|编程|建模|服务|"
    r"Office|office|Excel|excel|PS|Photoshop|Python|SQL"
)


def is_candidate(text: str) -> bool:
    if not MIN_CHARS <= len(text) <= MAX_CHARS:
        return False
    if not re.search(r"[\u4e00-\u9fff]", text):
        return False
    return not EXCLUDE.search(text) and bool(SKILL_HINT.search(text))


def title_family(title: str) -> str | None:
    if re.search(TITLE_EXCLUDE_ALL, title):
        return None
    found_keys: list[tuple[int, int, str]] = []
    for family, pattern in TITLE_RULES.items():
        found = re.search(pattern, title)
        if found:
            found_keys.append((found.start(), -(found.end() - found.start()), family))
    for _, _, family in sorted(found_keys):
        if family in TITLE_EXCLUDE and re.search(TITLE_EXCLUDE[family], title):
            continue
        if family == "ops" and "客服" in title:
            before = title[: title.index("客服")]
            if not re.search(OPS_WORDS_BEFORE_CS, before):
                return "cs"
        return family
    return None


def text_family(text: str) -> str | None:
    for family, include, exclude in TEXT_RULES:
        if re.search(include, text) and not (exclude and re.search(exclude, text)):
            return family
    return None


# --- quotas and caps -------------------------------------------------------------------------
# Sentences wanted per family, set from the candidate pools printed by --stats.
# Amendment B (after the second draw, before any labelling; see README.md): the two smallest
# families, design and video, take every candidate sentence they have (no quota, no cap; the
# first draws left most of their few postings out), and ops and cs give up 16 and 8 sentences
# so the total stays near 350.
QUOTAS = {
    "design": 10_000,
    "video": 10_000,
    "livestream": 0,
    "ops": 100,
    "cs": 72,
    "marketing": 44,
    "data": 40,
    "aigc": 30,
}
# At most this many sentences from one posting.
CAP = {"design": 10_000, "video": 10_000, "livestream": 6, "ops": 4, "cs": 3, "marketing": 4}
CAP_DEFAULT = 3


@dataclass
class Candidate:
    posting: sources.Posting
    family: str
    sentences: list[sources.Sentence] = field(default_factory=list)


def zh_dev_texts() -> list[str]:
    path = HERE.parent / "zh_dev.jsonl"
    if not path.exists():
        return []
    return [
        sources.normalized(json.loads(line)["text"])
        for line in path.open(encoding="utf-8")
        if line.strip()
    ]


def load_pool(data: Path) -> list[Candidate]:
    """Postings in scope, deduplicated by normalized text (first occurrence kept)."""
    seen: set[str] = set()
    pool: list[Candidate] = []
    for posting in [*sources.read_51job(data), *sources.read_carrychang(data)]:
        key = sources.normalized(posting.text)
        if not key or key in seen:
            continue
        seen.add(key)
        family = (
            title_family(posting.title) if posting.source == "51job" else text_family(posting.text)
        )
        if family is None:
            continue
        cands = [s for s in sources.segment(posting.text) if is_candidate(s.text)]
        if cands:
            pool.append(Candidate(posting, family, cands))
    return drop_near_duplicates(pool)


# Amendment A (after the first draw, before any labelling; see README.md): near-duplicate
# postings count once. In source order, an in-scope posting whose whole text has a
# character-trigram Jaccard >= 0.6 with a posting already kept is dropped.
NEAR_DUPLICATE_POSTING = 0.6


def drop_near_duplicates(pool: list[Candidate]) -> list[Candidate]:
    grams = [trigrams(c.posting.text) for c in pool]
    keep: list[int] = []
    for i, g in enumerate(grams):
        if all(len(g & grams[k]) / len(g | grams[k]) < NEAR_DUPLICATE_POSTING for k in keep):
            keep.append(i)
    return [pool[i] for i in keep]


def sample(pool: list[Candidate]) -> list[tuple[Candidate, sources.Sentence]]:
    rng = random.Random(SEED)
    dev = zh_dev_texts()
    taken: set[str] = set()
    chosen: list[tuple[Candidate, sources.Sentence]] = []
    for family in FAMILIES:
        members = sorted(
            (c for c in pool if c.family == family), key=lambda c: c.posting.posting_id
        )
        rng.shuffle(members)
        cap = CAP.get(family, CAP_DEFAULT)
        count = 0
        for cand in members:
            if count >= QUOTAS[family]:
                break
            order = list(cand.sentences)
            rng.shuffle(order)
            took = 0
            for sent in order:
                if took >= cap or count >= QUOTAS[family]:
                    break
                key = sources.normalized(sent.text)
                # one copy of a sentence in the whole set; never a zh_dev item (the engine
                # was tuned on those)
                if key in taken or any(key in d or d in key for d in dev):
                    continue
                taken.add(key)
                chosen.append((cand, sent))
                took += 1
                count += 1
    return chosen


# --- split -----------------------------------------------------------------------------------
def trigrams(text: str) -> set[str]:
    t = sources.normalized(text)
    return {t[i : i + 3] for i in range(max(1, len(t) - 2))}


def split(chosen: list[tuple[Candidate, sources.Sentence]]) -> dict[str, str]:
    """posting_id -> "tuning" | "test".

    Units that must stay together: the postings of one 51job company, and any two postings
    whose chosen sentences are near-duplicates (character-trigram Jaccard >= 0.6). A unit that
    holds a posting with a zh_dev item anywhere in its text goes to tuning. The rest: per
    family (the family of most of the unit's sentences), units in seeded random order, each
    to the half with fewer sentences of that family so far (ties: tuning).
    """
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        parent[find(a)] = find(b)

    by_company: dict[str, str] = {}
    for cand, _ in chosen:
        pid = cand.posting.posting_id
        find(pid)
        if cand.posting.company:
            union(pid, by_company.setdefault(cand.posting.company, pid))
    grams = [(cand.posting.posting_id, trigrams(s.text)) for cand, s in chosen]
    for i in range(len(grams)):
        for j in range(i + 1, len(grams)):
            a, b = grams[i][1], grams[j][1]
            if a and b and len(a & b) / len(a | b) >= 0.6:
                union(grams[i][0], grams[j][0])

    dev = zh_dev_texts()
    forced: set[str] = set()
    for cand, _ in chosen:
        text = sources.normalized(cand.posting.text)
        if any(d in text for d in dev):
            forced.add(find(cand.posting.posting_id))

    unit_sentences: dict[str, list[str]] = defaultdict(list)
    for cand, _ in chosen:
        unit_sentences[find(cand.posting.posting_id)].append(cand.family)
    unit_family = {u: Counter(f).most_common(1)[0][0] for u, f in unit_sentences.items()}

    rng = random.Random(SEED + 1)
    half_of_unit: dict[str, str] = {}
    tally: dict[tuple[str, str], int] = Counter()
    for unit in sorted(forced):
        half_of_unit[unit] = "tuning"
        tally[(unit_family[unit], "tuning")] += len(unit_sentences[unit])
    for family in FAMILIES:
        units = sorted(u for u, f in unit_family.items() if f == family and u not in forced)
        rng.shuffle(units)
        for unit in units:
            half = "tuning" if tally[(family, "tuning")] <= tally[(family, "test")] else "test"
            half_of_unit[unit] = half
            tally[(family, half)] += len(unit_sentences[unit])
    return {
        cand.posting.posting_id: half_of_unit[find(cand.posting.posting_id)] for cand, _ in chosen
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=sources.default_data_dir())
    parser.add_argument("--stats", action="store_true")
    args = parser.parse_args()
    pool = load_pool(args.data)
    if args.stats:
        postings = Counter(c.family for c in pool)
        sents = Counter()
        for c in pool:
            sents[c.family] += len(c.sentences)
        for fam in FAMILIES:
            print(f"{fam:11s} postings {postings[fam]:4d}  candidate sentences {sents[fam]:5d}")
        return
    chosen = sample(pool)
    halves = split(chosen)
    order = sorted(
        chosen,
        key=lambda cs: (FAMILIES.index(cs[0].family), cs[0].posting.posting_id, cs[1].index),
    )
    rows = []
    for n, (cand, sent) in enumerate(order, start=1):
        p = cand.posting
        rows.append(
            {
                "id": f"zy{n:04d}",
                "family": cand.family,
                "half": halves[p.posting_id],
                "posting": p.posting_id,
                "source": p.source,
                "file": p.file,
                "row": p.row,
                "field": p.field,
                "sentence_index": sent.index,
                "start": sent.start,
                "end": sent.end,
                "sha256_12": sources.sentence_hash(sent.text),
            }
        )
    with (HERE / "sentences.jsonl").open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    summary: dict[str, dict[str, int]] = {}
    for row in rows:
        summary.setdefault(row["family"], Counter())[row["half"]] += 1
    split_doc = {
        "about": (
            "Chinese yardstick split, fixed before any engine ran on these sentences. "
            "tuning: tune and inspect freely. test: final scoring only; never tune on it, "
            "never look at the engine's output on it sentence by sentence."
        ),
        "seed": SEED,
        "halves": {
            half: sorted(r["id"] for r in rows if r["half"] == half) for half in ("tuning", "test")
        },
        "postings": {
            half: sorted({r["posting"] for r in rows if r["half"] == half})
            for half in ("tuning", "test")
        },
        "counts": summary,
    }
    (HERE / "split.json").write_text(json.dumps(split_doc, ensure_ascii=False, indent=1) + "\n")
    for fam in FAMILIES:
        c = summary.get(fam, {})
        print(f"{fam:11s} tuning {c.get('tuning', 0):4d} test {c.get('test', 0):4d}")
    print("total", len(rows))


if __name__ == "__main__":
    main()
