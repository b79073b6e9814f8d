"""Job threads run at a lower CPU priority than the rest of the process."""

import os
import sys
import threading

import pytest

from annotations.services.priority import lower_thread_priority

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="per-thread niceness is Linux's")


def _in_a_thread(func):
    out: dict = {}

    def run() -> None:
        out["result"] = func()
        out["niceness"] = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=10)
    return out


def test_a_job_thread_is_lowered_and_the_rest_of_the_process_is_not(settings):
    settings.FACTCHECK_JOB_NICENESS = 10
    before = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    out = _in_a_thread(lower_thread_priority)
    assert out["niceness"] == max(before, 10) and out["result"] == out["niceness"]
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == before


def test_zero_leaves_the_thread_as_it_is(settings):
    settings.FACTCHECK_JOB_NICENESS = 0
    before = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    out = _in_a_thread(lower_thread_priority)
    assert out["result"] is None and out["niceness"] == before


def test_a_task_lowers_the_thread_it_runs_in(settings):
    """Celery's task_prerun signal, as the worker sends it before every task."""
    from celery.signals import task_prerun

    import factcheck.celery  # noqa: F401  (connects the handler)

    settings.FACTCHECK_JOB_NICENESS = 7
    before = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    out = _in_a_thread(lambda: task_prerun.send(sender=None, task_id="t", task=None))
    assert out["niceness"] == max(before, 7)
