"""Re-anchoring of annotated sentences from one article version to the next (plain strings)."""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotations.pretag.anchoring import (
    DEFAULT_THRESHOLD,
    Anchor,
    NewSentence,
    OldSentence,
    normalise,
    reanchor,
    similarity,
)

Paragraphs = Sequence[Sequence[str]]

LEDE = [
    "Nordkorea sichert Moskau uneingeschränkte Unterstützung im Ukraine-Krieg zu.",
    "Dies bekräftigte Kim Jong Un bei einem Treffen mit Russlands Verteidigungsminister.",
]
VISIT = [
    "Am 29. November empfing Kim Jong Un den russischen Verteidigungsminister in Pjöngjang.",
    "Bei diesem Treffen versicherte Kim Russland seiner anhaltenden Unterstützung.",
    "Kim beschuldigte die USA einer «direkten militärischen Intervention» in den Konflikt.",
]
TALKS = [
    "Beloussow traf sich auch mit seinem Amtskollegen No Kwang Chol, und beide lobten die "
    "militärische Kooperation zwischen Moskau und Pjöngjang.",
    "Laut Kim seien es «Hegemoniebestrebungen der Imperialisten», gegen die sich Russland wehre.",
    "Die Gespräche dauerten nach Angaben aus Moskau mehr als drei Stunden.",
]
V1 = [LEDE, VISIT, TALKS]
SENTENCES = [s for paragraph in V1 for s in paragraph]


def lay_out(paragraphs: Paragraphs) -> tuple[str, list[tuple[str, int, int]]]:
    """An article text (sentences joined by spaces, paragraphs by blank lines) and its sentences."""
    text, sentences = "", []
    for k, paragraph in enumerate(paragraphs):
        text += "\n\n" if k else ""
        for j, sentence in enumerate(paragraph):
            text += " " if j else ""
            sentences.append((sentence, len(text), len(text) + len(sentence)))
            text += sentence
    return text, sentences


def anchor(
    v1: Paragraphs, v2: Paragraphs, annotated: Sequence[int] | None = None, **kwargs: float
) -> tuple[list[Anchor], list[str]]:
    """Re-anchor the annotated sentences of v1 (all by default; key = ordinal) onto v2."""
    old_text, old_sentences = lay_out(v1)
    new_text, new_sentences = lay_out(v2)
    keys = range(len(old_sentences)) if annotated is None else annotated
    old = [OldSentence(k, *old_sentences[k]) for k in keys]
    new = [NewSentence(k, *s) for k, s in enumerate(new_sentences)]
    return reanchor(old_text, old, new_text, new, **kwargs), [s for s, _, _ in new_sentences]


def by_key(anchors: list[Anchor]) -> dict[int, Anchor]:
    return {a.key: a for a in anchors}


def assert_kept_in_place(anchors: list[Anchor], new: list[str], keys: Sequence[int]) -> None:
    found = by_key(anchors)
    for k in keys:
        assert found[k].state == "kept", SENTENCES[k]
        assert found[k].score == 1.0
        assert new[found[k].new_index] == SENTENCES[k]


def test_identical_text_keeps_every_sentence_at_its_index() -> None:
    anchors, _ = anchor(V1, V1)
    assert [(a.key, a.state, a.new_index, a.score, a.method) for a in anchors] == [
        (k, "kept", k, 1.0, "exact") for k in range(len(SENTENCES))
    ]


def test_sentence_inserted_above_shifts_every_anchor_by_one() -> None:
    anchors, new = anchor(V1, [["Eine neue Einleitung steht jetzt oben."], *V1])
    assert [a.new_index for a in anchors] == [k + 1 for k in range(len(SENTENCES))]
    assert_kept_in_place(anchors, new, range(len(SENTENCES)))


def test_reworded_sentence_is_changed_on_its_successor() -> None:
    reworded = VISIT[0].replace("29. November", "30. November")
    anchors, new = anchor(V1, [LEDE, [reworded, *VISIT[1:]], TALKS])
    found = by_key(anchors)
    assert found[2].state == "changed"
    assert found[2].method == "fuzzy"
    assert new[found[2].new_index] == reworded
    assert DEFAULT_THRESHOLD <= found[2].score < 1.0
    assert found[2].score == pytest.approx(similarity(VISIT[0], reworded))
    assert_kept_in_place(anchors, new, [0, 1, 3, 4, 5, 6, 7])


def test_deleted_sentence_is_orphaned_and_its_place_stays_free() -> None:
    anchors, new = anchor(V1, [LEDE, [VISIT[0], VISIT[2]], TALKS])
    found = by_key(anchors)
    assert found[3] == Anchor(3, "orphaned", None, 0.0, "none")
    assert_kept_in_place(anchors, new, [0, 1, 2, 4, 5, 6, 7])


def test_split_sentence_goes_to_the_closer_part_as_changed() -> None:
    parts = [
        "Beloussow traf sich auch mit seinem Amtskollegen No Kwang Chol.",
        "Beide lobten die militärische Kooperation zwischen Moskau und Pjöngjang.",
    ]
    anchors, new = anchor(V1, [LEDE, VISIT, [*parts, *TALKS[1:]]])
    found = by_key(anchors)
    best = max(parts, key=lambda part: similarity(TALKS[0], part))
    assert (found[5].state, found[5].method) == ("changed", "split")
    assert new[found[5].new_index] == best
    assert found[5].score >= DEFAULT_THRESHOLD
    assert_kept_in_place(anchors, new, [0, 1, 2, 3, 4, 6, 7])


def test_merged_sentences_anchor_the_closer_one_and_orphan_the_other() -> None:
    merged = VISIT[0][:-1] + ", und Kim versicherte Russland seiner anhaltenden Unterstützung."
    anchors, new = anchor(V1, [LEDE, [merged, VISIT[2]], TALKS])
    found = by_key(anchors)
    winner, loser = (found[2], found[3]) if found[2].state == "changed" else (found[3], found[2])
    assert (winner.state, winner.method, new[winner.new_index]) == ("changed", "merge", merged)
    assert winner.key == 2  # the longer share of the merged sentence
    assert loser.state == "orphaned"
    assert_kept_in_place(anchors, new, [0, 1, 4, 5, 6, 7])


def test_reordered_paragraphs_keep_every_sentence() -> None:
    anchors, new = anchor(V1, [TALKS, LEDE, VISIT])
    assert_kept_in_place(anchors, new, range(len(SENTENCES)))
    assert by_key(anchors)[5].new_index == 0


def test_whitespace_only_change_inside_a_sentence_is_kept_with_full_score() -> None:
    spaced = VISIT[1].replace(" ", "  ").replace("Kim ", "Kim\n")
    anchors, new = anchor(V1, [LEDE, [VISIT[0], spaced, VISIT[2]], TALKS])
    found = by_key(anchors)[3]
    assert (found.state, found.score, found.method) == ("kept", 1.0, "exact")
    assert normalise(new[found.new_index]) == VISIT[1]


def test_duplicate_sentences_each_follow_their_own_context() -> None:
    echo = "Das bestätigte ein Sprecher."
    v1 = [[LEDE[0], echo], [VISIT[0], echo]]
    v2 = [[TALKS[2], echo], [LEDE[0], echo], [VISIT[0], echo]]
    anchors, _ = anchor(v1, v2)
    found = by_key(anchors)
    assert (found[1].state, found[1].new_index, found[1].method) == ("kept", 3, "context")
    assert (found[3].state, found[3].new_index, found[3].method) == ("kept", 5, "context")


def test_two_identical_annotated_sentences_and_one_copy_left_orphan_one() -> None:
    echo = "Das bestätigte ein Sprecher."
    anchors, _ = anchor([[LEDE[0], echo], [VISIT[0], echo]], [[LEDE[0]], [VISIT[0], echo]])
    found = by_key(anchors)
    assert (found[3].state, found[3].new_index) == ("kept", 2)
    assert found[1].state == "orphaned"


def test_empty_new_text_orphans_every_annotation() -> None:
    anchors, _ = anchor(V1, [])
    assert [a.state for a in anchors] == ["orphaned"] * len(SENTENCES)
    assert all(a.new_index is None and a.method == "none" for a in anchors)


def test_sentence_rewritten_beyond_recognition_is_orphaned_not_put_on_a_neighbour() -> None:
    rewritten = "Über den Inhalt der Unterredung wurde zunächst nichts bekannt."
    anchors, new = anchor(V1, [LEDE, VISIT, [TALKS[0], rewritten, TALKS[2]]])
    assert by_key(anchors)[6].state == "orphaned"
    assert_kept_in_place(anchors, new, [0, 1, 2, 3, 4, 5, 7])


def test_moved_and_reworded_sentence_is_found_in_its_new_paragraph() -> None:
    filler = [[f"Absatz {k} berichtet über etwas ganz anderes, nämlich Wetter."] for k in range(30)]
    reworded = TALKS[2].replace("drei Stunden", "vier Stunden")
    anchors, new = anchor([*V1, *filler], [LEDE, VISIT, *filler, [TALKS[0], TALKS[1], reworded]])
    found = by_key(anchors)[7]
    assert (found.state, new[found.new_index]) == ("changed", reworded)


def test_threshold_decides_between_changed_and_orphaned() -> None:
    reworded = VISIT[0].replace("29. November", "30. November")
    v2 = [LEDE, [reworded, *VISIT[1:]], TALKS]
    assert by_key(anchor(V1, v2, [2])[0])[2].state == "changed"
    assert by_key(anchor(V1, v2, [2], threshold=0.995)[0])[2].state == "orphaned"


def test_anchors_come_back_in_the_order_given_with_only_the_annotated_keys() -> None:
    anchors, _ = anchor(V1, [TALKS, VISIT], [7, 0, 3])
    assert [(a.key, a.state) for a in anchors] == [(7, "kept"), (0, "orphaned"), (3, "kept")]


# Random edits of a random article.

# News-length sentences (8-20 words) drawn from the seed article's vocabulary.
SEED = Path(__file__).resolve().parents[2] / "seeds" / "nordkorea-russland-selbstverteidigung.txt"
WORDS = sorted(set(re.findall(r"\w+", SEED.read_text(encoding="utf-8"))))
EDITS = ("insert", "delete", "reword", "swap", "split", "merge", "duplicate")

sentence_st = st.lists(st.sampled_from(WORDS), min_size=8, max_size=20).map(
    lambda words: " ".join(words).capitalize() + "."
)


def apply_edit(items: list[tuple[str, frozenset[int]]], edit: str, rng: random.Random) -> None:
    """Edit the (text, old ordinals it came from) list in place."""
    if not items and edit != "insert":
        return
    k = rng.randrange(len(items)) if items else 0
    text, origin = items[k] if items else ("", frozenset())
    words = text[:-1].split()
    if edit == "insert":
        fresh = " ".join(rng.choices(WORDS, k=rng.randint(8, 20))).capitalize() + "."
        items.insert(k, (fresh, frozenset()))
    elif edit == "delete":
        del items[k]
    elif edit == "reword":
        words[rng.randrange(len(words))] = rng.choice(WORDS)
        items[k] = (" ".join(words) + ".", origin)
    elif edit == "swap":
        j = rng.randrange(len(items))
        items[k], items[j] = items[j], items[k]
    elif edit == "split" and len(words) >= 4:
        cut = rng.randint(2, len(words) - 2)
        first, second = " ".join(words[:cut]) + ".", " ".join(words[cut:]).capitalize() + "."
        items[k : k + 1] = [(first, origin), (second, origin)]
    elif edit == "merge" and k + 1 < len(items):
        following, other = items[k + 1]
        items[k : k + 2] = [(text[:-1] + " und " + following, origin | other)]
    elif edit == "duplicate":
        items.insert(rng.randrange(len(items) + 1), (text, origin))


def paragraphs_of(sentences: Sequence[str], size: int = 3) -> list[list[str]]:
    return [list(sentences[k : k + size]) for k in range(0, len(sentences), size)]


@settings(max_examples=150, deadline=None)
@given(
    article=st.lists(sentence_st, min_size=1, max_size=30),
    edits=st.lists(st.sampled_from(EDITS), max_size=8),
    annotated_share=st.floats(0.1, 1.0),
    seed=st.integers(0, 2**16),
)
def test_random_edits_lose_no_annotation_and_never_share_a_sentence(
    article: list[str], edits: list[str], annotated_share: float, seed: int
) -> None:
    rng = random.Random(seed)
    items = [(text, frozenset([k])) for k, text in enumerate(article)]
    for edit in edits:
        apply_edit(items, edit, rng)
    keys = sorted(rng.sample(range(len(article)), max(1, round(annotated_share * len(article)))))
    anchors, new = anchor(paragraphs_of(article), paragraphs_of([t for t, _ in items]), keys)

    assert [a.key for a in anchors] == keys
    placed = [a.new_index for a in anchors if a.new_index is not None]
    assert len(placed) == len(set(placed))
    for a in anchors:
        old = article[a.key]
        if a.state == "kept":
            assert normalise(new[a.new_index]) == normalise(old)
            assert a.score == 1.0
        elif a.state == "changed":
            assert DEFAULT_THRESHOLD <= a.score < 1.0
            # Never the wrong sentence: not an inserted one, nor one descended from an old
            # sentence unlike this one (a near-twin is alike: no threshold tells it from a
            # rewording).
            origins = items[a.new_index][1]
            assert any(
                similarity(normalise(article[k]), normalise(old)) >= DEFAULT_THRESHOLD
                for k in origins
            )
        else:
            assert (a.state, a.new_index, a.method) == ("orphaned", None, "none")
