"""Queuing the newsroom's match job from a save: light on purpose (the web process imports it;
the matching itself, with the encoder and numpy, is in ``rematch`` and runs in the worker)."""

from django.conf import settings
from django.contrib.auth.models import User

from annotations.models import Job, JobKind, JobState
from annotations.selectors.handwritten import execute

from .jobs import create_job

# ``jobs.join_waiting_job`` for the newsroom's match job, written out: every first save of a
# verdict sends it while a match job waits (see annotations/selectors/handwritten.py).
JOIN_WAITING_MATCH = """
    UPDATE annotations_job SET params = params
    WHERE newsroom_id = %s AND kind = %s AND state = %s
"""


def queue_rematch(
    *, newsroom_id: int, created_by: User | None = None, waiting: bool = True
) -> Job | None:
    """Queue the newsroom's match job after this transaction commits, unless one already waits
    (that one will see this verdict too). The job is held ``FACTCHECK_MATCH_DELAY`` seconds
    first, so the saves of those seconds ride on it. Called in the saving transaction.
    ``waiting=False``: the caller read that none waits (a save reads it with its verdict), which
    spares the write that rides on a waiting job."""
    if waiting and execute(JOIN_WAITING_MATCH, [newsroom_id, JobKind.MATCH, JobState.QUEUED]):
        return None
    return create_job(
        newsroom=newsroom_id,
        kind=JobKind.MATCH,
        created_by=created_by,
        in_background=True,
        countdown=settings.FACTCHECK_MATCH_DELAY or None,
    )
