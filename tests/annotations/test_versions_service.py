"""Importing a corrected text as a new version: verdicts follow their sentences, nothing is lost."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotations.models import (
    AnchorState,
    Annotation,
    Article,
    ArticleVersion,
    Job,
    ReviewState,
    Revision,
    RevisionAction,
    Sentence,
)
from annotations.pretag.anchoring import normalise
from annotations.selectors.readiness import get_article_readiness
from annotations.selectors.versions import list_orphans
from annotations.services import review
from annotations.services.articles import import_article
from annotations.services.errors import InvalidInput, NotFound, VersionChanged
from annotations.services.verdicts import set_verdict
from annotations.services.versions import close_orphan, import_version, reattach_orphan
from tests.review.conftest import EVIDENCE, approve

pytestmark = pytest.mark.django_db

P1 = (
    "Die Regierung hat am Montag neue Zahlen vorgelegt. "
    "Laut dem Ministerium stieg die Zahl der Anträge um 12 Prozent."
)
P2 = (
    "Die Opposition kritisierte die Berechnung scharf. "
    "Sie verlangt eine unabhängige Prüfung bis Ende Juni."
)
P3 = (
    "Der Minister wies die Kritik zurück und sprach von einer gezielten Kampagne gegen sein Haus. "
    "Im nächsten Jahr sollen weitere Daten aus allen Bundesländern folgen."
)
V1 = f"{P1}\n\n{P2}\n\n{P3}"

REWORDED = V1.replace("um 12 Prozent", "um 14 Prozent")
DELETED = V1.replace(" Sie verlangt eine unabhängige Prüfung bis Ende Juni.", "")
SPLIT = V1.replace(
    "zurück und sprach von einer gezielten Kampagne gegen sein Haus.",
    "zurück. Er sprach von einer gezielten Kampagne gegen sein Haus.",
)
INSERTED_ABOVE = "Eilmeldung: Die Lage an den Grenzen bleibt weiter angespannt.\n\n" + V1
REORDERED = f"{P3}\n\n{P1}\n\n{P2}"
WHITESPACE = V1.replace(". ", ".  ").replace("\n\n", "\n\n\n")


@pytest.fixture
def story(newsroom, editor):
    article, _job = import_article(
        newsroom=newsroom, title="Zahlen", text=V1, language="de", imported_by=editor
    )
    return article


def sentences_of(article: Article, number: int | None = None) -> list[Sentence]:
    version = ArticleVersion.objects.get(article=article, number=number or article.version)
    return list(Sentence.objects.filter(version=version).order_by("ordinal"))


def by_text(sentences: list[Sentence], start: str) -> Sentence:
    (found,) = [s for s in sentences if s.text.startswith(start)]
    return found


@pytest.fixture
def judged(story, editor, reviewer):
    """Every sentence of version 1 approved with a verdict, evidence and a rationale."""
    for sentence in sentences_of(story):
        approve(sentence, editor, reviewer, "verified", rationale=f"Geprüft: {sentence.text[:20]}")
    return story


def annotation_on(sentence: Sentence) -> Annotation | None:
    return Annotation.objects.filter(sentence=sentence).first()


def test_first_import_makes_version_one_holding_the_text_and_sentences(story, editor):
    (version,) = ArticleVersion.objects.filter(article=story)
    assert (version.number, version.text, version.created_by) == (1, V1, editor)
    assert version.text_hash == story.text_hash and story.current_version_id == version.pk
    assert all(s.version_id == version.pk for s in Sentence.objects.filter(article=story))
    assert Job.objects.get(article=story).params == {"version_id": version.pk, "version": 1}


def test_a_sentence_inserted_above_keeps_every_verdict_with_its_text_and_evidence(judged, editor):
    before = {s.text: annotation_on(s) for s in sentences_of(judged)}
    result = import_version(article=judged, text=INSERTED_ABOVE, imported_by=editor, note="Eil")
    assert result.created and result.version.number == 2 and result.version.note == "Eil"
    assert result.anchoring == {"kept": 6, "changed": 0, "orphaned": 0, "new": 1}
    for sentence in sentences_of(judged, 2):
        annotation = annotation_on(sentence)
        if sentence.text.startswith("Eilmeldung"):
            assert annotation is None
            continue
        old = before[sentence.text]
        assert annotation.pk == old.pk and annotation.verdict == "verified"
        assert annotation.review_state == ReviewState.APPROVED and not annotation.needs_recheck
        assert annotation.anchor_state == AnchorState.KEPT and annotation.anchor_score == 1.0
        assert annotation.rationale == old.rationale
        assert [e.url for e in annotation.evidence.all()] == [EVIDENCE[0].url]
    codes = {b["code"] for b in get_article_readiness(article=judged)["blockers"]}
    assert codes == {"not_pretagged"}  # the new sentences wait for their tags, nothing else


def test_a_reworded_sentence_carries_its_verdict_back_to_draft_for_a_recheck(judged, editor):
    old = by_text(sentences_of(judged), "Laut dem Ministerium")
    result = import_version(article=judged, text=REWORDED, imported_by=editor)
    assert result.anchoring == {"kept": 5, "changed": 1, "orphaned": 0, "new": 0}
    new = by_text(sentences_of(judged, 2), "Laut dem Ministerium")
    annotation = annotation_on(new)
    assert annotation.anchor_state == AnchorState.CHANGED and 0.7 <= annotation.anchor_score < 1
    assert annotation.needs_recheck and annotation.review_state == ReviewState.DRAFT
    assert annotation.previous_text == old.text and "14 Prozent" in new.text
    assert annotation.verdict == "verified" and annotation.evidence.count() == 1
    codes = [b["code"] for b in get_article_readiness(article=judged)["blockers"]]
    assert "needs_recheck" in codes


def test_a_deleted_sentence_leaves_its_verdict_on_the_old_version_as_an_orphan(judged, editor):
    old = by_text(sentences_of(judged), "Sie verlangt")
    result = import_version(article=judged, text=DELETED, imported_by=editor)
    assert result.anchoring == {"kept": 5, "changed": 0, "orphaned": 1, "new": 0}
    annotation = annotation_on(old)
    assert annotation is not None and annotation.anchor_state == AnchorState.ORPHANED
    assert [a.pk for a in list_orphans(article=judged)] == [annotation.pk]
    assert all(
        not s.text.startswith("Sie verlangt") for s in sentences_of(judged, 2)
    )  # never attached to the wrong sentence
    orphaned = [
        b for b in get_article_readiness(article=judged)["blockers"] if b["code"] == "orphaned"
    ]
    assert orphaned[0]["sentences"] == [old.pk]


def test_a_split_sentence_gives_its_verdict_to_the_best_part_marked_changed(judged, editor):
    result = import_version(article=judged, text=SPLIT, imported_by=editor)
    assert result.anchoring == {"kept": 5, "changed": 1, "orphaned": 0, "new": 1}
    parts = [s for s in sentences_of(judged, 2) if s.text.startswith(("Der Minister", "Er sprach"))]
    carried = [a for a in map(annotation_on, parts) if a is not None]
    (annotation,) = carried
    assert annotation.anchor_state == AnchorState.CHANGED and annotation.needs_recheck
    assert annotation.anchor_method == "split"


def test_reordered_paragraphs_keep_every_verdict_on_its_own_text(judged, editor):
    before = {annotation_on(s).pk: s.text for s in sentences_of(judged)}
    result = import_version(article=judged, text=REORDERED, imported_by=editor)
    assert result.anchoring == {"kept": 6, "changed": 0, "orphaned": 0, "new": 0}
    after = {annotation_on(s).pk: s.text for s in sentences_of(judged, 2)}
    assert after == before


def test_a_whitespace_only_change_is_a_new_version_with_every_verdict_kept(judged, editor):
    result = import_version(article=judged, text=WHITESPACE, imported_by=editor)
    assert result.created and result.anchoring["kept"] == 6
    assert not Annotation.objects.filter(needs_recheck=True).exists()


def test_identical_text_changes_nothing(judged, editor):
    revisions = Revision.objects.count()
    result = import_version(article=judged, text=V1, imported_by=editor)
    assert not result.created and result.version.number == 1
    assert ArticleVersion.objects.filter(article=judged).count() == 1
    assert Revision.objects.count() == revisions and Job.objects.filter(article=judged).count() == 1


def test_invalid_text_is_refused_and_the_current_version_stays(judged, editor):
    with pytest.raises(InvalidInput):
        import_version(article=judged, text=V1 + "\x07", imported_by=editor)
    judged.refresh_from_db()
    assert judged.version == 1 and judged.text == V1
    assert ArticleVersion.objects.filter(article=judged).count() == 1


def test_an_import_based_on_an_old_version_is_refused(judged, editor):
    import_version(article=judged, text=REWORDED, imported_by=editor)
    stale = Article.objects.get(pk=judged.pk)
    stale.version, stale.text_hash = 1, "x"  # what a second request read before the first won
    with pytest.raises(VersionChanged):
        import_version(article=stale, text=DELETED, imported_by=editor)
    assert ArticleVersion.objects.filter(article=judged).count() == 2


def test_the_viewer_cannot_import_a_version(judged, viewer):
    from annotations.services.errors import Forbidden

    with pytest.raises(Forbidden):
        import_version(article=judged, text=REWORDED, imported_by=viewer)


def test_old_versions_keep_their_sentences_and_refuse_writes(judged, editor, reviewer):
    old = sentences_of(judged)
    import_version(article=judged, text=DELETED, imported_by=editor)
    assert [s.pk for s in sentences_of(judged, 1)] == [s.pk for s in old]
    orphan = by_text(old, "Sie verlangt")
    orphan.article.refresh_from_db()
    with pytest.raises(VersionChanged) as raised:
        set_verdict(sentence=orphan, editor=editor, verdict="disputed", expected_version=5)
    assert raised.value.code == "article_version_changed" and raised.value.status == 409
    with pytest.raises(VersionChanged):
        review.request_changes(sentence=orphan, reviewer=reviewer, comment="Nein")


def test_every_move_is_a_revision_saying_from_where_how_and_how_well(judged, editor):
    old = by_text(sentences_of(judged), "Laut dem Ministerium")
    import_version(article=judged, text=REWORDED, imported_by=editor)
    new = by_text(sentences_of(judged, 2), "Laut dem Ministerium")
    moves = Revision.objects.filter(action=RevisionAction.REANCHOR)
    assert moves.count() == 6 and all(r.actor == editor for r in moves)
    move = moves.get(sentence=new)
    assert move.before["sentence"] == old.pk and move.before["article_version"] == 1
    assert move.before["text"] == old.text and move.before["review_state"] == "approved"
    assert move.after["sentence"] == new.pk and move.after["article_version"] == 2
    assert move.after["state"] == "changed" and move.after["method"] == "fuzzy"
    assert 0.7 <= move.after["score"] < 1 and move.after["review_state"] == "draft"
    assert move.annotation_id == annotation_on(new).pk


def test_saving_the_verdict_again_is_the_recheck(judged, editor):
    import_version(article=judged, text=REWORDED, imported_by=editor)
    new = by_text(sentences_of(judged, 2), "Laut dem Ministerium")
    annotation = annotation_on(new)
    saved = set_verdict(
        sentence=new,
        editor=editor,
        verdict=annotation.verdict,
        rationale=annotation.rationale,
        evidence=list(EVIDENCE),
        expected_version=annotation.version,
    )
    assert not saved.needs_recheck and saved.version == annotation.version + 1
    assert annotation_on(new).previous_text  # still there for the diff


def test_a_recheck_left_pending_survives_a_further_version(judged, editor):
    import_version(article=judged, text=REWORDED, imported_by=editor)
    import_version(
        article=judged, text=REWORDED + "\n\nEin neuer Absatz am Ende.", imported_by=editor
    )
    annotation = annotation_on(by_text(sentences_of(judged, 3), "Laut dem Ministerium"))
    assert annotation.needs_recheck and annotation.anchor_state == AnchorState.CHANGED
    assert "12 Prozent" in annotation.previous_text  # the text the verdict was made on


def test_an_orphan_can_be_reattached_and_the_move_is_audited(judged, editor):
    old = by_text(sentences_of(judged), "Sie verlangt")
    import_version(
        article=judged, text=DELETED + "\n\nSie fordert eine Prüfung.", imported_by=editor
    )
    target = by_text(sentences_of(judged, 2), "Sie fordert")
    if annotation_on(target) is not None:  # the anchoring found it already
        pytest.skip("re-anchored automatically")
    orphan = annotation_on(old)
    reattach_orphan(article=judged, annotation_id=orphan.pk, sentence=target, editor=editor)
    moved = annotation_on(target)
    assert moved.pk == orphan.pk and moved.needs_recheck and moved.anchor_method == "manual"
    assert moved.previous_text == old.text and moved.review_state == ReviewState.DRAFT
    revision = Revision.objects.get(action=RevisionAction.REATTACH)
    assert revision.before["sentence"] == old.pk and revision.after["sentence"] == target.pk
    assert not list_orphans(article=judged)


def test_closing_an_orphan_unblocks_the_article_and_is_audited(judged, editor):
    import_version(article=judged, text=DELETED, imported_by=editor)
    (orphan,) = list_orphans(article=judged)
    close_orphan(article=judged, annotation_id=orphan.pk, editor=editor, reason="Satz gestrichen")
    assert not list_orphans(article=judged)
    revision = Revision.objects.get(action=RevisionAction.CLOSE)
    assert revision.after == {
        "state": "closed",
        "review_state": "approved",
        "comment": "Satz gestrichen",
    }
    codes = [b["code"] for b in get_article_readiness(article=judged)["blockers"]]
    assert "orphaned" not in codes
    with pytest.raises(NotFound):  # closed orphans cannot be closed again
        close_orphan(article=judged, annotation_id=orphan.pk, editor=editor)


def test_an_orphan_cannot_be_put_on_a_sentence_that_has_a_verdict(judged, editor):
    from annotations.services.errors import InvalidTransition

    import_version(article=judged, text=DELETED, imported_by=editor)
    (orphan,) = list_orphans(article=judged)
    taken = sentences_of(judged, 2)[0]
    with pytest.raises(InvalidTransition):
        reattach_orphan(article=judged, annotation_id=orphan.pk, sentence=taken, editor=editor)


def test_the_new_versions_job_tags_only_its_own_sentences(judged, editor):
    from annotations.services.jobs import claim_job
    from annotations.services.pretagging import pretag_article

    import_version(article=judged, text=REWORDED, imported_by=editor)
    old_job, new_job = Job.objects.filter(article=judged).order_by("pk")
    pretag_article(claim_job(new_job.pk))
    assert all(s.pretag_id for s in sentences_of(judged, 2))
    assert not any(s.pretag_id for s in sentences_of(judged, 1))
    pretag_article(claim_job(old_job.pk))  # the first job, running late: version 1 only
    v2 = sentences_of(judged, 2)
    assert all(s.tags.count() == 1 for s in v2)
    assert all(s.pretag.sentence_id == s.pk for s in v2)


def _import_queries(newsroom, editor, paragraphs: int) -> int:
    text = "\n\n".join(
        f"Im Jahr {2000 + i} stieg die Zahl der Fälle in Bezirk {i} um {i} Prozent. "
        f"Der Bezirk {i} meldete {i * 7} neue Anträge."
        for i in range(paragraphs)
    )
    article, _ = import_article(newsroom=newsroom, title="T", text=text, language="de")
    for sentence in Sentence.objects.filter(article=article):
        set_verdict(sentence=sentence, editor=editor, verdict="verified", expected_version=0)
    corrected = text.replace("um 3 Prozent", "um 4 Prozent").replace("Bezirk 1 meldete", "")
    article = Article.objects.get(pk=article.pk)
    with CaptureQueriesContext(connection) as queries:
        import_version(article=article, text=corrected, imported_by=editor)
    return len(queries)


def test_the_import_query_count_does_not_grow_with_sentences(newsroom, editor):
    assert _import_queries(newsroom, editor, 5) == _import_queries(newsroom, editor, 40)


EDITS = st.lists(
    st.tuples(st.sampled_from(["keep", "drop", "reword", "insert", "swap"]), st.integers(0, 99)),
    min_size=1,
    max_size=8,
)


@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(edits=EDITS)
def test_random_edits_never_lose_a_verdict_and_kept_ones_sit_on_identical_text(
    newsroom, editor, edits
):
    words = ["Zahl", "Stadt", "Regierung", "Bericht", "Prozent", "Woche", "Amt", "Gericht"]
    sentences = [
        f"Satz {i}: Die {words[i % 8]} meldete am Montag {i * 3} neue Fälle im Bezirk {i}."
        for i in range(10)
    ]
    article, _ = import_article(
        newsroom=newsroom, title="H", text=" ".join(sentences), language="de"
    )
    for sentence in Sentence.objects.filter(article=article)[::2]:
        set_verdict(sentence=sentence, editor=editor, verdict="disputed", expected_version=0)
    judged_text = dict(
        Annotation.objects.filter(sentence__article=article).values_list("pk", "sentence__text")
    )
    ids = set(judged_text)
    texts = list(sentences)
    for action, n in edits:
        i = n % len(texts)
        if action == "drop" and len(texts) > 1:
            texts.pop(i)
        elif action == "reword":
            texts[i] = texts[i].replace("Montag", "Dienstag")
        elif action == "insert":
            texts.insert(i, f"Eingefügt {n}: Das Wetter blieb die ganze Woche über trocken.")
        elif action == "swap":
            texts[i], texts[-1] = texts[-1], texts[i]
    article = Article.objects.get(pk=article.pk)
    import_version(article=article, text=" ".join(texts), imported_by=editor)
    article.refresh_from_db()
    after = Annotation.objects.filter(pk__in=ids).select_related("sentence")
    assert {a.pk for a in after} == ids  # nothing lost
    for annotation in after:
        on_current = annotation.sentence.version_id == article.current_version_id
        assert on_current == (annotation.anchor_state != AnchorState.ORPHANED)
        if annotation.anchor_state == AnchorState.KEPT:
            assert normalise(annotation.sentence.text) == normalise(judged_text[annotation.pk])


def test_the_import_command_adds_a_version_with_article(judged, tmp_path):
    from io import StringIO

    from django.core.management import call_command

    path = tmp_path / "korrektur.txt"
    path.write_text(REWORDED, encoding="utf-8")
    out = StringIO()
    call_command(
        "import_article", str(path), "--article", str(judged.pk), "--note", "14 %", stdout=out
    )
    assert "version 2; 5 kept, 1 to re-check, 0 orphaned, 0 new" in out.getvalue()
    assert ArticleVersion.objects.get(article=judged, number=2).note == "14 %"
    call_command("import_article", str(path), "--article", str(judged.pk), stdout=out)
    assert "nothing changed" in out.getvalue()


def test_the_import_command_refuses_an_unknown_article(db, tmp_path):
    from django.core.management import CommandError, call_command

    path = tmp_path / "x.txt"
    path.write_text(V1, encoding="utf-8")
    with pytest.raises(CommandError, match="No article with id 999"):
        call_command("import_article", str(path), "--article", "999")


def test_a_moved_verdicts_sentence_keeps_its_assignee(judged, editor):
    old = by_text(sentences_of(judged), "Laut dem Ministerium")
    review.assign_sentence(sentence=old, assignee_id=editor.pk, by=editor)
    import_version(article=judged, text=REWORDED, imported_by=editor)
    assert by_text(sentences_of(judged, 2), "Laut dem Ministerium").assignee == editor
