"""A service error is written in English and read in the language of whoever is answered."""

from django.utils import translation

from annotations.services.errors import InvalidInput, StaleVersion, grouped

COUNTS = "%(kept)s kept, %(changed)s to re-check, %(orphaned)s orphaned"


def test_the_message_is_translated_when_read_not_when_raised():
    error = InvalidInput("Approved.", field="state")
    with translation.override("de"):
        assert error.message == "Freigegeben."
        assert error.fields == {"state": ["Freigegeben."]}
    with translation.override("en"):
        assert error.message == "Approved."
    assert str(error) == "Approved."  # logs stay English


def test_values_are_filled_in_after_translation():
    error = InvalidInput(COUNTS, params={"kept": 3, "changed": 1, "orphaned": 0})
    with translation.override("de"):
        assert error.message == "3 übernommen, 1 neu zu prüfen, 0 verwaist"
    assert str(error) == "3 kept, 1 to re-check, 0 orphaned"


def test_a_message_without_a_translation_or_values_stays_as_written():
    error = InvalidInput("the URL has no host: 100 % sure")
    with translation.override("de"):
        assert error.message == "the URL has no host: 100 % sure"


def test_a_stale_version_keeps_what_the_caller_must_look_at():
    error = StaleVersion("Approved.", current={"version": 4})
    with translation.override("de"):
        assert error.message == "Freigegeben." and error.current == {"version": 4}
    assert error.code == "stale_version" and error.status == 412


def test_a_grouped_number_takes_the_separators_of_the_reader():
    error = InvalidInput(
        "Search with at most %(limit)s different words.", params={"limit": grouped(25000)}
    )
    with translation.override("de"):
        assert error.message == "Suchen Sie mit höchstens 25.000 verschiedenen Wörtern."
    with translation.override("en"):
        assert error.message == "Search with at most 25,000 different words."
    assert str(error) == "Search with at most 25,000 different words."


def test_an_error_raised_while_german_is_active_still_logs_in_english():
    with translation.override("de"):
        error = InvalidInput(
            "Search with at most %(limit)s different words.", params={"limit": grouped(2048)}
        )
        assert error.message == "Suchen Sie mit höchstens 2.048 verschiedenen Wörtern."
    assert str(error) == "Search with at most 2,048 different words."
