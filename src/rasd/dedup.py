"""Near-duplicate documents (one story republished by several outlets) by MinHash LSH (datasketch).

Documents are compared on word 3-shingles of their matching copy; a Jaccard similarity of about 0.7
or more puts a document in the group of the first one it resembles."""

from __future__ import annotations

import functools
from typing import Any

from datasketch import MinHash, MinHashLSH

from rasd.text import normalize

THRESHOLD = 0.7
PERMUTATIONS = 64


@functools.lru_cache(maxsize=64)
def signature(text: str) -> MinHash:
    """The MinHash of a report's word 3-shingles (normalised, so spelling variants do not matter)."""
    words = normalize(text).text.split()
    m = MinHash(num_perm=PERMUTATIONS)
    m.update_batch([" ".join(words[i:i + 3]).encode("utf-8") for i in range(max(1, len(words) - 2))])
    return m


class NearDuplicates:
    """An LSH index of the documents seen so far: group id -> documents that repeat it."""

    def __init__(self) -> None:
        self.lsh = MinHashLSH(threshold=THRESHOLD, num_perm=PERMUTATIONS)
        self.n = 0

    @classmethod
    def from_store(cls, store: Any) -> NearDuplicates:
        nd = cls()
        for doc in store.documents():
            nd.add(doc["group_id"] or doc["id"], doc["text"])
        return nd

    def group_of(self, text: str) -> int | None:
        """The group of the first stored document this text nearly repeats, or None."""
        hits = self.lsh.query(signature(text))
        return min(int(h.split(":")[0]) for h in hits) if hits else None

    def add(self, group: int, text: str) -> None:
        self.n += 1
        self.lsh.insert(f"{group}:{self.n}", signature(text))
