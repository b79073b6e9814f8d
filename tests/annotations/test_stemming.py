"""The search stemmer: inflected forms share a stem, short words stay whole, hits are offsets."""

import pytest

from annotations.pretag.stemming import Term, fold, hits, query_terms, stem


@pytest.mark.parametrize(
    "forms",
    [
        ("Verteidigungsminister", "Verteidigungsministers", "Verteidigungsministern"),
        ("Regierung", "Regierungen"),
        ("Bericht", "Berichte", "Berichtes", "Berichten"),
        ("check", "checked", "checking", "checks"),
        ("claim", "claims"),
    ],
)
def test_inflected_forms_begin_with_the_same_stem(forms):
    stems = [stem(word) for word in forms]
    shortest = min(stems, key=len)
    assert all(fold(word).startswith(shortest) for word in forms), stems


def test_folding_removes_case_and_diacritics_but_keeps_sharp_s():
    assert fold("Ärzte") == "arzte"
    assert fold("PJÖNGJANG") == "pjongjang"
    assert fold("Straße") == "straße"  # unicode61 keeps ß too


def test_short_words_are_not_cut_and_match_whole():
    assert stem("EU") == "eu" and stem("der") == "der"
    assert query_terms("EU Minister") == [Term("eu", False), Term("minist", True)]
    assert hits("Die EU und Europa", query_terms("EU")) == [(4, 6)]


def test_operators_and_signs_are_only_separators():
    terms = query_terms('NEAR("Kim" AND Un*) -x ^y kind:3')
    assert [t.text for t in terms] == ["near", "kim", "and", "un", "x", "y", "kind", "3"]
    assert query_terms('*** () ""') == []


def test_repeated_words_give_one_term():
    assert len(query_terms("Kim kim KIM")) == 1


def test_hits_are_offsets_of_whole_words():
    text = "Der Verteidigungsminister traf den Verteidigungsministerpräsidenten nicht."
    found = hits(text, query_terms("Verteidigungsministers"))
    assert [text[a:b] for a, b in found] == [
        "Verteidigungsminister",
        "Verteidigungsministerpräsidenten",
    ]
    assert hits(text, []) == []
    assert hits("foo_bar", query_terms("bar")) == [(4, 7)]  # "_" separates, as in unicode61
