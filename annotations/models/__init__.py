"""The data shape and its invariants; no workflow lives here (see ``services``)."""

from .annotation import (
    AnchorState,
    Annotation,
    Evidence,
    ImmutableRevisionError,
    ReviewState,
    Revision,
    RevisionAction,
    Stance,
    Verdict,
)
from .article import Article, ArticleVersion, Language, Sentence, SentenceTag
from .idempotency import IdempotentRequest
from .job import Job, JobKind, JobState
from .newsroom import ROLE_RANK, Membership, Newsroom, Role

__all__ = [
    "ROLE_RANK",
    "AnchorState",
    "Annotation",
    "Article",
    "ArticleVersion",
    "Evidence",
    "IdempotentRequest",
    "ImmutableRevisionError",
    "Job",
    "JobKind",
    "JobState",
    "Language",
    "Membership",
    "Newsroom",
    "ReviewState",
    "Revision",
    "RevisionAction",
    "Role",
    "Sentence",
    "SentenceTag",
    "Stance",
    "Verdict",
]
