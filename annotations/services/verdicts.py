"""Setting the desk's verdict on a sentence, with evidence, under optimistic locking."""

from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_noop

from annotations.models import (
    STANCE_VALUES,
    VERDICT_VALUES,
    Annotation,
    Evidence,
    EvidenceSnapshot,
    JobKind,
    JobState,
    LinkStatus,
    ReviewState,
    RevisionAction,
    Role,
    Sentence,
    Stance,
)
from annotations.selectors.handwritten import columns, fetch_one, insert, instance, partial

from .access import require_role
from .errors import InvalidInput, StaleVersion
from .link_checks import queue_link_checks
from .match_queue import queue_rematch
from .outcomes import undo_for_verdict
from .revisions import evidence_dict, record, snapshot
from .text import check_at_most, check_characters, clean_url
from .versions import require_current_version
from .webhook_events import READINESS_WANTED_PARAMS, READINESS_WANTED_SQL, queue_readiness_check


@dataclass(frozen=True, slots=True)
class EvidenceInput:
    url: str
    title: str = ""
    publisher: str = ""
    excerpt: str = ""
    stance: str = Stance.SUPPORTS


def clean_evidence(items: list[EvidenceInput]) -> list[EvidenceInput]:
    check_at_most(
        len(items),
        settings.FACTCHECK_MAX_EVIDENCE,
        field="evidence",
        what="evidence links",
        setting="FACTCHECK_MAX_EVIDENCE",
    )
    cleaned = []
    for index, item in enumerate(items):
        field = f"evidence[{index}]"
        if item.stance not in STANCE_VALUES:
            raise InvalidInput(
                gettext_noop("Unknown stance %(stance)s; use supports, refutes or context."),
                field=f"{field}.stance",
                params={"stance": repr(item.stance)},
            )
        for name, limit in (("title", 500), ("publisher", 200), ("excerpt", 5000)):
            value = getattr(item, name) or ""
            if len(value) > limit:
                raise InvalidInput(
                    gettext_noop("At most %(limit)s characters."),
                    field=f"{field}.{name}",
                    params={"limit": limit},
                )
            check_characters(value, field=f"{field}.{name}")
        cleaned.append(
            EvidenceInput(
                url=clean_url(item.url, field=f"{field}.url"),
                title=(item.title or "").strip(),
                publisher=(item.publisher or "").strip(),
                excerpt=(item.excerpt or "").strip(),
                stance=item.stance,
            )
        )
    return cleaned


def etag_of(sentence_id: int, version: int) -> str:
    """The strong ETag of a sentence's verdict, ``"<sentence id>-<version>"``: what a client
    sends back in If-Match. Every door that shows a version shows it in this form."""
    return f'"{sentence_id}-{version}"'


def current_version(sentence: Sentence) -> int:
    """0 while a sentence has no verdict; the annotation's version afterwards."""
    annotation = getattr(sentence, "annotation", None)
    return annotation.version if annotation else 0


@transaction.atomic
def set_verdict(
    *,
    sentence: Sentence,
    editor: User,
    verdict: str,
    rationale: str = "",
    evidence: list[EvidenceInput] | None = None,
    expected_version: int,
) -> Annotation:
    """Record the desk's verdict; raises StaleVersion if someone saved first.

    Any edit sends the annotation back to draft (an approved verdict must be reviewed again).
    A save that changes nothing keeps the version and writes no revision, unless the verdict
    waits for a re-check after a new article version: then saving it is the re-check. A
    sentence of a superseded version raises VersionChanged (409). The returned annotation
    carries its evidence as ``saved_evidence``, so callers need not read it again.
    """
    require_role(editor, sentence.article.newsroom_id, Role.EDITOR)
    require_current_version(sentence)
    if verdict not in VERDICT_VALUES:
        raise InvalidInput(
            gettext_noop("Choose a verdict: verified, disputed or unverified."),
            field="verdict",
            code="required",
        )
    rationale = (rationale or "").strip()
    check_at_most(
        len(rationale),
        settings.FACTCHECK_MAX_RATIONALE_CHARS,
        field="rationale",
        what="characters",
        setting="FACTCHECK_MAX_RATIONALE_CHARS",
    )
    check_characters(rationale, field="rationale")
    items = clean_evidence(evidence or [])

    newsroom_id = sentence.article.newsroom_id
    state = _save_state(sentence.pk, newsroom_id)
    annotation = state.annotation
    if (annotation.version if annotation else 0) != expected_version:
        raise StaleVersion(
            gettext_noop(
                "Someone else saved this verdict first. Look at their version before saving again."
            ),
            current=annotation,
        )
    if annotation is None:
        saved = _create(sentence, editor, verdict, rationale, items, dismissed=state.dismissed)
    else:
        saved = _update(annotation, editor, verdict, rationale, items, expected_version)
    # Every new or changed URL gets its link checked once this save commits (one job row).
    queue_link_checks(
        evidence_ids=getattr(saved, "new_evidence_ids", []),
        newsroom_id=newsroom_id,
        created_by=editor,
    )
    if state.readiness_wanted:  # the save may move readiness, which an endpoint wants to hear of
        queue_readiness_check(sentence.article_id, newsroom_id=newsroom_id)
    if annotation is None:
        # A new verdict: claims imported before it may match it now (services/rematch); a match
        # job that waits already will see it too. The job runs once this save commits.
        queue_rematch(newsroom_id=newsroom_id, created_by=editor, waiting=state.match_waiting)
    return saved


@dataclass(slots=True)
class _SaveState:
    """What a save needs to know before it writes, read in one round trip."""

    annotation: Annotation | None
    dismissed: bool  # an active dismissal, which the verdict undoes
    match_waiting: bool  # a queued match job of the newsroom, which will see this verdict
    readiness_wanted: bool  # an active webhook endpoint of the newsroom wants readiness changes


@cache
def _save_state_sql() -> str:
    # Written by hand: it runs on every save, and Django takes 20 times longer to compile it than
    # the database takes to answer (see annotations/selectors/handwritten.py). The flags spare a
    # save three further round trips (the dismissal, the match job, the endpoints that want to
    # hear of readiness) when, as mostly, there is nothing there.
    return f"""
        SELECT {columns(Annotation, "annotation")}, creator.username, reviewer.username,
            EXISTS (SELECT 1 FROM annotations_dismissal dismissal
                    WHERE dismissal.sentence_id = given.sentence_id
                      AND dismissal.undone_at IS NULL),
            EXISTS (SELECT 1 FROM annotations_job job
                    WHERE job.newsroom_id = given.newsroom_id AND job.kind = %s
                      AND job.state = %s),
            EXISTS (SELECT 1 FROM annotations_webhookendpoint endpoint
                    WHERE endpoint.newsroom_id = given.newsroom_id AND {READINESS_WANTED_SQL})
        FROM (SELECT CAST(%s AS BIGINT) AS sentence_id, CAST(%s AS BIGINT) AS newsroom_id) given
        LEFT JOIN annotations_annotation annotation ON annotation.sentence_id = given.sentence_id
        LEFT JOIN auth_user creator ON creator.id = annotation.created_by_id
        LEFT JOIN auth_user reviewer ON reviewer.id = annotation.reviewed_by_id
    """


def _save_state(sentence_id: int, newsroom_id: int) -> _SaveState:
    """The sentence's annotation with the usernames its API shape shows, and the flags."""
    params = [JobKind.MATCH, JobState.QUEUED, *READINESS_WANTED_PARAMS, sentence_id, newsroom_id]
    row = fetch_one(_save_state_sql(), params)
    assert row is not None  # a LEFT JOIN from one given row always answers one row
    *_fields, creator_name, reviewer_name, dismissed, match_waiting, readiness_wanted = row
    annotation = None
    if row[0] is not None:
        annotation = instance(Annotation, row)
        annotation.created_by = _author(annotation.created_by_id, creator_name)
        annotation.reviewed_by = _author(annotation.reviewed_by_id, reviewer_name)
    return _SaveState(annotation, bool(dismissed), bool(match_waiting), bool(readiness_wanted))


def _author(user_id: int | None, username: str | None) -> User | None:
    if user_id is None:
        return None
    return partial(get_user_model(), id=user_id, username=username)


def _create(
    sentence: Sentence,
    editor: User,
    verdict: str,
    rationale: str,
    items: list[EvidenceInput],
    *,
    dismissed: bool,
) -> Annotation:
    # SQLite's IMMEDIATE transaction holds the write lock from its start, so no other first save
    # can come between the read above and this insert; PostgreSQL needs the savepoint to read the
    # winner after a lost race (the failed insert aborts the rest of the transaction otherwise).
    race_possible = connection.vendor != "sqlite"
    try:
        with transaction.atomic(savepoint=race_possible):
            annotation = insert(
                Annotation(
                    sentence=sentence,
                    verdict=verdict,
                    rationale=rationale,
                    created_by=editor,
                    updated_by=editor,
                )
            )
    except IntegrityError as exc:  # another first save won the race
        if not race_possible:
            raise
        raise StaleVersion(
            gettext_noop(
                "Someone else saved this verdict first. Look at their version before saving again."
            ),
            current=Annotation.objects.filter(sentence=sentence).first(),
        ) from exc
    if dismissed:
        undo_for_verdict(sentence_id=sentence.pk, editor=editor)
    saved = _insert_evidence(annotation, list(enumerate(items)))
    after = snapshot(annotation, saved)
    record(action=RevisionAction.EDIT, actor=editor, before={}, after=after, annotation=annotation)
    annotation.saved_evidence = saved
    annotation.new_evidence_ids = [e.pk for e in saved]
    return annotation


def _update(
    annotation: Annotation,
    editor: User,
    verdict: str,
    rationale: str,
    items: list[EvidenceInput],
    expected_version: int,
) -> Annotation:
    stored = list(annotation.evidence.order_by("position"))
    before = snapshot(annotation, stored)
    wanted_evidence = [evidence_dict(i) for i in items]
    if not annotation.needs_recheck and (
        before["verdict"],
        before["rationale"],
        before["evidence"],
    ) == (verdict, rationale, wanted_evidence):
        annotation.saved_evidence = stored
        return annotation
    if annotation.needs_recheck:
        before["needs_recheck"] = True
    now = timezone.now()
    updated = Annotation.objects.filter(pk=annotation.pk, version=expected_version).update(
        verdict=verdict,
        rationale=rationale,
        review_state=ReviewState.DRAFT,
        updated_by=editor,
        version=F("version") + 1,
        updated_at=now,
        needs_recheck=False,
    )
    if not updated:
        annotation.refresh_from_db()
        raise StaleVersion(
            gettext_noop(
                "Someone else saved this verdict first. Look at their version before saving again."
            ),
            current=annotation,
        )
    # The conditional UPDATE proved the row was at expected_version, so its new state is known
    # without reading it back.
    annotation.verdict, annotation.rationale = verdict, rationale
    annotation.review_state, annotation.updated_by = ReviewState.DRAFT, editor
    annotation.version, annotation.updated_at = expected_version + 1, now
    annotation.needs_recheck = False
    unchanged = before["evidence"] == wanted_evidence
    saved, new = (stored, []) if unchanged else _sync_evidence(annotation, stored, items)
    after = snapshot(annotation, saved)
    if "needs_recheck" in before:
        after["needs_recheck"] = False
    record(
        action=RevisionAction.EDIT, actor=editor, before=before, after=after, annotation=annotation
    )
    annotation.saved_evidence = saved
    annotation.new_evidence_ids = [e.pk for e in new]
    return annotation


# What an editor edits on an evidence item whose URL stays; its check results stay with it.
_EDITABLE = ("position", "title", "publisher", "excerpt", "stance")
# A row given a new URL starts over: nothing it knew about the old page is kept.
_UNCHECKED = {
    "published": None,
    "link_http_status": None,
    "link_final_url": "",
    "link_error": "",
    "link_checked_at": None,
    "link_first_ok_at": None,
    "link_broken_since": None,
    "excerpt_match": "",
    "excerpt_score": None,
    "excerpt_passage": "",
    "quote_match": "",
    "quote_score": None,
    "quote_passage": "",
    "snapshot_at": None,
    "changed_at": None,
}


def _sync_evidence(
    annotation: Annotation, stored: list[Evidence], items: list[EvidenceInput]
) -> tuple[list[Evidence], list[Evidence]]:
    """Make the stored evidence what the editor sent; returns (all items in order, the items
    whose link is to be checked).

    An item whose URL is still there keeps its row, id and check results (matched by URL, in
    order, so reordering keeps them too); an edited excerpt drops only its excerpt match, which
    was about the old words. A URL that replaced another takes over the row of the one it
    replaced, with its check results and snapshots cleared. One upsert of the edited rows, one
    INSERT, one DELETE and one snapshot DELETE, each only when needed, whatever the number of
    items that stay unchanged.
    """
    unused: dict[str, list[Evidence]] = {}
    for row in stored:
        unused.setdefault(row.url, []).append(row)
    placed: list[tuple[int, Evidence]] = []
    changed: list[Evidence] = []
    fresh: list[tuple[int, EvidenceInput]] = []
    excerpt_changed = False
    for position, item in enumerate(items):
        rows = unused.get(item.url)
        if not rows:
            fresh.append((position, item))
            continue
        row = rows.pop(0)
        wanted = {"position": position, **evidence_dict(item)}
        if any(getattr(row, name) != wanted[name] for name in _EDITABLE):
            if row.excerpt != item.excerpt:
                row.excerpt_match, row.excerpt_score, row.excerpt_passage = "", None, ""
                excerpt_changed = True
            for name in _EDITABLE:
                setattr(row, name, wanted[name])
            changed.append(row)
        placed.append((position, row))
    leftover = sorted((row for rows in unused.values() for row in rows), key=_position)
    now = timezone.now()
    replaced = []
    for row, (position, item) in zip(leftover, fresh, strict=False):
        for name, value in {"position": position, **evidence_dict(item), **_UNCHECKED}.items():
            setattr(row, name, value)
        row.link_status, row.link_queued_at = LinkStatus.CHECKING, now
        replaced.append(row)
        placed.append((position, row))
    gone, fresh = leftover[len(replaced) :], fresh[len(replaced) :]
    if gone:
        Evidence.objects.filter(pk__in=[row.pk for row in gone]).delete()
    if changed or replaced:
        fields = list(_EDITABLE)
        if replaced:
            fields += ["url", "link_status", "link_queued_at", *_UNCHECKED]
        elif excerpt_changed:
            fields += ["excerpt_match", "excerpt_score", "excerpt_passage"]
        # An upsert on the primary key: one statement, compiled as cheaply as an INSERT (a
        # bulk_update's CASE per field and row costs milliseconds to build).
        Evidence.objects.bulk_create(
            changed + replaced, update_conflicts=True, unique_fields=["id"], update_fields=fields
        )
    if replaced:  # after the UPDATE: a check of the old URL that was writing has committed
        EvidenceSnapshot.objects.filter(evidence__in=replaced).delete()
    new = _insert_evidence(annotation, fresh)
    placed += [(position, row) for (position, _), row in zip(fresh, new, strict=True)]
    return [row for _, row in sorted(placed, key=lambda pair: pair[0])], replaced + new


def _position(row: Evidence) -> int:
    return row.position


def _insert_evidence(
    annotation: Annotation, items: list[tuple[int, EvidenceInput]]
) -> list[Evidence]:
    """New evidence rows at these positions, marked for their first link check."""
    if not items:
        return []
    now = timezone.now()
    return Evidence.objects.bulk_create(
        [
            Evidence(
                annotation=annotation,
                position=position,
                link_status=LinkStatus.CHECKING,
                link_queued_at=now,
                **evidence_dict(item),
            )
            for position, item in items
        ]
    )
