"""Which check-worthiness weights the pre-tagger uses, and the tagger version that names them.

The shipped weights (``weights/``) are never written to at run time. Versions trained on the
desk's own outcomes (``manage.py train_checkworthiness --from-desk``) go to the folder named by
the ``FACTCHECK_WEIGHTS_DIR`` setting, with a ``current.json`` naming the one in use:

    {"tagger_version": "2026.12-4+desk1", "model": "checkworthiness-desk1",
     "base_tagger_version": "2026.12-4", ...}

When that file is missing, names weights that are not there, or was written for another base
tagger version (the segmenter or detectors changed since), the shipped weights are used and the
tagger version is the base one. The pointer is read again whenever the file changes, so running
workers pick a new version up with their next batch without a restart.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .pipeline import TAGGER_VERSION

SHIPPED_DIR = Path(__file__).resolve().parent / "weights"
SHIPPED_MODEL = "checkworthiness-v2"
POINTER = "current.json"

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ActiveWeights:
    """The tagger version stored with new tags and the weight files behind it."""

    tagger_version: str
    weights_dir: Path
    model: str

    @property
    def shipped(self) -> bool:
        return self.weights_dir == SHIPPED_DIR


SHIPPED = ActiveWeights(TAGGER_VERSION, SHIPPED_DIR, SHIPPED_MODEL)


def desk_weights_dir() -> Path | None:
    """``settings.FACTCHECK_WEIGHTS_DIR`` when Django is loaded and configured, else None.

    Inference alone (no Django loaded, e.g. the benchmarks) is never made to import it, and
    uses the shipped weights.
    """
    conf = sys.modules.get("django.conf")
    if conf is None or not conf.settings.configured:
        return None
    value = getattr(conf.settings, "FACTCHECK_WEIGHTS_DIR", None)
    return Path(value) if value else None


_cache: dict[Path, tuple[int, ActiveWeights]] = {}
_pinned = threading.local()


@contextmanager
def pinned_weights(active: ActiveWeights) -> Iterator[ActiveWeights]:
    """Within the block, this thread scores with ``active`` whatever ``current.json`` says: a
    job's tags all come from the version it records, even if a new one lands meanwhile."""
    previous = getattr(_pinned, "active", None)
    _pinned.active = active
    try:
        yield active
    finally:
        _pinned.active = previous


def active_weights() -> ActiveWeights:
    """The weights new tags are made with (see the module docstring); a stat per call."""
    pinned = getattr(_pinned, "active", None)
    if pinned is not None:
        return pinned
    folder = desk_weights_dir()
    if folder is None:
        return SHIPPED
    pointer = folder / POINTER
    try:
        mtime = pointer.stat().st_mtime_ns
    except OSError:
        return SHIPPED
    cached = _cache.get(folder)
    if cached and cached[0] == mtime:
        return cached[1]
    active = _read_pointer(folder, pointer)
    _cache[folder] = (mtime, active)
    return active


def _read_pointer(folder: Path, pointer: Path) -> ActiveWeights:
    try:
        data = json.loads(pointer.read_text(encoding="utf-8"))
        version, model = str(data["tagger_version"]), str(data["model"])
        base = str(data["base_tagger_version"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        logger.warning("%s unreadable (%s): using the shipped weights", pointer, exc)
        return SHIPPED
    if base != TAGGER_VERSION:
        logger.warning(
            "%s was trained for tagger %s, this is %s: using the shipped weights",
            model, base, TAGGER_VERSION,
        )  # fmt: skip
        return SHIPPED
    if not all((folder / f"{model}{ext}").is_file() for ext in (".npz", ".json")):
        logger.warning("%s names %s, whose files are missing: shipped weights", pointer, model)
        return SHIPPED
    return ActiveWeights(version, folder, model)


def current_tagger_version() -> str:
    return active_weights().tagger_version


def write_pointer(folder: Path, *, tagger_version: str, model: str, **extra: object) -> Path:
    """Make ``model`` (already written to ``folder``) the one in use, atomically."""
    pointer = folder / POINTER
    data = {
        "tagger_version": tagger_version,
        "model": model,
        "base_tagger_version": TAGGER_VERSION,
        **extra,
    }
    partial = folder / f".{POINTER}.tmp"
    partial.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(partial, pointer)
    return pointer


def next_desk_number(folder: Path) -> int:
    """1 + the highest ``checkworthiness-desk<N>`` in ``folder`` (1 for an empty folder)."""
    numbers = [0]
    for path in folder.glob("checkworthiness-desk*.json"):
        digits = path.stem.removeprefix("checkworthiness-desk")
        if digits.isdigit():
            numbers.append(int(digits))
    return max(numbers) + 1
