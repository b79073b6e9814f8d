"""Verdicts: optimistic locking, evidence checks, revisions, roles."""

import pytest

from annotations.models import Revision
from annotations.services.errors import Forbidden, InvalidInput, NotFound, StaleVersion
from annotations.services.verdicts import EvidenceInput, set_verdict

pytestmark = pytest.mark.django_db


@pytest.fixture
def sentence(article):
    return article.sentences.get(ordinal=3)


def test_first_save_creates_version_one_with_a_revision(sentence, editor):
    annotation = set_verdict(
        sentence=sentence,
        editor=editor,
        verdict="verified",
        rationale="Agency report confirms the date.",
        evidence=[EvidenceInput(url="https://example.org/report", title="Report")],
        expected_version=0,
    )
    assert annotation.version == 1 and annotation.review_state == "draft"
    assert list(annotation.evidence.values_list("url", flat=True)) == ["https://example.org/report"]
    assert Revision.objects.filter(sentence=sentence).count() == 1


def test_second_save_with_stale_version_is_refused(sentence, editor, second_editor):
    set_verdict(sentence=sentence, editor=editor, verdict="verified", expected_version=0)
    set_verdict(sentence=sentence, editor=second_editor, verdict="disputed", expected_version=1)
    with pytest.raises(StaleVersion) as excinfo:
        set_verdict(sentence=sentence, editor=editor, verdict="unverified", expected_version=1)
    assert excinfo.value.current.verdict == "disputed"
    assert excinfo.value.current.version == 2
    assert Revision.objects.filter(sentence=sentence).count() == 2


def test_unchanged_save_keeps_version_and_writes_no_revision(sentence, editor):
    set_verdict(sentence=sentence, editor=editor, verdict="verified", expected_version=0)
    again = set_verdict(sentence=sentence, editor=editor, verdict="verified", expected_version=1)
    assert again.version == 1
    assert Revision.objects.filter(sentence=sentence).count() == 1


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "data:text/html,x", "ftp://example.org/", "https://", "x" * 10]
)
def test_evidence_link_must_be_http_or_https_with_a_host(sentence, editor, url):
    with pytest.raises(InvalidInput) as excinfo:
        set_verdict(
            sentence=sentence,
            editor=editor,
            verdict="disputed",
            evidence=[EvidenceInput(url=url)],
            expected_version=0,
        )
    assert excinfo.value.field == "evidence[0].url"
    assert not Revision.objects.exists()


def test_viewer_is_denied(sentence, viewer):
    with pytest.raises(Forbidden):
        set_verdict(sentence=sentence, editor=viewer, verdict="verified", expected_version=0)


def test_member_of_another_newsroom_is_told_not_found(sentence, outsider):
    with pytest.raises(NotFound):
        set_verdict(sentence=sentence, editor=outsider, verdict="verified", expected_version=0)


def test_unknown_verdict_is_refused(sentence, editor):
    with pytest.raises(InvalidInput) as excinfo:
        set_verdict(sentence=sentence, editor=editor, verdict="true", expected_version=0)
    assert excinfo.value.field == "verdict"


def test_revisions_cannot_be_edited(sentence, editor):
    set_verdict(sentence=sentence, editor=editor, verdict="verified", expected_version=0)
    revision = Revision.objects.get()
    revision.after = {}
    with pytest.raises(Exception, match="cannot be changed"):
        revision.save()
