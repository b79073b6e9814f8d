"""Claim matching: paraphrases and translations found, incremental adds, order and ties, limits."""

import numpy as np
import pytest

from annotations.pretag.matching import ClaimIndex, claim_vectors, guess_language, query_text
from annotations.pretag.matching_lexical import LexicalIndex, terms
from annotations.pretag.matching_vectors import BLOCK, VectorStore

FACT_CHECKS = [
    ("vaccine-chips", "COVID-19 vaccines contain microchips that track people.", "en"),
    ("moon-landing", "The 1969 moon landing was staged in a film studio.", "en"),
    ("fries", "McDonald's restaurants are offering $1 fries of any size this month.", "en"),
    (
        "anaconda",
        "A viral video shows a 10-meter-long anaconda swimming in a river in Brazil.",
        "en",
    ),
    ("pension", "The government will cut state pensions by half next year.", "en"),
    ("eiffel", "The Eiffel Tower is going to be demolished in 2025.", "en"),
]


@pytest.fixture(scope="module")
def index():
    claims = ClaimIndex()
    keys, texts, languages = zip(*FACT_CHECKS, strict=True)
    claims.add(list(keys), list(texts), languages=list(languages))
    return claims


def test_a_paraphrase_finds_its_claim_at_rank_one(index):
    matches = index.search("Do the Covid vaccines really put tracking microchips into us?", 3)
    assert matches[0].key == "vaccine-chips"
    assert [m.rank for m in matches] == [1, 2, 3]


def test_a_german_sentence_finds_the_english_fact_check(index):
    matches = index.search("Die Regierung wird die staatlichen Renten nächstes Jahr halbieren.", 1)
    assert matches[0].key == "pension"
    matches = index.search("Der Eiffelturm soll 2025 abgerissen werden.", 1, language="de-CH")
    assert matches[0].key == "eiffel"


def test_an_unrelated_query_scores_below_the_real_match(index):
    real = index.search("The moon landings were faked in a studio", 1)[0]
    unrelated = index.search("Der Bundestag beschließt ein neues Heizungsgesetz.", 1)[0]
    assert real.key == "moon-landing"
    assert unrelated.score < real.score


def test_a_claim_added_later_becomes_findable_without_rebuilding():
    claims = ClaimIndex()
    claims.add(["a"], ["Drinking hot water cures the flu."], languages=["en"])
    query = "Wind turbines cause cancer in people living nearby."
    assert claims.search(query, 1)[0].key == "a"  # the only claim there is
    claims.add(["b"], ["Living near wind turbines gives people cancer."], languages=["en"])
    assert claims.search(query, 1)[0].key == "b"
    assert len(claims) == 2


def test_results_are_ordered_and_ties_keep_the_order_claims_were_added():
    claims = ClaimIndex()
    text = "Bananas are radioactive enough to be dangerous."
    vectors = claim_vectors([text])
    claims.add(["first", "second", "third"], [text] * 3, vectors=np.repeat(vectors, 3, axis=0))
    claims.add(["other"], ["Cats can see ghosts."], languages=["en"])
    matches = claims.search("Are bananas dangerously radioactive?", 10)
    assert [m.key for m in matches] == ["first", "second", "third", "other"]
    assert matches[0].score == matches[1].score == matches[2].score > matches[3].score
    assert [m.rank for m in matches] == [1, 2, 3, 4]
    assert [m.key for m in claims.search("Are bananas dangerously radioactive?", 2)] == [
        "first",
        "second",
    ]


def test_empty_index_and_empty_query_give_no_matches(index):
    assert ClaimIndex().search("Anything at all", 5) == []
    assert index.search("", 5) == []
    assert index.search("   ", 5) == []
    assert index.search("Vaccines contain microchips", 0) == []
    assert index.search_many(["", "Vaccines contain microchips"], 1)[0] == []


def test_add_refuses_mismatched_lengths():
    with pytest.raises(ValueError, match="2 keys but 1 texts"):
        ClaimIndex().add(["a", "b"], ["only one"])
    ClaimIndex().add([], [])  # nothing to add is fine


def test_search_many_agrees_with_search(index):
    queries = ["Microchips in the vaccine", "A giant snake in a Brazilian river"]
    batch = index.search_many(queries, 2)
    for together, alone in zip(batch, [index.search(query, 2) for query in queries], strict=True):
        assert [m.key for m in together] == [m.key for m in alone]
        # Batched encoding sums in another order: the same scores to float precision.
        assert [m.score for m in together] == pytest.approx([m.score for m in alone], abs=1e-5)
    assert batch[1][0].key == "anaconda"


def test_terms_fold_case_drop_links_and_function_words():
    assert terms("The Vaccines in https://t.co/xyz pic.twitter.com/abc are SAFE") == [
        "vaccine",
        "safe",
    ]
    assert terms("Die Impfstoffe sind sicher") == ["impfstoffe", "sicher"]


def test_bm25_prefers_rare_shared_words():
    lexical = LexicalIndex()
    lexical.add(["the cat sat", "the cat ran far", "a zebra ran"])
    scores = lexical.scores("zebra cat")
    assert scores.argmax() == 2  # "zebra" is rarer than "cat"
    assert lexical.scores("nothing matches").tolist() == [0.0, 0.0, 0.0]
    assert LexicalIndex().scores("cat").shape == (0,)


def test_merging_recent_postings_changes_no_score():
    texts = [f"claim {i} about topic {i % 7} and word{i % 3} word{i % 3}" for i in range(50)]
    texts += ["a zebra crossing", "Zebras stripes"]
    unmerged, merged = LexicalIndex(), LexicalIndex()
    unmerged.MERGE_EVERY, merged.MERGE_EVERY = 10**6, 7
    unmerged.add(texts)
    for start in range(0, len(texts), 5):  # batches that straddle the merges
        merged.add(texts[start : start + 5])
    assert len(merged._hashes) and merged._recent  # both parts in use
    for query in ["topic 3 word1", "zebra", "claim 49 word2 word2", "absent"]:
        assert merged.scores(query).tolist() == unmerged.scores(query).tolist()


def test_4_bit_rows_keep_the_cosine_and_blocks_grow_without_copying():
    rng = np.random.default_rng(0)
    vectors = rng.standard_normal((BLOCK + 5, 512)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    store = VectorStore()
    store.add(vectors[:10])
    first_block = store._rows[0]
    store.add(vectors[10:])
    assert store._rows[0] is first_block and len(store._rows) == 2 and len(store) == BLOCK + 5
    query = vectors[BLOCK + 2]
    numbers = np.arange(len(store))
    error = np.abs(store.exact(query, numbers) - vectors @ query)
    assert error.mean() < 0.01 and error.max() < 0.05
    assert store.exact(query, [BLOCK + 2])[0] == pytest.approx(1.0, abs=0.02)
    assert BLOCK + 2 in store.nearest(query, 50).tolist()


def test_query_text_drops_a_tweets_signature_and_links():
    tweet = "Vaccines contain chips pic.twitter.com/x1 — Jane Doe (@jdoe) January 6, 2020"
    assert query_text(tweet) == "Vaccines contain chips"
    assert query_text("https://t.co/abc") == "https://t.co/abc"  # nothing else left: kept


def test_guess_language():
    assert guess_language("The minister said that the tax will rise.") == "en"
    assert guess_language("Der Minister sagte, dass die Steuer steigen wird.") == "de"
    assert guess_language("COVID-19 2025") == ""
