"""The data shape and its invariants; no workflow lives here (see ``services``)."""

from .annotation import (
    Annotation,
    Evidence,
    ImmutableRevisionError,
    ReviewState,
    Revision,
    RevisionAction,
    Stance,
    Verdict,
)
from .article import Article, Language, Sentence, SentenceTag
from .job import Job, JobKind, JobState
from .newsroom import ROLE_RANK, Membership, Newsroom, Role

__all__ = [
    "ROLE_RANK",
    "Annotation",
    "Article",
    "Evidence",
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
