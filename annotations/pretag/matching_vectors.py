"""The semantic half of claim matching: sentence embeddings kept small, searched in two steps.

200,000 claims as float32 embeddings would take 410 MB, as float16 205 MB, as int8 102 MB.
Each claim is kept as 4-bit integers (-7..7, its largest component mapping to 7; two to a
byte, the scale beside them: 260 bytes) and as its 512 signs (64 bytes): 62 MB for 200,000.
On the CheckThat! 2022 2A train queries the 4-bit cosines differ from float32 by 0.004 on
average and MAP@5 did not move (0.8727 float32, 0.8727 int8, 0.8732 4-bit).

A query first ranks every claim by Hamming distance of the signs (a popcount over eight
64-bit words, a few milliseconds for 200,000), then scores the nearest ``shortlist`` from the
4-bit rows. Unpacking every row to float for a full scan would cost more than the whole
latency budget; the shortlist keeps 98.7 % of a full scan's top ten among 200,000 claims
(``bench/claim_matching_quality.py``).

Rows are stored in fixed blocks, so adding claims never copies the ones already there.
"""

from __future__ import annotations

import numpy as np

DIM = 512
WORDS = DIM // 64
BLOCK = 8192
# 4-bit integers run -LEVELS..LEVELS.
LEVELS = 7
# Claims scored from their rows after the Hamming step.
SHORTLIST = 1000


class VectorStore:
    """L2-normalised embeddings of claims numbered 0, 1, 2, ... in the order they were added.

    Not thread-safe on its own: the caller (``ClaimIndex``) serialises adds and queries.
    """

    def __init__(self) -> None:
        self._rows: list[np.ndarray] = []  # per block: (BLOCK, DIM / 2) uint8, two nibbles
        self._scales: list[np.ndarray] = []  # per block: (BLOCK,) float32
        self._signs: list[np.ndarray] = []  # per block: (WORDS, BLOCK) uint64, word-major
        self._size = 0

    def __len__(self) -> int:
        return self._size

    def add(self, vectors: np.ndarray) -> None:
        """Store embeddings (n, 512) after the ones already there."""
        vectors = np.asarray(vectors, dtype=np.float32).reshape(-1, DIM)
        done = 0
        while done < len(vectors):
            block, offset = divmod(self._size, BLOCK)
            if block == len(self._rows):
                self._rows.append(np.zeros((BLOCK, DIM // 2), dtype=np.uint8))
                self._scales.append(np.zeros(BLOCK, dtype=np.float32))
                self._signs.append(np.zeros((WORDS, BLOCK), dtype=np.uint64))
            take = min(BLOCK - offset, len(vectors) - done)
            part = vectors[done : done + take]
            peak = np.maximum(np.abs(part).max(axis=1), 1e-12)
            levels = (np.rint(part * (LEVELS / peak)[:, None]) + 8).astype(np.uint8)  # 1..15
            packed = levels[:, 0::2] | (levels[:, 1::2] << np.uint8(4))
            self._rows[block][offset : offset + take] = packed
            self._scales[block][offset : offset + take] = peak / LEVELS
            signs = np.packbits(part > 0, axis=1, bitorder="little").view(np.uint64)
            self._signs[block][:, offset : offset + take] = signs.T
            done += take
            self._size += take

    def exact(self, query: np.ndarray, numbers: np.ndarray) -> np.ndarray:
        """Cosine of the query with the given claims, from their 4-bit rows."""
        numbers = np.asarray(numbers, dtype=np.int64)
        query = np.asarray(query, dtype=np.float32)
        total = float(query.sum())  # the nibbles are stored plus 8
        out = np.empty(len(numbers), dtype=np.float32)
        blocks, offsets = np.divmod(numbers, BLOCK)
        for block in np.unique(blocks).tolist():
            here = blocks == block
            rows = self._rows[block][offsets[here]]
            even = (rows & np.uint8(15)).astype(np.float32)
            odd = (rows >> np.uint8(4)).astype(np.float32)
            dot = even @ query[0::2] + odd @ query[1::2] - 8.0 * total
            out[here] = dot * self._scales[block][offsets[here]]
        return out

    def nearest(self, query: np.ndarray, shortlist: int = SHORTLIST) -> np.ndarray:
        """Numbers of the ``shortlist`` claims whose signs are nearest the query's (unordered)."""
        if self._size <= shortlist:
            return np.arange(self._size)
        signs = np.packbits(query > 0, bitorder="little").view(np.uint64)
        distance = np.empty(len(self._signs) * BLOCK, dtype=np.uint16)  # up to 512
        for block, words in enumerate(self._signs):
            part = distance[block * BLOCK : (block + 1) * BLOCK]
            np.bitwise_count(words[0] ^ signs[0], out=part)
            for word in range(1, WORDS):
                part += np.bitwise_count(words[word] ^ signs[word])
        return np.argpartition(distance[: self._size], shortlist)[:shortlist]
