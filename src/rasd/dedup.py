"""Near-duplicate documents (one story republished by several outlets) by MinHash LSH (datasketch).

Documents are compared on word 3-shingles of their matching copy; a Jaccard similarity of about 0.7
or more puts a document in the group of the first one it resembles."""

from __future__ import annotations

import functools
import hashlib
from typing import Any

import numpy as np
from datasketch import MinHash, MinHashLSH

from rasd.text import normalize

THRESHOLD = 0.7
PERMUTATIONS = 64
_SCHEME = "affine32"  # datasketch's default scheme, named so the permutations below can be shared
SCHEME = f"w3-sha1-{_SCHEME}-{PERMUTATIONS}"  # stored with each signature: another scheme is recomputed


@functools.cache
def _permutations() -> Any:
    """The permutation parameters every signature uses (seed 1): built once, not once per document."""
    return MinHash(num_perm=PERMUTATIONS, scheme=_SCHEME).permutations


def _hashed(value: int) -> int:
    """The shingles arrive hashed already (see `signature_of_copy`)."""
    return value


def shingle_hashes(copy: str) -> list[int]:
    """The distinct word 3-shingles of an already normalised copy, each hashed as datasketch's default
    `sha1_hash32` does (the first 4 bytes of its SHA-1, little-endian). A shingle repeated in the text is
    hashed once: a MinHash is the minimum over a set, so repeats never change it."""
    words = copy.split()
    if len(words) > 2:  # the shorter lists run out first: zip stops at the last whole shingle
        shingles = set(map(" ".join, zip(words, words[1:], words[2:], strict=False)))
    else:  # a text of fewer than three words is one shingle, itself
        shingles = {" ".join(words)}
    sha1 = hashlib.sha1
    return np.frombuffer(b"".join([sha1(s.encode("utf-8")).digest()[:4] for s in shingles]), dtype="<u4").tolist()


def signature_of_copy(copy: str) -> MinHash:
    """The MinHash of the word 3-shingles of an already normalised copy (extraction has made one)."""
    m = MinHash(num_perm=PERMUTATIONS, scheme=_SCHEME, permutations=_permutations(), hashfunc=_hashed)
    m.update_batch(shingle_hashes(copy))
    return m


def to_bytes(sig: MinHash) -> bytes:
    """A signature as stored (`signatures.minhash`)."""
    return sig.hashvalues.astype("<u4").tobytes()


def from_bytes(data: bytes) -> MinHash:
    """A stored signature (of `SCHEME`)."""
    return MinHash(scheme=_SCHEME, hashvalues=np.frombuffer(data, dtype="<u4"), permutations=_permutations(),
                   hashfunc=_hashed)


@functools.lru_cache(maxsize=64)
def signature(text: str) -> MinHash:
    """The MinHash of a report's word 3-shingles (normalised, so spelling variants do not matter)."""
    return signature_of_copy(normalize(text).text)


class NearDuplicates:
    """An LSH index of the documents seen so far, keyed by their group id: a document inserts its
    signature under its group's id, so a query returns the few groups it resembles, not every document
    of a large group."""

    def __init__(self) -> None:
        self.lsh = MinHashLSH(threshold=THRESHOLD, num_perm=PERMUTATIONS)

    @classmethod
    def from_store(cls, store: Any, chunk: int = 500) -> NearDuplicates:
        """The index of every stored document, from the stored signatures; a document stored without one
        (before they were kept) is signed from its text once, and its signature stored."""
        nd = cls()
        unsigned: list[tuple[int, str, bytes]] = []
        for doc_id, group_id, data, text in store.iter_signatures(SCHEME):
            if data is not None:
                nd.add(group_id or doc_id, "", from_bytes(data))
                continue
            sig = signature(text or "")
            nd.add(group_id or doc_id, text or "", sig)
            unsigned.append((doc_id, SCHEME, to_bytes(sig)))
            if len(unsigned) >= chunk:
                store.add_signatures(unsigned)
                unsigned = []
        store.add_signatures(unsigned)
        return nd

    def group_of(self, text: str, sig: MinHash | None = None) -> int | None:
        """The group of the first stored document this text nearly repeats, or None."""
        hits = self.lsh.query(sig if sig is not None else signature(text))
        return min(hits) if hits else None

    def add(self, group: int, text: str, sig: MinHash | None = None) -> None:
        self.lsh.insert(group, sig if sig is not None else signature(text), check_duplication=False)
