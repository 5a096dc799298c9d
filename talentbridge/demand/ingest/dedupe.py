"""De-duplication fingerprints (pure Python + numpy).

* exact: ``content_hash`` = SHA-1 of the normalized company key and normalized text;
* near: a MinHash signature (``PERMUTATIONS`` seeded 64-bit mixes of character 4-gram
  shingles, top 32 bits kept). Two postings of one company are near-duplicates when their
  titles match (up to punctuation or containment) and the estimated Jaccard similarity of
  their texts is at least ``NEAR_DUPLICATE_JACCARD``. A SimHash was tried first: on real
  postings three edited characters moved it by 1-13 bits, too noisy to threshold.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

SHINGLE = 4
PERMUTATIONS = 64
NEAR_DUPLICATE_JACCARD = 0.75
_PUNCT_OR_SPACE = re.compile(r"[\W_]+", re.UNICODE)
_COMPANY_SUFFIXES = re.compile(
    r"(股份有限公司|有限责任公司|有限公司|集团|分公司|公司|co\.?,?\s*ltd\.?|inc\.?|llc|ltd\.?|limited)",
    re.IGNORECASE,
)
_MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)
_SEEDS = np.random.default_rng(20240601).integers(0, 2**63, PERMUTATIONS, dtype=np.uint64)


def text_key(text: str) -> str:
    """Lower-case NFKC text without punctuation or spaces (what "the same text" means)."""
    return _PUNCT_OR_SPACE.sub("", unicodedata.normalize("NFKC", text).lower())


def company_key(company: str) -> str:
    """``"上海某某文化传媒有限公司"`` and ``"上海某某文化传媒"`` -> one key."""
    folded = unicodedata.normalize("NFKC", company).lower()
    folded = re.sub(r"[（(][^)）]*[)）]", "", folded)
    return text_key(_COMPANY_SUFFIXES.sub("", folded))


def content_hash(company: str, title: str, text: str, city: str = "") -> str:
    """Exact-duplicate key: the same company, city, title and text up to punctuation."""
    payload = f"{company_key(company)}\x1f{city}\x1f{text_key(title)}\x1f{text_key(text)}"
    return hashlib.sha1(payload.encode("utf-8"), usedforsecurity=False).hexdigest()


def row_key(values: Mapping[str, str]) -> str:
    """Identity of a raw source row (all mapped cells, in field order)."""
    payload = "\x1e".join(f"{k}\x1f{values[k].strip()}" for k in sorted(values))
    return hashlib.sha1(payload.encode("utf-8"), usedforsecurity=False).hexdigest()


def _splitmix64(values: np.ndarray) -> np.ndarray:
    with np.errstate(over="ignore"):
        z = values + np.uint64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return z ^ (z >> np.uint64(31))


def shingle_hashes(key: str) -> np.ndarray:
    """64-bit hashes of all character ``SHINGLE``-grams of an already normalized key."""
    codes = np.frombuffer(key.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    if codes.size == 0:
        return codes
    if codes.size < SHINGLE:
        codes = np.pad(codes, (0, SHINGLE - codes.size))
    windows = np.lib.stride_tricks.sliding_window_view(codes, SHINGLE)
    with np.errstate(over="ignore"):
        mixed = np.zeros(windows.shape[0], dtype=np.uint64)
        for column in range(SHINGLE):
            mixed = _splitmix64(mixed ^ windows[:, column])
    return np.unique(mixed)


def minhash(text: str) -> bytes:
    """A ``PERMUTATIONS`` x 32-bit MinHash signature of the text's shingles (empty: zeros)."""
    hashes = shingle_hashes(text_key(text))
    if hashes.size == 0:
        return bytes(4 * PERMUTATIONS)
    with np.errstate(over="ignore"):
        # one xor-multiply per permutation: the shingle hashes are already well mixed
        permuted = (hashes[:, None] ^ _SEEDS[None, :]) * _MULTIPLIER
    return (permuted.min(axis=0) >> np.uint64(32)).astype("<u4").tobytes()


def jaccard_estimate(a: bytes, b: bytes) -> float:
    left = np.frombuffer(a, dtype="<u4")
    right = np.frombuffer(b, dtype="<u4")
    if left.size != right.size or left.size == 0:
        return 0.0
    return float(np.count_nonzero(left == right)) / left.size


def similar_titles(a: str, b: str) -> bool:
    """Same title up to punctuation, or one contains the other (“急招视频剪辑” vs “视频剪辑”)."""
    left, right = text_key(a), text_key(b)
    return bool(left and right) and (left in right or right in left)


@dataclass(frozen=True, slots=True)
class Fingerprint:
    posting_id: int
    title: str
    signature: bytes


class NearDuplicateIndex:
    """Postings of some companies, searchable for a near-duplicate of a new posting.

    Candidates are the postings of the same company key (a company rarely has more than a few
    hundred live postings), so a linear scan with an early title check is fast enough.
    """

    def __init__(self) -> None:
        self._by_company: dict[str, list[Fingerprint]] = {}

    def add(self, company: str, fingerprint: Fingerprint) -> None:
        self._by_company.setdefault(company, []).append(fingerprint)

    def find(self, company: str, title: str, signature: bytes) -> int | None:
        """The id of a stored posting with a similar title and text, or None."""
        for other in self._by_company.get(company, ()):
            if similar_titles(title, other.title) and (
                jaccard_estimate(signature, other.signature) >= NEAR_DUPLICATE_JACCARD
            ):
                return other.posting_id
        return None
