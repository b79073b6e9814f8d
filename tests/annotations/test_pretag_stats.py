"""Precision, recall and F1 per tagger version, from what the desk did with each pre-tag."""

import pytest

from annotations.models import Sentence, SentenceTag
from annotations.selectors.pretag_stats import f1_estimate, list_pretag_stats, wilson
from annotations.services.articles import import_article
from annotations.services.attribution_checks import set_attribution_check
from annotations.services.outcomes import dismiss, undo_dismissal
from annotations.services.pretag_corrections import correct_pretag
from annotations.services.verdicts import set_verdict
from annotations.services.versions import import_version
from tests.factories import member

pytestmark = pytest.mark.django_db

TEXT = " ".join(f"Im Jahr {2000 + i} zählte die Stadt {1000 + i} Einwohner." for i in range(16))


def sentences_of(newsroom, editor, count: int = 14, title: str = "Zahlen") -> list[Sentence]:
    article, _job = import_article(
        newsroom=newsroom, title=title, text=TEXT, language="de", imported_by=editor
    )
    found = list(article.sentences.filter(heading=False).order_by("ordinal"))
    assert len(found) >= count
    return found[:count]


def tag(sentence: Sentence, *, claim: bool, version: str = "t-1") -> None:
    SentenceTag.objects.create(
        sentence=sentence, tagger_version=version, checkworthiness=0.9 if claim else 0.1,
        claim=claim,
    )  # fmt: skip


def verdict(sentence: Sentence, editor) -> None:
    set_verdict(sentence=sentence, editor=editor, verdict="verified", expected_version=0)


def row_of(newsroom, version: str = "t-1") -> dict:
    rows = {r["tagger_version"]: r for r in list_pretag_stats(newsroom_id=newsroom.pk)}
    return rows[version]


def hand_fixture(newsroom, editor) -> list[Sentence]:
    """10 flagged (6 with a verdict, 3 dismissed, 1 open), 4 not flagged (2 with a verdict)."""
    sentences = sentences_of(newsroom, editor)
    for index, sentence in enumerate(sentences):
        tag(sentence, claim=index < 10)
    for sentence in sentences[:6] + sentences[10:12]:
        verdict(sentence, editor)
    for sentence, reason in zip(sentences[6:9], ["opinion", "prediction", "other"], strict=True):
        dismiss(sentence=sentence, editor=editor, reason=reason)
    return sentences


def test_figures_match_the_hand_computed_fixture(newsroom, editor):
    hand_fixture(newsroom, editor)
    row = row_of(newsroom)
    counts = {k: row[k] for k in ("tagged", "flagged", "confirmed", "dismissed", "open", "missed")}
    assert counts == {
        "tagged": 14, "flagged": 10, "confirmed": 6, "dismissed": 3, "open": 1, "missed": 2,
    }  # fmt: skip
    # P = 6/9, R = 6/8, F1 = 2*6 / (2*6 + 3 + 2) = 12/17; Wilson 95 % bounds worked out by hand.
    assert row["precision"] == {"value": 0.6667, "low": 0.3542, "high": 0.8794}
    assert row["recall"] == {"value": 0.75, "low": 0.4093, "high": 0.9285}
    assert row["f1"] == {"value": 0.7059, "low": 0.4376, "high": 0.881}


def test_dismissed_sentence_is_a_false_positive_of_the_version_that_flagged_it(newsroom, editor):
    sentence = sentences_of(newsroom, editor, count=1)[0]
    tag(sentence, claim=True, version="t-1")
    tag(sentence, claim=False, version="t-2")
    dismiss(sentence=sentence, editor=editor, reason="opinion")
    flagged_it, left_it = row_of(newsroom, "t-1"), row_of(newsroom, "t-2")
    assert (flagged_it["dismissed"], flagged_it["precision"]["value"]) == (1, 0.0)
    assert (left_it["flagged"], left_it["dismissed"], left_it["missed"]) == (0, 0, 0)
    assert left_it["precision"] is None and left_it["recall"] is None and left_it["f1"] is None


def test_verdict_on_an_unflagged_sentence_is_a_miss(newsroom, editor):
    flagged, unflagged = sentences_of(newsroom, editor, count=2)
    tag(flagged, claim=True)
    tag(unflagged, claim=False)
    verdict(flagged, editor)
    verdict(unflagged, editor)
    row = row_of(newsroom)
    assert (row["confirmed"], row["missed"], row["dismissed"]) == (1, 1, 0)
    assert row["recall"]["value"] == 0.5 and row["precision"]["value"] == 1.0


def test_another_newsrooms_outcomes_never_count(newsroom, editor, other_newsroom):
    hand_fixture(newsroom, editor)
    other_editor = member(other_newsroom, "editor", "other-editor")
    theirs = sentences_of(other_newsroom, other_editor, count=4, title="Andere")
    for sentence in theirs:
        tag(sentence, claim=True)
    verdict(theirs[0], other_editor)
    for sentence in theirs[1:]:
        dismiss(sentence=sentence, editor=other_editor, reason="duplicate")
    ours = row_of(newsroom)
    assert (ours["flagged"], ours["confirmed"], ours["dismissed"]) == (10, 6, 3)
    other = row_of(other_newsroom)
    assert (other["flagged"], other["confirmed"], other["dismissed"], other["missed"]) == (
        4,
        1,
        3,
        0,
    )


def test_undo_removes_the_dismissal_from_the_counts(newsroom, editor):
    sentences = hand_fixture(newsroom, editor)
    undo_dismissal(sentence=sentences[6], editor=editor)
    row = row_of(newsroom)
    assert (row["dismissed"], row["open"]) == (2, 2)
    assert row["precision"]["value"] == 0.75


def test_sentences_of_superseded_versions_do_not_count(newsroom, editor):
    sentences = hand_fixture(newsroom, editor)
    article = sentences[0].article
    import_version(article=article, text=TEXT + " Ein neuer Satz.", imported_by=editor)
    row = {r["tagger_version"]: r for r in list_pretag_stats(newsroom_id=newsroom.pk)}
    # The new version is not tagged yet; the old version's tags belong to the past.
    assert "t-1" not in row


def test_stats_take_three_queries_whatever_the_number_of_sentences(
    newsroom, editor, django_assert_num_queries
):
    hand_fixture(newsroom, editor)
    with django_assert_num_queries(3):
        list_pretag_stats(newsroom_id=newsroom.pk)
    more = sentences_of(newsroom, editor, count=16, title="Mehr")
    for sentence in more:
        tag(sentence, claim=True, version="t-2")
    for sentence in more[:5]:
        dismiss(sentence=sentence, editor=editor, reason="other")
    with django_assert_num_queries(3):
        rows = list_pretag_stats(newsroom_id=newsroom.pk)
    assert [r["tagger_version"] for r in rows] == ["t-1", "t-2"]


def test_wilson_interval_stays_inside_zero_and_one():
    assert wilson(0, 0) is None
    none = wilson(0, 5)
    assert none.value == 0.0 and none.low == 0.0 and 0 < none.high < 1
    every = wilson(5, 5)
    assert every.value == 1.0 and every.high == 1.0 and 0 < every.low < 1


def test_f1_interval_contains_its_value():
    estimate = f1_estimate(6, 3, 2)
    assert estimate.low < estimate.value < estimate.high
    assert f1_estimate(0, 0, 0) is None


def tag_with(sentence: Sentence, spans: list[dict], version: str = "t-1") -> None:
    """Tag the sentence (flagged) with spans given at offsets from its start; point it there."""
    at = sentence.start
    found = SentenceTag.objects.create(
        sentence=sentence, tagger_version=version, checkworthiness=0.9, claim=True,
        spans=[{**s, "start": at + s["start"], "end": at + s["end"]} for s in spans],
    )  # fmt: skip
    sentence.pretag = found
    sentence.save(update_fields=["pretag"])


QUOTE = {"start": 0, "end": 5, "kind": "quote", "payload": {"speaker": "Kim"}}
SOURCE = {"start": 6, "end": 9, "kind": "attribution", "payload": {"source": "Kim"}}
DATE = {"start": 10, "end": 14, "kind": "date", "payload": {"iso": "2004"}}
LATER = {"start": 15, "end": 19, "kind": "date", "payload": {"iso": "2005"}}


def acceptance_fixture(newsroom, editor) -> None:
    """Speakers: 4 on decided sentences, 2 corrected; dates: 3 on decided sentences, 1
    corrected; an open sentence's corrected source counts nowhere."""
    given, dismissed, left, checked = sentences_of(newsroom, editor, count=4)
    tag_with(given, [QUOTE, SOURCE, DATE])
    tag_with(dismissed, [SOURCE, DATE, LATER])
    tag_with(left, [SOURCE])
    tag_with(checked, [SOURCE])
    for sentence in (given, checked):
        verdict(sentence, editor)
    dismiss(sentence=dismissed, editor=editor, reason="opinion")

    def correct(sentence, span, field, value):
        start = sentence.start + span["start"]
        correct_pretag(
            sentence=sentence, editor=editor, kind=span["kind"], start=start, field=field,
            value=value,
        )  # fmt: skip

    correct(given, QUOTE, "speaker", "Kim Jong Un")
    correct(dismissed, LATER, "date", "2006")
    correct(left, SOURCE, "source", "Choe")
    # The check's source differs (a correction); the panel then corrects the same tag: one.
    set_attribution_check(sentence=checked, editor=editor, result="confirmed", source="Choe")
    correct(checked, SOURCE, "source", "Choe Son Hui")


def test_acceptance_of_speakers_and_dates_matches_the_hand_computed_fixture(newsroom, editor):
    acceptance_fixture(newsroom, editor)
    row = row_of(newsroom)
    # Speakers 2 of 4 accepted; dates 2 of 3. Wilson 95 %: 2/4 -> 0.15-0.85, 2/3 -> 0.2077-0.9385.
    assert row["speakers"] == {
        "tags": 4, "accepted": 2, "rate": {"value": 0.5, "low": 0.15, "high": 0.85},
    }  # fmt: skip
    assert row["dates"] == {
        "tags": 3, "accepted": 2, "rate": {"value": 0.6667, "low": 0.2077, "high": 0.9385},
    }  # fmt: skip


def test_a_version_without_decided_tags_has_no_acceptance_rate(newsroom, editor):
    hand_fixture(newsroom, editor)
    row = row_of(newsroom)
    assert row["speakers"] == {"tags": 0, "accepted": 0, "rate": None}
    assert row["dates"]["rate"] is None


def test_another_newsrooms_corrections_never_count(newsroom, editor, other_newsroom):
    acceptance_fixture(newsroom, editor)
    other_editor = member(other_newsroom, "editor", "other-editor")
    theirs = sentences_of(other_newsroom, other_editor, count=3, title="Andere")
    for sentence in theirs:
        tag_with(sentence, [QUOTE, DATE])
        verdict(sentence, other_editor)
        for span, field, value in ((QUOTE, "speaker", "Niemand"), (DATE, "date", "1999")):
            correct_pretag(
                sentence=sentence, editor=other_editor, kind=span["kind"],
                start=sentence.start + span["start"], field=field, value=value,
            )  # fmt: skip
    ours = row_of(newsroom)
    assert (ours["speakers"]["accepted"], ours["speakers"]["tags"]) == (2, 4)
    assert (ours["dates"]["accepted"], ours["dates"]["tags"]) == (2, 3)
    other = row_of(other_newsroom)
    assert (other["speakers"]["accepted"], other["speakers"]["tags"]) == (0, 3)
    assert (other["dates"]["accepted"], other["dates"]["tags"]) == (0, 3)
