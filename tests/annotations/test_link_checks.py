"""Link checks of evidence: real fetches to local servers on 127.0.0.1 (allowed through
FACTCHECK_LINKCHECK_ALLOW), what a check records, rot history, snapshots, the schedule, and
verdict edits that keep the evidence (and its check results) whose URL stayed."""

import threading
import time
import zlib
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from annotations.models import (
    Evidence,
    EvidenceSnapshot,
    Job,
    JobKind,
    LinkStatus,
)
from annotations.services import jobs, link_checks
from annotations.services.fetcher import FetchStatus
from annotations.services.jobs import run_job
from annotations.services.link_checks import check_evidence, queue_stale_checks, wait_for_host
from annotations.services.verdicts import EvidenceInput, set_verdict
from tests.fetch_servers import page, serving

pytestmark = pytest.mark.django_db

ARTICLE = (
    "<html><head><title>Energiebericht &amp; Zahlen</title>"
    '<meta property="og:site_name" content="Lokalblatt">'
    '<meta property="article:published_time" content="2026-05-03T08:00:00Z"></head>'
    "<body><article><h1>Energiebericht</h1>"
    "<p>Die Bundesregierung hat am Montag neue Zahlen zur Energieversorgung vorgelegt. Demnach "
    "ist der Anteil erneuerbarer Energien am Stromverbrauch im ersten Halbjahr auf 57 Prozent "
    "gestiegen. Die Opposition kritisierte die Zahlen als geschönt und verlangte eine Prüfung.</p>"
    "<p>Windkraftanlagen an Land lieferten mit 31 Prozent den größten Beitrag, gefolgt von der "
    "Photovoltaik mit 14 Prozent. Der Ausbau der Netze hält nach Einschätzung der "
    "Bundesnetzagentur nicht Schritt.</p></article></body></html>"
).encode()


@pytest.fixture
def site(settings):
    """A local server the fetcher may reach, with an article, a 404 and a 410."""
    routes = {
        "/article": page(ARTICLE),
        "/gone": page(b"gone", status=410),
        "/plain": page(b"Nur Text, kein HTML.", content_type="text/plain; charset=utf-8"),
    }
    with serving(routes) as server:
        settings.FACTCHECK_LINKCHECK_ALLOW = [f"127.0.0.1:{server.port}"]
        settings.FACTCHECK_LINKCHECK_HOST_INTERVAL = 0
        yield server


@pytest.fixture
def sentence(article):
    return article.sentences.get(ordinal=3)


def save(sentence, editor, items, *, version=None, rationale=""):
    current = getattr(sentence, "annotation", None)
    expected = version if version is not None else (current.version if current else 0)
    annotation = set_verdict(
        sentence=sentence,
        editor=editor,
        verdict="verified",
        rationale=rationale,
        evidence=items,
        expected_version=expected,
    )
    sentence.refresh_from_db()
    return annotation


def one_evidence(sentence, editor, url, **fields) -> Evidence:
    annotation = save(sentence, editor, [EvidenceInput(url=url, **fields)])
    return annotation.evidence.get()


def link_jobs():
    return Job.objects.filter(kind=JobKind.LINK_CHECK).order_by("pk")


def test_link_statuses_are_the_fetchers_and_the_two_before_a_check():
    assert {s.value for s in FetchStatus} <= set(LinkStatus.values)
    assert set(LinkStatus.values) - {s.value for s in FetchStatus} == {"unchecked", "checking"}


def test_a_save_marks_new_links_checking_and_queues_one_job_for_them(site, sentence, editor):
    annotation = save(
        sentence,
        editor,
        [EvidenceInput(url=site.url("/article")), EvidenceInput(url=site.url("/gone"))],
    )
    items = list(annotation.evidence.order_by("position"))
    assert [e.link_status for e in items] == ["checking", "checking"]
    job = link_jobs().get()
    assert job.params == {"evidence_ids": [e.pk for e in items]}
    assert job.article_id is None and job.newsroom_id == sentence.article.newsroom_id
    assert job.created_by_id == editor.pk


def test_a_save_without_evidence_queues_nothing(sentence, editor):
    save(sentence, editor, [])
    assert not link_jobs().exists()


def test_an_ok_page_fills_the_empty_title_site_and_date_and_keeps_a_snapshot(
    site, sentence, editor
):
    evidence = one_evidence(sentence, editor, site.url("/article"))
    assert check_evidence(evidence) == "ok"
    evidence.refresh_from_db()
    assert (evidence.link_status, evidence.link_http_status) == ("ok", 200)
    assert evidence.link_final_url == site.url("/article")
    assert evidence.title == "Energiebericht"
    assert evidence.publisher == "Lokalblatt"
    assert evidence.published.isoformat() == "2026-05-03"
    assert evidence.link_first_ok_at == evidence.link_checked_at
    assert evidence.link_broken_since is None
    snapshot = EvidenceSnapshot.objects.get(evidence=evidence)
    assert "57 Prozent" in snapshot.text and "<p>" not in snapshot.text
    assert zlib.decompress(snapshot.text_z).decode() == snapshot.text
    assert len(snapshot.sha256) == 64 and snapshot.content_type == "text/html"
    assert evidence.snapshot_at == snapshot.fetched_at


def test_what_the_editor_typed_is_never_overwritten(site, sentence, editor):
    evidence = one_evidence(
        sentence, editor, site.url("/article"), title="Mein Titel", publisher="Meine Quelle"
    )
    check_evidence(evidence)
    evidence.refresh_from_db()
    assert (evidence.title, evidence.publisher) == ("Mein Titel", "Meine Quelle")


def test_the_same_text_again_stores_no_second_snapshot(site, sentence, editor):
    evidence = one_evidence(sentence, editor, site.url("/article"))
    check_evidence(evidence)
    check_evidence(evidence)
    assert EvidenceSnapshot.objects.filter(evidence=evidence).count() == 1


def test_a_404_is_not_found_and_broken_since_the_first_failed_check(site, sentence, editor):
    evidence = one_evidence(sentence, editor, site.url("/missing"))
    assert check_evidence(evidence) == "not_found"
    evidence.refresh_from_db()
    first_broken = evidence.link_broken_since
    assert (evidence.link_status, evidence.link_http_status) == ("not_found", 404)
    assert first_broken is not None and evidence.link_first_ok_at is None
    assert not EvidenceSnapshot.objects.filter(evidence=evidence).exists()
    check_evidence(evidence)
    evidence.refresh_from_db()
    assert evidence.link_broken_since == first_broken  # "404 since", not "since the last check"


def test_rot_history_ok_first_then_gone_then_back(site, sentence, editor):
    evidence = one_evidence(sentence, editor, site.url("/article"))
    check_evidence(evidence)
    evidence.refresh_from_db()
    ok_at = evidence.link_first_ok_at
    site.routes["/article"] = page(b"gone", status=410)
    assert check_evidence(evidence) == "gone"
    evidence.refresh_from_db()
    assert evidence.link_first_ok_at == ok_at and evidence.link_broken_since is not None
    assert evidence.snapshot_at is not None  # what the page said is still kept
    site.routes["/article"] = page(ARTICLE)
    check_evidence(evidence)
    evidence.refresh_from_db()
    assert evidence.link_first_ok_at == ok_at and evidence.link_broken_since is None


@pytest.mark.parametrize(
    ("excerpt", "state"),
    [
        ("auf 57 Prozent gestiegen", "verbatim"),
        ("Die Opposition kritisiert die Zahlen als geschönt", "approximate"),
        ("Die Strompreise für Haushalte sind seit Jahresbeginn gestiegen", "not_found"),
    ],
)
def test_the_excerpt_is_found_verbatim_approximately_or_not(site, sentence, editor, excerpt, state):
    evidence = one_evidence(sentence, editor, site.url("/article"), excerpt=excerpt)
    check_evidence(evidence)
    evidence.refresh_from_db()
    assert evidence.excerpt_match == state
    assert (evidence.excerpt_score == 100.0) == (state == "verbatim")


def test_no_excerpt_no_match(site, sentence, editor):
    evidence = one_evidence(sentence, editor, site.url("/plain"))
    check_evidence(evidence)
    evidence.refresh_from_db()
    assert evidence.link_status == "ok" and evidence.excerpt_match == ""
    assert EvidenceSnapshot.objects.get(evidence=evidence).text == "Nur Text, kein HTML."


def test_a_blocked_target_is_saved_blocked_without_a_connection(settings, sentence, editor):
    with serving({"/": page(b"canary")}) as canary:
        settings.FACTCHECK_LINKCHECK_ALLOW = []  # loopback is refused as in production
        settings.FACTCHECK_FETCH_PORTS = [80, 443, canary.port]  # the address rule decides
        evidence = one_evidence(sentence, editor, canary.url("/"))
        assert check_evidence(evidence) == "blocked"
        time.sleep(0.05)
        assert canary.connections == 0
    evidence.refresh_from_db()
    assert evidence.link_status == "blocked" and evidence.link_http_status is None
    assert "not a public address" in evidence.link_error
    assert evidence.link_broken_since is None  # our refusal is not the source's rot


def test_a_check_overtaken_by_an_edit_of_its_url_writes_nothing(site, sentence, editor):
    evidence = one_evidence(sentence, editor, site.url("/article"))
    Evidence.objects.filter(pk=evidence.pk).update(url=site.url("/plain"))
    assert check_evidence(evidence) == "superseded"
    row = Evidence.objects.get(pk=evidence.pk)
    assert row.link_status == "checking" and row.link_checked_at is None
    assert not EvidenceSnapshot.objects.exists()


def test_the_link_check_job_checks_its_items_through_the_job_base(site, sentence, editor):
    save(
        sentence,
        editor,
        [EvidenceInput(url=site.url("/article")), EvidenceInput(url=site.url("/gone"))],
    )
    job = link_jobs().get()
    assert run_job(job.pk, kind=JobKind.LINK_CHECK) == "done"
    job.refresh_from_db()
    assert job.result == {"checked": 2, "statuses": {"ok": 1, "gone": 1}}
    assert run_job(job.pk) == "skipped"


def test_a_link_check_job_does_not_reach_another_newsrooms_evidence(
    site, sentence, editor, other_newsroom
):
    evidence = one_evidence(sentence, editor, site.url("/article"))
    stray = Job.objects.create(
        newsroom=other_newsroom,
        kind=JobKind.LINK_CHECK,
        params={"evidence_ids": [evidence.pk]},
    )
    assert run_job(stray.pk) == "done"
    assert Job.objects.get(pk=stray.pk).result["checked"] == 0
    assert Evidence.objects.get(pk=evidence.pk).link_status == "checking"


def test_a_message_for_another_kind_claims_nothing(sentence, editor, site):
    save(sentence, editor, [EvidenceInput(url=site.url("/article"))])
    job = link_jobs().get()
    assert run_job(job.pk, kind=JobKind.PRETAG) == "skipped"
    assert Job.objects.get(pk=job.pk).state == "queued"


def test_a_saves_link_job_is_sent_after_commit_from_the_dispatcher_thread(
    monkeypatch, sentence, editor, django_capture_on_commit_callbacks
):
    sent = []
    done = threading.Event()

    def record(job_id: int, kind: str, **_options: object) -> bool:
        sent.append((job_id, kind, threading.current_thread().name))
        if kind == "link_check":
            done.set()
        return True

    monkeypatch.setattr(jobs, "_send", record)
    monkeypatch.setattr(jobs, "_mark_dispatched", lambda *args, **kwargs: None)
    with django_capture_on_commit_callbacks(execute=True):
        save(sentence, editor, [EvidenceInput(url="https://example.org/a")])
    assert done.wait(30)
    # A first verdict also queues its claim-matching job; the link check is the one asked about.
    links = [entry for entry in sent if entry[1] == "link_check"]
    assert links == [(link_jobs().get().pk, "link_check", "job-dispatcher")]


def test_every_kind_has_a_task_and_every_named_handler_is_there():
    assert set(jobs.TASKS) == set(JobKind.values)
    assert all(callable(jobs.handler_for(kind)) for kind in jobs.HANDLERS)
    assert jobs.handler_for(JobKind.LINK_CHECK) is link_checks.check_links


@pytest.mark.parametrize(
    ("kind", "task", "queue"),
    [
        (JobKind.LINK_CHECK, "annotations.tasks.run_link_check_job", "links"),
        (JobKind.PRETAG, "annotations.tasks.run_pretag_job", "celery"),
        (JobKind.RETAG, "annotations.tasks.run_retag_job", "celery"),
    ],
)
def test_each_kind_goes_to_its_own_task_and_queue(monkeypatch, newsroom, kind, task, queue):
    import annotations.tasks  # noqa: F401 - what the worker's autodiscovery imports
    from factcheck.celery import app

    sent = []
    monkeypatch.setattr(app, "send_task", lambda name, **kw: sent.append((name, kw["queue"])))
    job = Job.objects.create(newsroom=newsroom, kind=kind)
    assert jobs.dispatch_job(job.pk, kind)
    assert sent == [(task, queue)]
    assert app.tasks[task].queue == queue  # the worker knows it, and a retry stays on its queue


def test_one_fetch_per_host_per_interval(settings):
    """The slot is whole seconds on every cache (Redis truncates a timeout to an int)."""
    settings.FACTCHECK_LINKCHECK_HOST_INTERVAL = 0.4
    host = f"http://rate-{time.monotonic_ns()}.example/"  # a slot nobody else holds
    started = time.monotonic()
    wait_for_host(host + "a")
    wait_for_host(host + "b")
    assert time.monotonic() - started >= 0.9
    other = time.monotonic()
    wait_for_host(f"http://other-{time.monotonic_ns()}.example/")
    assert time.monotonic() - other < 0.8, "another host waited for this host's slot"


# --- stable evidence across verdict edits --------------------------------------------------------


def test_an_edit_keeps_the_ids_and_results_of_unchanged_urls_and_checks_only_the_new_one(
    site, sentence, editor
):
    urls = [site.url("/article"), site.url("/plain"), site.url("/gone")]
    annotation = save(sentence, editor, [EvidenceInput(url=u) for u in urls])
    run_job(link_jobs().get().pk)
    before = {e.url: e for e in annotation.evidence.all()}
    assert {e.link_status for e in before.values()} == {"ok", "gone"}

    edited = [
        EvidenceInput(url=urls[2], title="Moved up"),  # reordered and retitled
        EvidenceInput(url=site.url("/missing")),  # replaces /plain
        EvidenceInput(url=urls[0]),
    ]
    saved = save(sentence, editor, edited, rationale="Second look.")
    after = {e.url: e for e in Evidence.objects.filter(annotation=saved)}
    for url in (urls[0], urls[2]):
        assert after[url].pk == before[url].pk
        assert after[url].link_status == before[url].link_status
        assert after[url].link_checked_at == before[url].link_checked_at
    assert urls[1] not in after
    new = after[site.url("/missing")]  # took over the row of the URL it replaced, cleared
    assert new.pk == before[urls[1]].pk and new.link_status == "checking"
    assert new.link_checked_at is None and new.link_first_ok_at is None
    assert new.snapshot_at is None and not EvidenceSnapshot.objects.filter(evidence=new).exists()
    assert [e.url for e in saved.saved_evidence] == [e.url for e in edited]
    assert [e.position for e in saved.saved_evidence] == [0, 1, 2]
    assert after[urls[2]].title == "Moved up" and after[urls[2]].position == 0
    second = link_jobs().last()
    assert second.params == {"evidence_ids": [new.pk]}


def test_an_edited_excerpt_keeps_the_link_result_and_drops_only_the_excerpt_match(
    site, sentence, editor
):
    evidence = one_evidence(sentence, editor, site.url("/article"), excerpt="57 Prozent")
    check_evidence(evidence)
    save(sentence, editor, [EvidenceInput(url=site.url("/article"), excerpt="31 Prozent")])
    row = Evidence.objects.get(pk=evidence.pk)
    assert row.link_status == "ok" and row.excerpt_match == "" and row.excerpt_score is None
    assert link_jobs().count() == 1


def _save_queries(sentence, editor, count: int) -> int:
    items = [EvidenceInput(url=f"https://example.org/{count}/{i}") for i in range(count)]
    save(sentence, editor, items, rationale="first")
    # One item edited in place, one removed, one added; all the others unchanged.
    edited = [
        EvidenceInput(url=items[0].url, title="edited"),
        *items[1 : count - 1],
        EvidenceInput(url=f"https://example.org/{count}/new"),
    ]
    with CaptureQueriesContext(connection) as queries:
        save(sentence, editor, edited, rationale="second")
    return len(queries)


def test_a_saves_queries_do_not_grow_with_the_unchanged_evidence(article, editor):
    sentences = list(article.sentences.order_by("ordinal")[3:5])
    few = _save_queries(sentences[0], editor, 3)
    many = _save_queries(sentences[1], editor, 30)
    assert few == many


# --- the schedule ---------------------------------------------------------------------------------


def test_links_older_than_the_max_age_are_queued_again_once(settings, sentence, editor):
    settings.FACTCHECK_LINKCHECK_MAX_AGE_DAYS = 7
    annotation = save(
        sentence,
        editor,
        [
            EvidenceInput(url="https://example.org/old"),
            EvidenceInput(url="https://example.org/new"),
        ],
    )
    old, recent = annotation.evidence.order_by("position")
    now = timezone.now()
    Evidence.objects.filter(pk=old.pk).update(
        link_status="ok", link_checked_at=now - timedelta(days=8), link_queued_at=None
    )
    Evidence.objects.filter(pk=recent.pk).update(
        link_status="ok", link_checked_at=now - timedelta(days=1), link_queued_at=None
    )
    assert queue_stale_checks(now=now) == 1
    job = link_jobs().last()
    assert job.params == {"evidence_ids": [old.pk]}
    assert Evidence.objects.get(pk=old.pk).link_status == "checking"
    assert queue_stale_checks(now=now) == 0  # queued already


def test_a_queued_check_that_never_ran_is_queued_again_after_a_while(sentence, editor):
    evidence = one_evidence(sentence, editor, "https://example.org/lost")
    now = timezone.now()
    assert queue_stale_checks(now=now) == 0
    later = now + link_checks.REQUEUE_AFTER + timedelta(minutes=1)
    assert queue_stale_checks(now=later) == 1
    assert link_jobs().last().params == {"evidence_ids": [evidence.pk]}
