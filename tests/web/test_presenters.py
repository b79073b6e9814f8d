"""Cutting sentences at span boundaries and showing link hosts (no database)."""

from annotations.web.csp import POLICY
from annotations.web.presenters import Piece, host_forms, score_band, split_by_spans


def test_spans_with_absolute_offsets_cut_the_sentence_at_their_bounds():
    # The sentence starts at offset 100 of the article.
    pieces = split_by_spans(
        "Merz sagte 42 Mal nein.", 100, [{"start": 100, "end": 104, "kind": "person"},
                                          {"start": 111, "end": 113, "kind": "number"}]
    )  # fmt: skip
    assert pieces == [
        Piece("Merz", ("person",)),
        Piece(" sagte ", ()),
        Piece("42", ("number",)),
        Piece(" Mal nein.", ()),
    ]
    assert "".join(p.text for p in pieces) == "Merz sagte 42 Mal nein."


def test_overlapping_spans_give_pieces_with_both_kinds():
    pieces = split_by_spans(
        "«Kim kommt»", 0, [{"start": 0, "end": 11, "kind": "quote"},
                           {"start": 1, "end": 4, "kind": "person"}]
    )  # fmt: skip
    assert pieces == [
        Piece("«", ("quote",)),
        Piece("Kim", ("quote", "person")),
        Piece(" kommt»", ("quote",)),
    ]
    assert pieces[1].css == "sp-quote sp-person"


def test_spans_outside_the_sentence_are_clipped_and_bad_ones_skipped():
    pieces = split_by_spans(
        "abc def",
        10,
        [
            {"start": 5, "end": 13, "kind": "date"},
            {"start": 12, "kind": "number"},
            {"start": 12, "end": 14, "kind": "<script>"},
            {"start": "x", "end": 2, "kind": "number"},
        ],
    )
    assert pieces == [Piece("abc", ("date",)), Piece(" def", ())]


def test_sentence_without_spans_is_one_plain_piece():
    assert split_by_spans("Hallo.", 0, []) == [Piece("Hallo.", ())]


def test_score_bands():
    assert [score_band(s) for s in (0.9, 0.5, 0.45, 0.4, 0.36, None)] == [
        "high",
        "high",
        "medium",
        "medium",
        "low",
        "",
    ]


def test_internationalised_host_is_shown_in_unicode_and_punycode():
    assert host_forms("https://bücher.example/a") == ("bücher.example", "xn--bcher-kva.example")
    assert host_forms("https://xn--bcher-kva.example/") == (
        "bücher.example",
        "xn--bcher-kva.example",
    )
    assert host_forms("https://example.org/") == ("example.org", "example.org")


def test_malformed_link_has_no_host():
    assert host_forms("http://[::1") == ("", "")


def test_policy_allows_scripts_only_from_our_origin():
    assert "script-src 'self'" in POLICY
    assert "unsafe-inline" not in POLICY
    assert "object-src 'none'" in POLICY
