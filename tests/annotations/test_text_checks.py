"""The character check refuses exactly control characters, U+2029, bidi overrides and lone
surrogates."""

import sys
import unicodedata

import pytest

from annotations.services.errors import InvalidInput
from annotations.services.text import BIDI_CONTROLS, check_characters


def forbidden(char: str, allow_newlines: bool) -> bool:
    if allow_newlines and char in "\n\t":
        return False
    category = unicodedata.category(char)
    return category in ("Cc", "Cs") or char in BIDI_CONTROLS or char == "\u2029"


@pytest.mark.parametrize("allow_newlines", [True, False])
def test_every_code_point_is_judged_by_the_rule(allow_newlines):
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        try:
            check_characters(f"ab{char}", field="text", allow_newlines=allow_newlines)
            refused = False
        except InvalidInput:
            refused = True
        assert refused == forbidden(char, allow_newlines), f"U+{code:04X}"


def test_the_message_points_at_the_first_bad_character():
    with pytest.raises(InvalidInput) as excinfo:
        check_characters("Eins.\nZwei\u202e drei\x00.", field="text")
    assert "a bidirectional override, U+202E (RIGHT-TO-LEFT OVERRIDE), at line 2, column 5" in (
        excinfo.value.message
    )


def test_a_long_clean_text_passes():
    check_characters("Ein ganz normaler Satz über 3,5 % mehr.\n\t" * 10_000, field="text")


def test_a_lone_surrogate_is_named_as_such():
    with pytest.raises(InvalidInput) as excinfo:
        check_characters("ab\udc80", field="rationale")
    assert "a lone surrogate, U+DC80 (surrogate), at line 1, column 3" in excinfo.value.message
