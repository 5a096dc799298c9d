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
    return content_hash_of_keys(company_key(company), city, text_key(title), text_key(text))


def content_hash_of_keys(company: str, city: str, title: str, text: str) -> str:
    """``content_hash`` from the company key and the title's and text's ``text_key``."""
    payload = f"{company}\x1f{city}\x1f{title}\x1f{text}"
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
    """64-bit hashes of all character ``SHINGLE``-grams of an already normalized key (a
    repeated shingle repeats its hash: the minimum does not care)."""
    codes = np.frombuffer(key.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    if codes.size == 0:
        return codes
    if codes.size < SHINGLE:
        codes = np.pad(codes, (0, SHINGLE - codes.size))
    windows = np.lib.stride_tricks.sliding_window_view(codes, SHINGLE)
    with np.errstate(over="ignore"):
        mixed = _splitmix64(windows[:, 0])
        for column in range(1, SHINGLE):
            mixed = _splitmix64(mixed ^ windows[:, column])
    return mixed


def minhash(text: str) -> bytes:
    """A ``PERMUTATIONS`` x 32-bit MinHash signature of the text's shingles (empty: zeros)."""
    return minhash_of_key(text_key(text))


def minhash_of_key(key: str) -> bytes:
    """``minhash`` of a text whose ``text_key`` is already known."""
    hashes = shingle_hashes(key)
    if hashes.size == 0:
        return bytes(4 * PERMUTATIONS)
    # one xor-multiply per permutation (the shingle hashes are already well mixed), computed
    # as a (permutations x shingles) block in place
    permuted = np.bitwise_xor.outer(_SEEDS, hashes)
    with np.errstate(over="ignore"):
        np.multiply(permuted, _MULTIPLIER, out=permuted)
    return (permuted.min(axis=1) >> np.uint64(32)).astype("<u4").tobytes()


def jaccard_estimate(a: bytes, b: bytes) -> float:
    left = np.frombuffer(a, dtype="<u4")
    right = np.frombuffer(b, dtype="<u4")
    if left.size != right.size or left.size == 0:
        return 0.0
    return float(np.count_nonzero(left == right)) / left.size


@dataclass(frozen=True, slots=True)
class Fingerprint:
    posting_id: int
    title: str
    signature: bytes


class NearDuplicateIndex:
    """Postings of some companies, searchable for a near-duplicate of a new posting.

    Candidates are the postings of the same company key (a company rarely has more than a few
    hundred live postings), so a linear scan with an early title check is fast enough; each
    title's ``text_key`` is computed once, when the posting is added.
    """

    def __init__(self) -> None:
        self._by_company: dict[str, list[tuple[str, bytes, int]]] = {}

    def add(self, company: str, fingerprint: Fingerprint) -> None:
        self._by_company.setdefault(company, []).append(
            (text_key(fingerprint.title), fingerprint.signature, fingerprint.posting_id)
        )

    def find(self, company: str, title: str, signature: bytes) -> int | None:
        """The id of a stored posting with a similar title (the same up to punctuation, or
        one contains the other: “急招视频剪辑” vs “视频剪辑”) and text, or None."""
        candidates = self._by_company.get(company)
        if not candidates:
            return None
        key = text_key(title)
        if not key:
            return None
        for other_key, other_signature, posting_id in candidates:
            if (
                other_key
                and (key in other_key or other_key in key)
                and jaccard_estimate(signature, other_signature) >= NEAR_DUPLICATE_JACCARD
            ):
                return posting_id
        return None
