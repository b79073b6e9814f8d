"""glibc's allocator set for long-running processes with a few threads (a no-op elsewhere).

By default glibc gives threads up to eight arenas per core and keeps freed heap for reuse, and
after the first large block is freed it raises the size above which a block gets pages of its
own (up to 32 MB): the encoder's arrays and the export's buffers then come from the heap and
their pages stay with the process after the call. ``tune()`` caps the arenas at two and fixes
both thresholds at 128 kB (glibc's starting values), so large blocks go back to the system when
freed. Measured on the shared workload (``bench/side_by_side.py``, ``make run``): server memory
peak 339 → 317 MB, idle 260 → 248 MB, the same request rates within the run-to-run spread.

Imports nothing of the project: gunicorn's config (which the master reads by path, without the
``factcheck`` package) loads this file by path too. Call it before the process starts threads;
the setting holds in processes forked after.
"""

import ctypes
import ctypes.util
import sys

# mallopt parameters (malloc.h)
_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3
_M_ARENA_MAX = -8

ARENAS = 2
THRESHOLD = 128 * 1024


def tune() -> bool:
    """Apply the settings above; False where the C library is not glibc."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):  # musl and others have no mallopt
        return False
    return all(
        mallopt(param, value) == 1
        for param, value in (
            (_M_ARENA_MAX, ARENAS),
            (_M_MMAP_THRESHOLD, THRESHOLD),
            (_M_TRIM_THRESHOLD, THRESHOLD),
        )
    )
