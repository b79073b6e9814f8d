"""The allocator setting of the long-running processes: large freed blocks go back to the
system, also after the first one was freed (glibc would otherwise raise its threshold and serve
the next ones from a heap that keeps their pages)."""

import ctypes
import subprocess
import sys

import pytest

from factcheck import malloc
from tests.conftest import ROOT

# Run in a child: the setting holds for the life of the process that makes it.
PROBE = """
import ctypes, runpy, sys

class Info(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in (
        "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks",
        "fordblks", "keepcost")]

libc = ctypes.CDLL("libc.so.6")
libc.mallinfo2.restype = Info
if sys.argv[1] == "tuned":
    from factcheck import malloc
    assert malloc.tune()
elif sys.argv[1] == "web server":  # as gunicorn's master reads its configuration
    runpy.run_path("factcheck/gunicorn_config.py")
    assert "factcheck" not in sys.modules  # by path, without the package (and Celery)
first = bytearray(4 * 1024 * 1024)  # pages of its own under either setting
del first  # glibc now raises its threshold to 4 MB, unless tuned
before = libc.mallinfo2().hblks
second = bytearray(1024 * 1024)
print(libc.mallinfo2().hblks - before)
"""


def _mapped_blocks_added(setting: str) -> int:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, setting],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return int(result.stdout.strip())


def _glibc_with_mallinfo2() -> bool:
    try:
        return hasattr(ctypes.CDLL("libc.so.6"), "mallinfo2")
    except OSError:
        return False


@pytest.mark.skipif(not _glibc_with_mallinfo2(), reason="needs glibc 2.33 or later")
def test_after_a_large_block_is_freed_the_next_one_still_gets_pages_of_its_own():
    assert _mapped_blocks_added("default") == 0  # glibc's own behaviour, for contrast
    assert _mapped_blocks_added("tuned") == 1


@pytest.mark.skipif(not _glibc_with_mallinfo2(), reason="needs glibc 2.33 or later")
def test_the_web_servers_configuration_applies_it_without_the_project_package():
    assert _mapped_blocks_added("web server") == 1


def test_elsewhere_than_linux_it_does_nothing(monkeypatch):
    monkeypatch.setattr(sys, "platform", "darwin")

    assert malloc.tune() is False


def test_a_c_library_without_mallopt_is_left_alone(monkeypatch):
    def no_libc(*args, **kwargs):
        raise OSError("no such library")

    monkeypatch.setattr(ctypes, "CDLL", no_libc)

    assert malloc.tune() is False
