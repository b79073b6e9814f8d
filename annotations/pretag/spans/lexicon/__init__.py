"""Word lists for the span detectors, kept as plain Python data so they load with the code.

Each module holds one kind of list (places, organisations, people, German function words).
The lists are deliberately compact: they cover the names that news about politics, conflict
and the economy mention most, in their German and English spellings, and nothing that would
need a trained model.
"""


def word_set(block: str) -> frozenset[str]:
    """The whitespace-separated words of ``block``: lists stay readable as plain text."""
    return frozenset(block.split())
