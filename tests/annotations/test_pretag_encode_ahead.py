"""An article's sentences reach the encoder in one call, and its common pieces are computed once.

The encoder shares per-piece work within a call only, so these hold the pre-tagger to the calls
that make it fast; the numbers stay those of sentences encoded alone.
"""

from __future__ import annotations

import datetime

import numpy as np
import pytest

from annotations.pretag import checkworthiness, encoder, pipeline
from annotations.pretag.pipeline import segment_text, tag_segments

DATE = datetime.date(2024, 11, 30)
CITIES = ["Berlin", "Hamburg", "München", "Köln", "Leipzig", "Dresden", "Bremen", "Kiel"]


def _article(count: int, word: str = "Quorx") -> str:
    """Distinct sentences, none met by the encoder before (the index and a made-up word)."""
    return " ".join(
        f"In {CITIES[i % len(CITIES)]} stieg die Zahl {i} der Zulassungen um {i % 9 + 1} Prozent, "
        f"teilte das Amt für {word}{i}wesen mit."
        for i in range(count)
    )


@pytest.fixture
def encoded(monkeypatch):
    """The lists of sentences the encoder computes, call by call."""
    forward = checkworthiness.encoder()._backend
    calls: list[list[str]] = []
    real = forward._encode_distinct
    monkeypatch.setattr(forward, "_encode_distinct", lambda t: calls.append(list(t)) or real(t))
    return calls


def test_an_article_longer_than_a_scoring_batch_is_encoded_in_one_call(encoded) -> None:
    text = _article(pipeline.SCORE_BATCH + 44)
    segments = segment_text(text, "de")
    assert len(segments) == pipeline.SCORE_BATCH + 44
    tags = tag_segments(text, segments, "de", DATE)
    assert [len(call) for call in encoded] == [len(segments)]
    assert all(t.warnings == () for t in tags)


def test_scores_encoded_ahead_are_those_of_each_batch_alone(monkeypatch) -> None:
    text = _article(pipeline.SCORE_BATCH + 10)
    segments = segment_text(text, "de")
    ahead = tag_segments(text, segments, "de", DATE)
    checkworthiness.encoder()._backend.forget_words()  # the embeddings are computed again

    def broken(*args, **kwargs):
        raise MemoryError("no room")  # what one large call might meet

    monkeypatch.setattr(checkworthiness, "embed_ahead", broken)
    batched = tag_segments(text + " ", segments, "de", DATE)
    assert all(t.warnings == () for t in batched)  # left to the batches, which scored them
    for a, b in zip(ahead, batched, strict=True):
        assert a.assessment.score == pytest.approx(b.assessment.score, abs=1e-6)
        assert (a.assessment.claim, a.assessment.reasons) == (
            b.assessment.claim,
            b.assessment.reasons,
        )
        assert a.spans == b.spans


def test_a_piece_in_every_sentence_is_computed_once_per_call(monkeypatch) -> None:
    forward = checkworthiness.encoder()._backend
    texts = [f"Satz {i} über Quorx{i} und die Regierung." for i in range(40)]
    alone = np.stack([checkworthiness.embed([t])[0] for t in texts])
    forward.forget_words()
    written: list[int] = []
    real = encoder._PieceTables._write

    def spy(self, ids, at):
        written.extend(ids.tolist())
        return real(self, ids, at)

    monkeypatch.setattr(encoder._PieceTables, "_write", spy)
    monkeypatch.setattr(forward, "PIECE_BUDGET", 60)  # several groups of sentences
    together = checkworthiness.embed(texts)
    pieces = {p for t in texts for p in forward.piece_ids(t)}
    assert len(pieces) > forward.PIECE_BUDGET
    assert written.count(forward.sp.bos_id) == 1 and written.count(forward.sp.eos_id) == 1
    assert set(written) == pieces
    assert np.allclose(together, alone, rtol=0, atol=1e-5)


@pytest.mark.django_db
def test_a_job_encodes_its_chunks_ahead_in_one_call(encoded, newsroom, editor) -> None:
    """The job tags and stores JOB_CHUNK sentences at a time; the encoder still sees them all
    at once, as when the article is tagged in one call."""
    from annotations.services.articles import import_article
    from annotations.services.jobs import claim_job
    from annotations.services.pretagging import pretag_article

    count = 2 * pipeline.JOB_CHUNK + 30
    article, job = import_article(
        newsroom=newsroom, title="Zulassungen", text=_article(count, "Blivv"), language="de",
        published_at=DATE, imported_by=editor,
    )  # fmt: skip
    assert article.sentences.count() == count
    encoded.clear()  # the import may have scored nothing yet; count the job's calls only
    result = pretag_article(claim_job(job.pk))
    assert result["sentences"] == count and result["warnings_total"] == 0
    assert [len(call) for call in encoded] == [count]
