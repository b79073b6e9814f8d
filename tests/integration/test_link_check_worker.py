"""A verdict save's link check through a real worker on the "links" queue."""

import os

import pytest

from annotations.models import Evidence, Job, JobKind
from annotations.services.verdicts import EvidenceInput, set_verdict
from tests.conftest import wait_for
from tests.fetch_servers import page, serving

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

PAGE = (
    b"<html><head><title>Lokale Quelle</title></head><body><article><p>Die Stadt hat am Montag "
    b"mitgeteilt, dass 3000 Menschen an der Versammlung teilgenommen haben, deutlich mehr als "
    b"erwartet.</p></article></body></html>"
)


@pytest.fixture(scope="module")
def site():
    """A local page the worker may fetch: its port reaches the worker through its environment."""
    with serving({"/quelle": page(PAGE)}) as server:
        saved = {k: os.environ.get(k) for k in ("FACTCHECK_LINKCHECK_ALLOW",)}
        os.environ["FACTCHECK_LINKCHECK_ALLOW"] = f"127.0.0.1:{server.port}"
        yield server
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@pytest.fixture(scope="module")
def worker_process(site, worker_process):
    return worker_process  # started after the site, so it inherits the allowed port


def test_a_saved_link_is_checked_by_the_worker(worker_process, site, article, editor, settings):
    settings.FACTCHECK_LINKCHECK_ALLOW = [f"127.0.0.1:{site.port}"]
    sentence = article.sentences.get(ordinal=3)
    set_verdict(
        sentence=sentence,
        editor=editor,
        verdict="verified",
        evidence=[EvidenceInput(url=site.url("/quelle"), excerpt="3000 Menschen")],
        expected_version=0,
    )
    evidence = Evidence.objects.get(annotation__sentence=sentence)
    wait_for(lambda: Evidence.objects.get(pk=evidence.pk).link_status == "ok", timeout=60)
    evidence.refresh_from_db()
    assert evidence.title == "Lokale Quelle" and evidence.excerpt_match == "verbatim"
    # The evidence row is written by the handler; the job is marked done after it returns.
    wait_for(lambda: Job.objects.get(kind=JobKind.LINK_CHECK).state == "done", timeout=60)
    job = Job.objects.get(kind=JobKind.LINK_CHECK)
    assert job.dispatched_at is not None and job.attempts >= 1
