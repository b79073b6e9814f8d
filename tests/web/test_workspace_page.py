"""The workspace page: the hooks outside checks read, review-state marks, the pre-tag job's
warnings, readiness blockers, and pages of a long article (size and query count bounded)."""

import json
import re

import pytest
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext

from annotations.models import Annotation, Job, JobState, Sentence, SentenceTag
from annotations.services.articles import import_article
from annotations.services.review import request_changes, submit
from annotations.services.verdicts import set_verdict
from annotations.web.workspace import PAGE_SIZE

pytestmark = pytest.mark.django_db

OPTION = re.compile(r'<span class="([^"]*)" role="option" id="s-(\d+)"([^>]*)>')


def options(html: str) -> dict[int, dict[str, str]]:
    """Sentence id -> its class and data-* attributes, as the page renders them."""
    found = {}
    for classes, pk, rest in OPTION.findall(html):
        attributes = dict(re.findall(r'(data-[\w-]+)="([^"]*)"', rest))
        found[int(pk)] = {"class": classes, **attributes}
    return found


def long_text(n: int) -> str:
    """``n`` short sentences, ten to a paragraph."""
    lines = []
    for paragraph in range(0, n, 10):
        numbers = range(paragraph + 1, min(n, paragraph + 10) + 1)
        lines.append(" ".join(f"Satz Nummer {i} steht hier im Text." for i in numbers))
    return "\n\n".join(lines)


def long_article(newsroom, editor, n: int):
    article, _job = import_article(
        newsroom=newsroom, title=f"{n} Sätze", text=long_text(n), language="de", imported_by=editor
    )
    assert article.sentences.count() == n
    return article


def finish_job(article, result: dict) -> Job:
    job = article.jobs.order_by("-pk").first()
    Job.objects.filter(pk=job.pk).update(state=JobState.DONE, progress=1.0, result=result)
    return job


def body_sentences(article):
    return list(Sentence.objects.filter(article=article, heading=False).order_by("ordinal"))


# --- hooks and review-state marks ---------------------------------------------------------------
def test_every_sentence_carries_the_hooks_empty_when_there_is_no_verdict(viewer_client, article):
    found = options(viewer_client.get(f"/articles/{article.pk}/").text)
    assert set(found) == set(article.sentences.values_list("pk", flat=True))
    for pk, item in found.items():
        assert item["data-sentence-id"] == str(pk)
        assert item["data-verdict"] == ""
        assert item["data-review-state"] == ""


def test_hooks_and_marks_follow_the_verdict_and_its_review_state(
    editor_client, article, editor, reviewer
):
    first, second, third = body_sentences(article)[:3]
    set_verdict(sentence=first, editor=editor, verdict="verified", expected_version=0)
    set_verdict(sentence=second, editor=editor, verdict="disputed", expected_version=0)
    submit(sentence=second, editor=editor)
    found = options(editor_client.get(f"/articles/{article.pk}/").text)
    assert found[first.pk]["data-verdict"] == "verified"
    assert found[first.pk]["data-review-state"] == "draft"
    assert "rs-" not in found[first.pk]["class"]  # a draft is not marked
    assert found[second.pk]["data-verdict"] == "disputed"
    assert found[second.pk]["data-review-state"] == "submitted"
    assert "rs-submitted" in found[second.pk]["class"].split()
    assert found[third.pk]["data-verdict"] == ""
    assert "needs-recheck" not in found[first.pk]["class"].split()


def test_changes_requested_and_needs_recheck_are_marked_server_side(
    editor_client, article, editor, reviewer
):
    first, second = body_sentences(article)[:2]
    set_verdict(sentence=first, editor=editor, verdict="verified", expected_version=0)
    submit(sentence=first, editor=editor)
    request_changes(sentence=first, reviewer=reviewer, comment="Quelle fehlt.")
    set_verdict(sentence=second, editor=editor, verdict="unverified", expected_version=0)
    Annotation.objects.filter(sentence=second).update(needs_recheck=True)
    html = editor_client.get(f"/articles/{article.pk}/").text
    found = options(html)
    assert found[first.pk]["data-review-state"] == "changes_requested"
    assert "rs-changes_requested" in found[first.pk]["class"].split()
    assert "needs-recheck" in found[second.pk]["class"].split()
    assert "changes requested, " in html and "needs re-check, " in html  # screen readers


def test_legend_explains_every_review_mark(viewer_client, article):
    html = viewer_client.get(f"/articles/{article.pk}/").text
    legend = html[html.index('class="legend"') : html.index("</details>", html.index("Legend"))]
    for css, words in (
        ("rs-submitted", "submitted"),
        ("rs-approved", "approved"),
        ("rs-changes_requested", "changes requested"),
        ("legend-recheck", "needs re-check"),
        ("warn-mark", "pre-tagger warning"),
    ):
        assert css in legend and words in legend


# --- pre-tag warnings ---------------------------------------------------------------------------
def test_job_warnings_show_in_the_status_on_the_sentence_and_in_its_data(editor_client, article):
    first, second = body_sentences(article)[:2]
    finish_job(
        article,
        {
            "sentences": 10,
            "warnings": [
                {"ordinal": first.ordinal, "warning": "dates: KeyError"},
                {"ordinal": first.ordinal, "warning": "attribution: <KeyError>"},
            ],
            "warnings_total": 5,
        },
    )
    html = editor_client.get(f"/articles/{article.pk}/").text
    assert "Pre-tagged with 5 warnings" in html
    assert f"?at={first.ordinal + 1}" in html and "<code>dates: KeyError</code>" in html
    assert "and 3 more warnings, not listed" in html
    assert "&lt;KeyError&gt;" in html and "<KeyError>" not in html  # escaped
    found = options(html)
    assert "has-warning" in found[first.pk]["class"].split()
    assert "has-warning" not in found[second.pk]["class"].split()
    data = json.loads(re.search(r'id="sentences-data"[^>]*>(.*?)</script>', html, re.S).group(1))
    by_id = {s["id"]: s for s in data}
    assert by_id[first.pk]["warnings"] == ["dates: KeyError", "attribution: <KeyError>"]
    assert by_id[second.pk]["warnings"] == []


def test_the_body_alone_carries_the_finished_jobs_status_for_the_live_swap(editor_client, article):
    finish_job(article, {"warnings": [{"ordinal": 0, "warning": "dates: KeyError"}]})
    html = editor_client.get(f"/articles/{article.pk}/body/").text
    fresh = html[html.index('<template id="pretag-status-fresh">') :]
    assert "Pre-tagged with 1 warning" in fresh and "dates: KeyError" in fresh


def test_no_warning_summary_without_warnings_or_before_the_job_ends(editor_client, article):
    assert "Pre-tagged with" not in editor_client.get(f"/articles/{article.pk}/").text  # queued
    finish_job(article, {"sentences": 10, "warnings": [], "warnings_total": 0})
    html = editor_client.get(f"/articles/{article.pk}/").text
    assert "Pre-tagged with" not in html and "has-warning" not in html


def test_malformed_warning_entries_are_skipped_not_a_broken_page(editor_client, article):
    first = body_sentences(article)[0]
    finish_job(
        article,
        {"warnings": [{"ordinal": "x"}, "oops", {"ordinal": first.ordinal, "warning": "w"}]},
    )
    response = editor_client.get(f"/articles/{article.pk}/")
    assert response.status_code == 200
    assert "Pre-tagged with 1 warning" in response.text


def test_api_article_status_carries_the_job_warnings(editor_client, article):
    warnings = [{"ordinal": 3, "warning": "dates: KeyError"}]
    finish_job(article, {"warnings": warnings, "warnings_total": 1})
    job = editor_client.get(f"/api/articles/{article.pk}/status/").json()["pretag_job"]
    assert job["warnings"] == warnings and job["warnings_total"] == 1


def test_api_article_status_of_a_job_without_warnings_says_none(editor_client, article):
    job = editor_client.get(f"/api/articles/{article.pk}/status/").json()["pretag_job"]
    assert job["warnings"] == [] and job["warnings_total"] == 0


# --- readiness ----------------------------------------------------------------------------------
def test_header_lists_each_blocker_with_a_link_to_its_first_sentence(editor_client, article):
    first = body_sentences(article)[0]
    html = editor_client.get(f"/articles/{article.pk}/").text
    assert "Not ready to publish" in html
    links = re.findall(r'<a class="blocker-link" href="([^"]+)" data-sentences="([\d ]+)">', html)
    assert links, "the untagged article has a not_pretagged blocker"
    href, ids = links[0]
    assert href == f"/articles/{article.pk}/?sentence={first.pk}"
    assert ids.split()[0] == str(first.pk)


def test_header_says_ready_when_nothing_blocks(editor_client, article):
    for sentence in article.sentences.all():
        tag = SentenceTag.objects.create(
            sentence=sentence, tagger_version="t", checkworthiness=0.1, claim=False
        )
        Sentence.objects.filter(pk=sentence.pk).update(pretag=tag)
    html = editor_client.get(f"/articles/{article.pk}/").text
    assert "Ready to publish" in html and "blocker-link" not in html


def test_an_older_version_shows_no_readiness(editor_client, article, editor):
    from annotations.services.versions import import_version

    import_version(article=article, text=article.text + "\n\nEin neuer Satz.", imported_by=editor)
    html = editor_client.get(f"/articles/{article.pk}/?version=1").text
    assert 'id="readiness"' not in html


# --- pages --------------------------------------------------------------------------------------
def test_a_short_article_is_one_page_without_a_pager(viewer_client, article):
    html = viewer_client.get(f"/articles/{article.pk}/").text
    assert 'class="pager' not in html
    assert json.loads(re.search(r'id="workspace-config"[^>]*>(.*?)</script>', html).group(1))[
        "paging"
    ] == {"page": 1, "pages": 1, "total": article.sentences.count(), "size": PAGE_SIZE}


def test_a_5000_sentence_workspace_is_paged_and_under_5_mb(editor_client, newsroom, editor):
    article = long_article(newsroom, editor, 5000)
    response = editor_client.get(f"/articles/{article.pk}/")
    assert len(response.content) < 5_000_000
    assert len(options(response.text)) == PAGE_SIZE
    assert "Sentences 1–500 of 5000 (page 1 of 10)" in response.text
    assert "?page=2" in response.text and "?page=0" not in response.text
    last = editor_client.get(f"/articles/{article.pk}/?page=10").text
    ordinals = set(Sentence.objects.filter(pk__in=options(last)).values_list("ordinal", flat=True))
    assert ordinals == set(range(4500, 5000))
    assert "?page=9" in last and "?page=11" not in last


def test_at_and_sentence_open_the_page_that_holds_it_and_select_it(editor_client, newsroom, editor):
    article = long_article(newsroom, editor, 1200)
    target = Sentence.objects.get(article=article, ordinal=1033)
    for query in ("at=1034", f"sentence={target.pk}"):
        html = editor_client.get(f"/articles/{article.pk}/?{query}").text
        config = json.loads(re.search(r'id="workspace-config"[^>]*>(.*?)</script>', html).group(1))
        assert config["paging"]["page"] == 3
        assert int(config["selected"]) == target.pk
        assert target.pk in options(html)


@pytest.mark.parametrize("query", ["page=99", "page=abc", "at=0", "at=999999", "page=-1"])
def test_out_of_range_or_bad_page_numbers_give_the_nearest_page(
    editor_client, newsroom, editor, query
):
    article = long_article(newsroom, editor, 700)
    response = editor_client.get(f"/articles/{article.pk}/?{query}")
    assert response.status_code == 200
    assert len(options(response.text)) in (PAGE_SIZE, 200)


def test_the_body_alone_serves_the_page_asked_for(editor_client, newsroom, editor):
    article = long_article(newsroom, editor, 700)
    html = editor_client.get(f"/articles/{article.pk}/body/?page=2").text
    assert len(options(html)) == 200


def test_config_names_the_open_claims_after_and_before_the_page(editor_client, newsroom, editor):
    article = long_article(newsroom, editor, 1200)
    for ordinal in (100, 700, 1100):
        sentence = Sentence.objects.get(article=article, ordinal=ordinal)
        tag = SentenceTag.objects.create(
            sentence=sentence, tagger_version="t", checkworthiness=0.9, claim=True
        )
        Sentence.objects.filter(pk=sentence.pk).update(pretag=tag)
    claim = {o: Sentence.objects.get(article=article, ordinal=o).pk for o in (100, 700, 1100)}
    set_verdict(
        sentence=Sentence.objects.get(pk=claim[1100]), editor=editor, verdict="verified",
        expected_version=0,
    )  # fmt: skip

    def config(query: str) -> dict:
        html = editor_client.get(f"/articles/{article.pk}/?{query}").text
        return json.loads(re.search(r'id="workspace-config"[^>]*>(.*?)</script>', html).group(1))

    assert config("page=2")["open_claims"] == {"after": None, "before": claim[100]}
    assert config("page=1")["open_claims"] == {"after": claim[700], "before": None}


def test_query_count_does_not_grow_with_the_sentences(editor_client, newsroom, editor):
    def queries(n: int) -> int:
        article = long_article(newsroom, editor, n)
        sentences = body_sentences(article)
        for sentence in sentences[:3] + sentences[-3:]:
            set_verdict(sentence=sentence, editor=editor, verdict="verified", expected_version=0)
        reset_queries()  # a request empties the log: start from an empty one
        with CaptureQueriesContext(connection) as captured:
            assert editor_client.get(f"/articles/{article.pk}/").status_code == 200
        return len(captured)

    small = queries(600)
    assert 5 < small == queries(1500)
