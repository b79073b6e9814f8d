"""Corrected articles: a new version of an article's text, and its verdicts carried over.

A re-import never deletes: the old version and its sentences stay (read-only), each annotation
moves to the sentence of the new version it re-anchors to (``pretag.anchoring``), with a revision
that says from where, how and how well it matched. A verdict on a changed sentence goes back to
draft and waits for a re-check; one that matches nothing stays on the old version, an orphan
the desk re-attaches or closes. Dismissals and comment threads follow their sentences the same
way (a thread's move is an entry in each comment's trail); what re-anchors nowhere stays on the
old version.
"""

import logging
from dataclasses import dataclass, field
from typing import Any, cast

from django.contrib.auth.models import User
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_noop

from annotations.models import (
    AnchorState,
    Annotation,
    Article,
    ArticleVersion,
    Comment,
    CommentAction,
    CommentRevision,
    Dismissal,
    Job,
    JobKind,
    NotificationKind,
    ReviewState,
    RevisionAction,
    Role,
    Sentence,
    WebhookEventType,
)
from annotations.pretag.anchoring import NewSentence, OldSentence, normalise, reanchor, similarity
from annotations.pretag.pipeline import segment_text
from annotations.pretag.types import Segment

from .access import require_role
from .articles import insert_sentences, pretag_params, text_hash
from .errors import InvalidInput, InvalidTransition, NotFound, VersionChanged
from .jobs import create_job
from .notifications import article_workers, notify
from .revisions import PendingRevision, record, record_many
from .text import check_characters, clean_article_text
from .webhook_events import article_changed

logger = logging.getLogger(__name__)

MAX_NOTE = 1000
CHANGED_TO_DRAFT = "A new version of the article changed this sentence; check the verdict again."


@dataclass(slots=True)
class VersionImport:
    """What ``import_version`` did: ``created`` is False when the text was already current."""

    article: Article
    version: ArticleVersion
    created: bool
    anchoring: dict[str, int] = field(default_factory=dict)
    job: Job | None = None


def require_current_version(sentence: Sentence) -> None:
    """Refuse writes to a sentence of a superseded version (409 ``article_version_changed``).

    Reads ``sentence.article.current_version_id`` as the caller loaded it (``get_sentence``
    reads it in the same query as the sentence).
    """
    if sentence.version_id != sentence.article.current_version_id:
        raise VersionChanged(
            gettext_noop(
                "This sentence belongs to an older version of the article; open the current "
                "version and work there."
            ),
        )


def clean_note(note: str | None) -> str:
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise InvalidInput(
            gettext_noop("At most %(limit)s characters."), field="note", params={"limit": MAX_NOTE}
        )
    check_characters(note, field="note")
    return note


def import_version(
    *,
    article: Article,
    text: str | bytes,
    note: str = "",
    imported_by: User | None = None,
    base_version: int | None = None,
) -> VersionImport:
    """Make ``text`` the article's next version and carry its verdicts over.

    Identical text (after normalisation) changes nothing and returns ``created=False``. Invalid
    text raises before anything is written. ``base_version`` (default: the version the caller
    loaded) must still be current, else VersionChanged: of two imports racing, one wins. The
    new version's pre-tag job is queued after commit. Queries: a constant number, whatever
    the number of sentences and verdicts.
    """
    user = imported_by if imported_by is not None and imported_by.is_authenticated else None
    if user is not None:
        require_role(user, article.newsroom_id, Role.EDITOR)
    text = clean_article_text(text)
    note = clean_note(note)
    expected = article.version if base_version is None else base_version
    if expected != article.version:
        raise _raced()
    new_hash = text_hash(text)
    if new_hash == article.text_hash:
        current = ArticleVersion.objects.get(pk=cast(int, article.current_version_id))
        return VersionImport(article=article, version=current, created=False)
    segments = segment_text(text, article.language)
    with transaction.atomic():
        return _store_version(article, text, new_hash, note, user, expected, segments)


def _raced() -> VersionChanged:
    return VersionChanged(
        gettext_noop(
            "Someone imported another version of this article meanwhile. Reload it and import "
            "your text again if it is still needed."
        )
    )


def _store_version(
    article: Article,
    text: str,
    new_hash: str,
    note: str,
    user: User | None,
    expected: int,
    segments: list[Segment],
) -> VersionImport:
    number = expected + 1
    try:
        with transaction.atomic():
            version = ArticleVersion.objects.create(
                article=article, number=number, text=text, text_hash=new_hash, note=note,
                created_by=user,
            )  # fmt: skip
    except IntegrityError as exc:  # the other import took this number first
        raise _raced() from exc
    now = timezone.now()
    moved = Article.objects.filter(pk=article.pk, version=expected).update(
        version=number, text=text, text_hash=new_hash, current_version=version, updated_at=now
    )
    if not moved:
        raise _raced()
    previous = ArticleVersion.objects.filter(article=article, number=expected).values_list(
        "pk", "text"
    )
    previous_id, old_text = previous.get()
    old_rows = list(
        Sentence.objects.filter(version_id=previous_id)
        .order_by("ordinal")
        .values_list(
            "pk", "text", "start", "end", "assignee_id",
            "annotation__id", "annotation__version", "annotation__verdict",
            "annotation__review_state", "annotation__needs_recheck",
            "annotation__previous_text", "annotation__anchor_state", "annotation__anchor_score",
        )
    )  # fmt: skip
    annotated = [OldRow(*row) for row in old_rows if row[5] is not None]
    dismissed = _dismissed_rows(previous_id)
    threads = _comment_threads(previous_id)
    by_id = {row[0]: row for row in old_rows}
    new = [
        NewSentence(index=i, text=text[s.start : s.end], start=s.start, end=s.end)
        for i, s in enumerate(segments)
    ]
    old = [OldSentence(r.sentence_id, r.text, r.start, r.end) for r in annotated]
    old += [OldSentence(k, *by_id[k][1:4]) for k in dismissed if by_id[k][5] is None]
    old += [
        OldSentence(k, *by_id[k][1:4])
        for k in threads
        if by_id[k][5] is None and k not in dismissed
    ]
    anchors = reanchor(old_text, old, text, new)
    landed = {a.key: a for a in anchors}
    assignees: dict[int, int] = {}
    for r in annotated:
        new_index = landed[r.sentence_id].new_index
        if r.assignee_id and new_index is not None:
            assignees[new_index] = r.assignee_id
    insert_sentences(version, segments, assignees=assignees)
    new_ids = dict(
        Sentence.objects.filter(version=version).values_list("ordinal", "pk")
    )  # ordinal == index in ``segments``
    moves, revisions, counts = _plan_moves(annotated, landed, new, new_ids, expected, number, now)
    counts["new"] = _count_new(old_rows, new, {a.new_index for a in anchors})
    _apply_moves(moves)
    revisions += _move_dismissals(dismissed, landed, new_ids, expected, number)
    _move_threads(threads, landed, new_ids, (expected, number), article.pk, user)
    record_many(revisions, actor=user)
    notify(
        kind=NotificationKind.NEW_VERSION,
        recipient_ids=article_workers(article, version_ids=[previous_id, version.pk]),
        actor=user,
        article=article,
        text=note,
    )
    version.anchoring = counts
    ArticleVersion.objects.filter(pk=version.pk).update(anchoring=counts)
    job = create_job(
        newsroom=article.newsroom,
        kind=JobKind.PRETAG,
        article=article,
        created_by=user,
        params=pretag_params(version),
    )
    article.version, article.text, article.text_hash = number, text, new_hash
    article.current_version, article.updated_at = version, now
    article_changed(
        WebhookEventType.ARTICLE_VERSION_ADDED,
        article=article,
        data={"version": number, "anchoring": counts},
    )
    logger.info("article %s: version %s, anchoring %s", article.pk, number, counts)
    return VersionImport(article=article, version=version, created=True, anchoring=counts, job=job)


@dataclass(frozen=True, slots=True)
class OldRow:
    """An annotated sentence of the version being replaced, with what its move needs."""

    sentence_id: int
    text: str
    start: int
    end: int
    assignee_id: int | None
    annotation_id: int
    annotation_version: int
    verdict: str
    review_state: str
    needs_recheck: bool
    previous_text: str
    anchor_state: str
    anchor_score: float


# sentence_id, anchor_state, anchor_score, anchor_method, previous_text, needs_recheck,
# review_state (None: leave it), version increment, updated_at, id
Move = tuple[int, str, float, str, str, bool, str | None, int, Any, int]


def _plan_moves(
    annotated: list[OldRow],
    landed: dict[int, Any],
    new: list[NewSentence],
    new_ids: dict[int, int],
    old_number: int,
    new_number: int,
    now: Any,
) -> tuple[list[Move], list[PendingRevision], dict[str, int]]:
    """Where each annotation goes, and the revision of each move, without touching the database.

    A verdict still waiting for a re-check from an earlier version keeps waiting (and keeps the
    text it was checked against), even if this version left its sentence alone.
    """
    counts = {"kept": 0, "changed": 0, "orphaned": 0}
    moves: list[Move] = []
    revisions: list[PendingRevision] = []
    for row in annotated:
        anchor = landed[row.sentence_id]
        before = {
            "sentence": row.sentence_id,
            "article_version": old_number,
            "text": row.text,
            "verdict": row.verdict,
            "review_state": row.review_state,
            "needs_recheck": row.needs_recheck,
        }
        if anchor.new_index is None or anchor.state == "orphaned":
            counts["orphaned"] += 1
            moves.append(
                (row.sentence_id, AnchorState.ORPHANED, 0.0, anchor.method, row.previous_text,
                 row.needs_recheck, None, 0, now, row.annotation_id)
            )  # fmt: skip
            after = {**before, "state": AnchorState.ORPHANED, "method": anchor.method, "score": 0.0}
            revisions.append(
                PendingRevision(row.sentence_id, row.annotation_id, row.annotation_version,
                                RevisionAction.ORPHAN, before, after)
            )  # fmt: skip
            continue
        target = new[anchor.new_index]
        same_words = anchor.state == "kept" and normalise(target.text) == normalise(row.text)
        if same_words and not row.needs_recheck:
            state, score, previous, recheck = AnchorState.KEPT, 1.0, "", False
            review_state, version = row.review_state, row.annotation_version
        elif same_words:  # kept here, but an earlier version changed it and nobody re-checked
            state, score, previous, recheck = (
                AnchorState.CHANGED, row.anchor_score, row.previous_text, True
            )  # fmt: skip
            review_state, version = row.review_state, row.annotation_version
        else:
            state, score, recheck = AnchorState.CHANGED, min(anchor.score, 0.99), True
            previous = row.previous_text if row.needs_recheck else row.text
            review_state, version = ReviewState.DRAFT, row.annotation_version + 1
        counts["changed" if state == AnchorState.CHANGED else "kept"] += 1
        new_id = new_ids[anchor.new_index]
        reset = review_state if review_state != row.review_state else None
        moves.append(
            (new_id, state, score, anchor.method, previous, recheck, reset,
             version - row.annotation_version, now, row.annotation_id)
        )  # fmt: skip
        after = {
            "sentence": new_id,
            "article_version": new_number,
            "text": target.text,
            "verdict": row.verdict,
            "review_state": review_state,
            "needs_recheck": recheck,
            "state": state,
            "method": anchor.method,
            "score": round(score, 4),
        }
        if review_state != row.review_state:
            after["comment"] = CHANGED_TO_DRAFT
        revisions.append(
            PendingRevision(new_id, row.annotation_id, version, RevisionAction.REANCHOR, before,
                            after)
        )  # fmt: skip
    return moves, revisions, counts


def _count_new(old_rows: list[tuple], new: list[NewSentence], landed_on: set[int | None]) -> int:
    """Sentences of the new version that carry no moved verdict and whose text the old version
    did not have (each old text matched once)."""
    old_texts: dict[str, int] = {}
    for row in old_rows:
        key = normalise(row[1])
        old_texts[key] = old_texts.get(key, 0) + 1
    fresh = 0
    for sentence in new:
        if sentence.index in landed_on:
            continue
        key = normalise(sentence.text)
        if old_texts.get(key):
            old_texts[key] -= 1
        else:
            fresh += 1
    return fresh


# Written by hand: one statement for every moved annotation, whatever their number (the ORM's
# bulk_update builds one CASE per field and splits into batches on SQLite).
UPDATE_ANNOTATION = """
    UPDATE annotations_annotation SET sentence_id = %s, anchor_state = %s, anchor_score = %s,
        anchor_method = %s, previous_text = %s, needs_recheck = %s,
        review_state = COALESCE(%s, review_state), version = version + %s, updated_at = %s
    WHERE id = %s
"""


def _apply_moves(moves: list[Move]) -> None:
    if not moves:
        return
    stamp = Annotation._meta.get_field("updated_at")
    rows = [(*m[:8], stamp.get_db_prep_value(m[8], connection), m[9]) for m in moves]
    with connection.cursor() as cursor:
        cursor.executemany(UPDATE_ANNOTATION, rows)


# --- dismissals ---------------------------------------------------------------------------
def _dismissed_rows(version_id: int) -> dict[int, tuple[int, str, str]]:
    """The active dismissals of a version's sentences: sentence id -> (id, reason, note)."""
    rows = Dismissal.objects.filter(sentence__version_id=version_id, undone_at__isnull=True)
    return {s: (pk, reason, note) for pk, s, reason, note in rows.values_list(
        "pk", "sentence_id", "reason", "note"
    )}  # fmt: skip


def _move_dismissals(
    dismissed: dict[int, tuple[int, str, str]],
    landed: dict[int, Any],
    new_ids: dict[int, int],
    old_number: int,
    new_number: int,
) -> list[PendingRevision]:
    """Dismissals follow their sentences as verdicts do (kept or changed; one statement for
    all); one that re-anchors nowhere stays on the old version, where it no longer counts.
    Returns the move revisions to write with the others."""
    moves, revisions = [], []
    for sentence_id, (pk, reason, note) in dismissed.items():
        anchor = landed.get(sentence_id)
        if anchor is None or anchor.new_index is None or anchor.state == "orphaned":
            continue
        new_id = new_ids[anchor.new_index]
        moves.append((new_id, pk))
        state = {"reason": reason, "note": note}
        revisions.append(
            PendingRevision(
                new_id, None, 0, RevisionAction.REANCHOR,
                {"sentence": sentence_id, "article_version": old_number, "dismissed": state},
                {"sentence": new_id, "article_version": new_number, "dismissed": state,
                 "state": anchor.state, "method": anchor.method},
            )
        )  # fmt: skip
    if moves:
        table = Dismissal._meta.db_table
        with connection.cursor() as cursor:
            cursor.executemany(f"UPDATE {table} SET sentence_id = %s WHERE id = %s", moves)
    return revisions


# --- comment threads ------------------------------------------------------------------------
def _comment_threads(version_id: int) -> dict[int, list[int]]:
    """The comments on a version's sentences: sentence id -> comment ids (any state)."""
    rows = Comment.objects.filter(sentence__version_id=version_id).order_by("sentence_id", "pk")
    threads: dict[int, list[int]] = {}
    for pk, sentence_id in rows.values_list("pk", "sentence_id"):
        threads.setdefault(sentence_id, []).append(pk)
    return threads


def _move_threads(
    threads: dict[int, list[int]],
    landed: dict[int, Any],
    new_ids: dict[int, int],
    numbers: tuple[int, int],
    article_id: int,
    user: User | None,
) -> None:
    """Each sentence's thread goes where its sentence re-anchored (one statement for all, and
    one trail entry per comment); a thread whose sentence is gone stays on the old version."""
    old_number, new_number = numbers
    moves: list[tuple[int, int]] = []
    trail: list[CommentRevision] = []
    for sentence_id, comment_ids in threads.items():
        anchor = landed.get(sentence_id)
        if anchor is None or anchor.new_index is None or anchor.state == "orphaned":
            continue
        new_id = new_ids[anchor.new_index]
        before = {"sentence": sentence_id, "article_version": old_number}
        after = {
            "sentence": new_id,
            "article_version": new_number,
            "state": anchor.state,
            "method": anchor.method,
        }
        for pk in comment_ids:
            moves.append((new_id, pk))
            trail.append(
                CommentRevision(
                    comment_id=pk, article_id=article_id, action=CommentAction.MOVE,
                    actor=user, before=before, after=after,
                )
            )  # fmt: skip
    if not moves:
        return
    table = connection.ops.quote_name(Comment._meta.db_table)
    with connection.cursor() as cursor:
        cursor.executemany(f"UPDATE {table} SET sentence_id = %s WHERE id = %s", moves)
    CommentRevision.objects.bulk_create(trail)


# --- orphans ---------------------------------------------------------------------------------
def _orphan(article: Article, annotation_id: int) -> Annotation:
    """An open orphan of the article, locked until the transaction ends."""
    annotation = (
        Annotation.objects.select_for_update()
        .filter(
            pk=annotation_id,
            sentence__article=article,
        )
        .exclude(sentence__version_id=article.current_version_id)
        .exclude(anchor_state=AnchorState.CLOSED)
        .select_related("sentence")
        .first()
    )
    if annotation is None:
        raise NotFound(gettext_noop("No open orphan with this id in this article."))
    return annotation


@transaction.atomic
def reattach_orphan(
    *, article: Article, annotation_id: int, sentence: Sentence, editor: User
) -> Annotation:
    """Put an orphaned verdict on a sentence of the current version the editor chose.

    The verdict goes back to draft and waits for a re-check (the text is not the one it judged);
    the move is a revision. The target must be current and have no verdict of its own.
    """
    require_role(editor, article.newsroom_id, Role.EDITOR)
    if sentence.article_id != article.pk:
        raise NotFound(gettext_noop("No such sentence in this article."))
    require_current_version(sentence)
    annotation = _orphan(article, annotation_id)
    if Annotation.objects.filter(sentence=sentence).exists():
        raise InvalidTransition(
            gettext_noop("This sentence already has a verdict; choose one without."),
            code="sentence_taken",
        )
    old = annotation.sentence
    old_number = ArticleVersion.objects.filter(pk=old.version_id).values_list("number", flat=True)
    score = round(min(similarity(normalise(old.text), normalise(sentence.text)), 1.0), 4)
    previous = annotation.previous_text if annotation.needs_recheck else old.text
    before = {
        "sentence": old.pk,
        "article_version": old_number[0],
        "text": old.text,
        "verdict": annotation.verdict,
        "review_state": annotation.review_state,
        "state": annotation.anchor_state,
    }
    Annotation.objects.filter(pk=annotation.pk).update(
        sentence=sentence,
        anchor_state=AnchorState.CHANGED,
        anchor_score=score,
        anchor_method="manual",
        previous_text=previous,
        needs_recheck=True,
        review_state=ReviewState.DRAFT,
        version=F("version") + 1,
        updated_by=editor,
        updated_at=timezone.now(),
    )
    annotation.refresh_from_db()
    after = {
        "sentence": sentence.pk,
        "article_version": article.version,
        "text": sentence.text,
        "verdict": annotation.verdict,
        "review_state": annotation.review_state,
        "needs_recheck": True,
        "state": AnchorState.CHANGED,
        "method": "manual",
        "score": score,
    }
    record(
        action=RevisionAction.REATTACH, actor=editor, before=before, after=after,
        annotation=annotation,
    )  # fmt: skip
    article_changed(None, article=article)  # may move readiness
    return annotation


@transaction.atomic
def close_orphan(
    *, article: Article, annotation_id: int, editor: User, reason: str = ""
) -> Annotation:
    """Let an orphaned verdict go: it stays on its old version, closed, and no longer blocks
    the article. The reason goes into the revision."""
    require_role(editor, article.newsroom_id, Role.EDITOR)
    reason = (reason or "").strip()[:5000]
    check_characters(reason, field="reason")
    annotation = _orphan(article, annotation_id)
    before = {"state": annotation.anchor_state, "review_state": annotation.review_state}
    Annotation.objects.filter(pk=annotation.pk).update(
        anchor_state=AnchorState.CLOSED,
        version=F("version") + 1,
        updated_by=editor,
        updated_at=timezone.now(),
    )
    annotation.refresh_from_db()
    after = {"state": AnchorState.CLOSED, "review_state": annotation.review_state}
    if reason:
        after["comment"] = reason
    record(
        action=RevisionAction.CLOSE, actor=editor, before=before, after=after,
        annotation=annotation,
    )  # fmt: skip
    article_changed(None, article=article)  # may move readiness
    return annotation
