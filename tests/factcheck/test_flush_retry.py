"""A transactional test's flush that lost a deadlock is tried again; any other failure is not."""

import pytest
from django.core.management.base import CommandError

from tests.conftest import FLUSH_ATTEMPTS, flush_again_after_a_deadlock


def failing(times: int, cause: str):
    calls = []

    def teardown(_case: object) -> None:
        calls.append(1)
        if len(calls) <= times:
            raise CommandError("Database test couldn't be flushed.") from RuntimeError(cause)

    return teardown, calls


def test_a_flush_that_lost_a_deadlock_is_tried_again():
    teardown, calls = failing(2, "deadlock detected\nDETAIL: Process 1 waits for ...")
    flush_again_after_a_deadlock(teardown, pause=0)(object())
    assert len(calls) == 3


def test_a_flush_that_keeps_losing_fails_after_the_last_attempt():
    teardown, calls = failing(FLUSH_ATTEMPTS, "deadlock detected")
    with pytest.raises(CommandError):
        flush_again_after_a_deadlock(teardown, pause=0)(object())
    assert len(calls) == FLUSH_ATTEMPTS


def test_another_flush_failure_is_raised_at_once():
    teardown, calls = failing(1, 'relation "annotations_job" does not exist')
    with pytest.raises(CommandError):
        flush_again_after_a_deadlock(teardown, pause=0)(object())
    assert len(calls) == 1
