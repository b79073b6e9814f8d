"""Importing reference fact-checks: every accepted shape, updates by URL, and all or nothing."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from annotations.models import ReferenceFactCheck
from annotations.services.factchecks import MalformedFile, import_fact_checks

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "claim_matching"


# A valid first line: what follows it is refused with all of it.
GOOD = '{"vclaim": "ok", "vclaim_id": "1"}\n'


def review(url: str, claim: str, rating: str = "False", **extra) -> dict:
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": url,
        "claimReviewed": claim,
        "headline": f"Fact check: {claim}",
        "datePublished": "2024-05-02T10:00:00Z",
        "inLanguage": {"@type": "Language", "name": "English", "alternateName": "en"},
        "reviewRating": {"@type": "Rating", "alternateName": rating},
        **extra,
    }


def write(tmp_path: Path, name: str, content: str) -> Path:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


def run(path: Path, newsroom: str = "desk") -> str:
    out = StringIO()
    call_command("import_factchecks", str(path), "--newsroom", newsroom, stdout=out)
    return out.getvalue()


def test_one_claimreview_object(newsroom, tmp_path):
    path = write(tmp_path, "one.json", json.dumps(review("https://c.example/1", "Moon is cheese")))
    assert "1 new" in run(path)
    check = ReferenceFactCheck.objects.get()
    assert (check.claim, check.rating, check.language, str(check.published)) == (
        "Moon is cheese", "False", "en", "2024-05-02",
    )  # fmt: skip
    assert check.title == "Fact check: Moon is cheese" and check.source == "import"


def test_a_list_and_a_data_feed(newsroom, tmp_path):
    listed = [review("https://c.example/1", "One"), review("https://c.example/2", "Two")]
    run(write(tmp_path, "list.json", json.dumps(listed)))
    feed = {
        "@context": "https://schema.org",
        "@type": "DataFeed",
        "dataFeedElement": [
            {"@type": "DataFeedItem", "item": review("https://c.example/3", "Three")},
            {"@type": "DataFeedItem", "item": [review("https://c.example/4", "Four")]},
        ],
    }
    run(write(tmp_path, "feed.json", json.dumps(feed)))
    assert sorted(ReferenceFactCheck.objects.values_list("claim", flat=True)) == [
        "Four", "One", "Three", "Two",
    ]  # fmt: skip


def test_json_lines_like_the_checkthat_archive(newsroom, tmp_path):
    lines = [
        {"title": "Fries", "subtitle": "Rumor: cheap fries", "date": "26 May 2015",
         "vclaim_id": "vclaim-1", "vclaim": "McDonald's offers $1 fries."},
        {"vclaim": "Ein Satz auf Deutsch, der die Renten betrifft.",
         "page_url": "https://c.example/renten"},
    ]  # fmt: skip
    run(write(tmp_path, "claims.jsonl", "\n".join(json.dumps(line) for line in lines) + "\n"))
    fries, pensions = ReferenceFactCheck.objects.order_by("pk")
    assert (fries.external_id, fries.url, str(fries.published)) == ("vclaim-1", "", "2015-05-26")
    assert (fries.subtitle, fries.language) == ("Rumor: cheap fries", "en")
    assert (pensions.url, pensions.language) == ("https://c.example/renten", "de")


def test_duplicates_by_url_are_updated_not_repeated(newsroom, tmp_path):
    run(write(tmp_path, "a.json", json.dumps([review("https://c.example/1", "Old wording")])))
    first = ReferenceFactCheck.objects.get()
    out = run(
        write(
            tmp_path,
            "b.json",
            json.dumps(
                [
                    review("https://c.example/1", "New wording", rating="Misleading"),
                    review("https://c.example/2", "Another"),
                ]
            ),
        )  # fmt: skip
    )
    assert "1 new, 1 updated" in out
    again = ReferenceFactCheck.objects.get(url="https://c.example/1")
    assert (again.pk, again.claim, again.rating) == (first.pk, "New wording", "Misleading")
    assert again.updated_at > first.updated_at
    assert ReferenceFactCheck.objects.count() == 2


def test_a_url_twice_in_one_file_is_one_fact_check(newsroom):
    items = [review("https://c.example/1", "First"), review("https://c.example/1", "Second")]
    result = import_fact_checks(newsroom=newsroom, raw=json.dumps(items))
    assert result.created == 1 and ReferenceFactCheck.objects.get().claim == "Second"


@pytest.mark.parametrize(
    ("content", "where"),
    [
        (GOOD + '{"vclaim": "broken"\n', "line 2"),
        (GOOD + '\n["not an object"]\n', "line 3"),
        (GOOD + '{"title": "no claim", "vclaim_id": "2"}\n',
         "line 2, 'vclaim'"),
        (GOOD + '{"vclaim": "no url, no id"}\n', "line 2"),
        (GOOD + '{"vclaim": "x", "vclaim_id": "2", "date": "soon"}\n',
         "line 2, 'date'"),
        (GOOD + '{"vclaim": "x", "page_url": "javascript:alert(1)"}\n',
         "line 2, 'page_url'"),
        (GOOD + '{"vclaim": 7, "vclaim_id": "2"}\n', "line 2, 'vclaim'"),
    ],
)  # fmt: skip
def test_malformed_json_lines_are_refused_with_the_line_and_nothing_imported(
    newsroom, tmp_path, content, where
):
    with pytest.raises(CommandError) as refused:
        run(write(tmp_path, "bad.jsonl", content))
    assert f": {where}:" in str(refused.value) and "Nothing was imported" in str(refused.value)
    assert not ReferenceFactCheck.objects.exists()


@pytest.mark.parametrize(
    ("document", "where"),
    [
        ([review("https://c.example/1", "ok"), {"@type": "Article"}], "$[1].@type"),
        ([review("https://c.example/1", "ok"), review("https://c.example/2", "")],
         "$[1].claimReviewed"),
        ({"@type": "DataFeed", "dataFeedElement": [
            {"item": review("https://c.example/1", "ok")},
            {"item": [review("https://c.example/2", "ok"), review("ftp://c.example/3", "ok")]},
        ]}, "$.dataFeedElement[1].item[1].url"),
        ({"@type": "DataFeed", "dataFeedElement": {"item": {}}}, "$.dataFeedElement"),
    ],
)  # fmt: skip
def test_malformed_json_ld_is_refused_with_the_path_and_nothing_imported(
    newsroom, tmp_path, document, where
):
    with pytest.raises(CommandError) as refused:
        run(write(tmp_path, "bad.json", json.dumps(document)))
    assert f": {where}:" in str(refused.value)
    assert not ReferenceFactCheck.objects.exists()


def test_invalid_json_names_its_line(newsroom):
    with pytest.raises(MalformedFile) as refused:
        import_fact_checks(newsroom=newsroom, raw=b'[\n{"url": "x",\n')
    assert refused.value.where.startswith("line ")


def test_a_refused_file_leaves_earlier_imports_alone(newsroom, tmp_path):
    run(write(tmp_path, "good.json", json.dumps(review("https://c.example/1", "Kept"))))
    bad = [review("https://c.example/1", "Changed"), review("https://c.example/2", "")]
    with pytest.raises(CommandError):
        run(write(tmp_path, "bad.json", json.dumps(bad)))
    assert list(ReferenceFactCheck.objects.values_list("claim", flat=True)) == ["Kept"]


def test_unknown_newsroom_and_unreadable_file(newsroom, tmp_path):
    path = write(tmp_path, "one.json", json.dumps(review("https://c.example/1", "x")))
    with pytest.raises(CommandError, match="No newsroom"):
        run(path, newsroom="nowhere")
    with pytest.raises(CommandError, match="Cannot read"):
        run(tmp_path / "missing.json")
    (tmp_path / "latin1.json").write_bytes(b'{"claimReviewed": "caf\xe9"}')
    with pytest.raises(CommandError, match="not valid UTF-8"):
        run(tmp_path / "latin1.json")


def test_imports_are_per_newsroom(newsroom, other_newsroom):
    item = json.dumps(review("https://c.example/1", "Same page"))
    import_fact_checks(newsroom=newsroom, raw=item)
    import_fact_checks(newsroom=other_newsroom, raw=item)
    assert ReferenceFactCheck.objects.count() == 2


@pytest.mark.skipif(not (DATA / "ct22_2a_vclaims.jsonl").exists(), reason="needs the archive")
def test_the_first_lines_of_the_checkthat_archive_import(newsroom):
    with (DATA / "ct22_2a_vclaims.jsonl").open(encoding="utf-8") as archive:
        head = "".join(next(archive) for _ in range(50))
    result = import_fact_checks(newsroom=newsroom, raw=head, name="vclaims.jsonl")
    assert result.created == 50
    assert ReferenceFactCheck.objects.filter(published__isnull=False).count() == 50
