"""How many SQL statements a verdict save sends, and that the ones it skips are only skipped
when there is nothing for them to do (a dismissal to undo, a match job to queue, a webhook)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from annotations.models import Dismissal, Job, JobKind, JobState, Revision, WebhookEndpoint
from annotations.services.outcomes import dismiss

from .conftest import client_for

# The test's own transaction makes a save's transaction a savepoint: two statements that are a
# BEGIN and a COMMIT outside the tests (not counted by CaptureQueriesContext there).
TRANSACTION = 2


def _statements(ctx: CaptureQueriesContext) -> list[str]:
    return [
        q["sql"].strip().split()[0].upper()
        for q in ctx.captured_queries
        if not q["sql"].lstrip().upper().startswith(("SAVEPOINT", "RELEASE"))
    ]


def _save(client, sentence, version: int, evidence=(), verdict="verified"):
    body = {"verdict": verdict, "rationale": "Amtliche Zahlen.", "evidence": list(evidence)}
    with CaptureQueriesContext(connection) as ctx:
        response = client.put(
            f"/api/sentences/{sentence.pk}/annotation/",
            body,
            format="json",
            HTTP_IF_MATCH=f'"{sentence.pk}-{version}"',
        )
    assert response.status_code == 200, response.content
    return ctx


@pytest.fixture
def sentences(article):
    return list(article.sentences.filter(heading=False).order_by("ordinal")[:4])


@pytest.mark.django_db
def test_a_first_save_is_six_statements_and_an_edit_six(editor, sentences):
    client = client_for(editor)
    _save(client, sentences[0], 0)  # queues the newsroom's match job; it waits from now on
    first = _save(client, sentences[1], 0)
    # the token's user, the sentence with the caller's role, the verdict with what the save
    # needs to know, the verdict, its revision, and the write that rides on the waiting match
    # job (it holds the job until this save commits, so the job cannot miss the verdict)
    assert _statements(first) == ["SELECT", "SELECT", "SELECT", "INSERT", "INSERT", "UPDATE"]
    if connection.vendor == "sqlite":  # no savepoint of its own inside the transaction
        assert len(first.captured_queries) == 6 + TRANSACTION
    edit = _save(client, sentences[1], 1, verdict="disputed")
    # ... the stored evidence (the revision's "before"), the conditional UPDATE, the revision
    assert _statements(edit) == ["SELECT", "SELECT", "SELECT", "SELECT", "UPDATE", "INSERT"]
    with_evidence = _save(client, sentences[2], 0, [{"url": "https://example.org/report"}])
    # ... the evidence row and its link-check job
    assert _statements(with_evidence).count("INSERT") == 4


@pytest.mark.django_db
def test_a_first_verdict_queues_a_match_job_unless_one_waits(editor, sentences):
    client = client_for(editor)
    match_jobs = Job.objects.filter(kind=JobKind.MATCH, state=JobState.QUEUED)
    _save(client, sentences[0], 0)
    assert match_jobs.count() == 1
    _save(client, sentences[1], 0)
    assert match_jobs.count() == 1
    match_jobs.update(state=JobState.DONE)
    _save(client, sentences[2], 0)
    assert match_jobs.count() == 1


@pytest.mark.django_db
def test_a_verdict_still_undoes_a_dismissal(editor, sentences):
    dismiss(sentence=sentences[0], editor=editor, reason="opinion")
    ctx = _save(client_for(editor), sentences[0], 0)
    assert not Dismissal.objects.filter(sentence=sentences[0], undone_at__isnull=True).exists()
    assert Revision.objects.filter(sentence=sentences[0], action="undo_dismiss").exists()
    assert len(_statements(ctx)) > 5


@pytest.mark.django_db
def test_an_active_endpoint_still_hears_of_readiness(editor, newsroom, sentences):
    WebhookEndpoint.objects.create(
        newsroom=newsroom,
        url="https://hooks.example/in",
        events=["article.ready", "article.not_ready"],
        secret="s" * 32,
    )
    _save(client_for(editor), sentences[0], 0)
    assert Job.objects.filter(kind=JobKind.WEBHOOK, params__readiness_of=sentences[0].article_id)


@pytest.mark.django_db
def test_an_endpoint_on_verdict_events_alone_costs_a_save_nothing(editor, newsroom, sentences):
    client = client_for(editor)
    _save(client, sentences[0], 0)  # the match job that waits from now on
    without = _statements(_save(client, sentences[1], 0))
    WebhookEndpoint.objects.create(
        newsroom=newsroom,
        url="https://hooks.example/in",
        events=["verdict.submitted", "verdict.approved"],
        secret="s" * 32,
    )
    assert _statements(_save(client, sentences[2], 0)) == without
    assert not Job.objects.filter(kind=JobKind.WEBHOOK).exists()


@pytest.mark.django_db
def test_an_endpoint_on_readiness_costs_a_save_one_statement(editor, newsroom, sentences):
    client = client_for(editor)
    _save(client, sentences[0], 0)
    without = _statements(_save(client, sentences[1], 0))
    WebhookEndpoint.objects.create(
        newsroom=newsroom,
        url="https://hooks.example/in",
        events=["article.not_ready"],
        secret="s" * 32,
    )
    # No readiness job waits: the join finds none (UPDATE) and the save queues one (INSERT).
    assert sorted(_statements(_save(client, sentences[2], 0))) == sorted(
        [*without, "UPDATE", "INSERT"]
    )
    # One waits now: the save rides on it (the UPDATE) and queues nothing.
    assert sorted(_statements(_save(client, sentences[3], 0))) == sorted([*without, "UPDATE"])
    (job,) = Job.objects.filter(kind=JobKind.WEBHOOK, state=JobState.QUEUED)
    assert job.article_id == sentences[0].article_id
    assert job.params == {"readiness_of": sentences[0].article_id}
