"""A comment's text in pieces, so a template can mark its mentions and escape the rest."""

from annotations.services.comments import MENTION


def mention_parts(text: str, mentions: list[str]) -> list[tuple[str, bool]]:
    """``[(piece, is_mention), ...]`` covering ``text``; only names in ``mentions`` (the
    newsroom's members the service resolved) count, any other ``@word`` stays plain text."""
    known = set(mentions)
    parts: list[tuple[str, bool]] = []
    last = 0
    for match in MENTION.finditer(text):
        if match[1] not in known:
            continue
        if match.start() > last:
            parts.append((text[last : match.start()], False))
        parts.append((match[0], True))
        last = match.end()
    if last < len(text):
        parts.append((text[last:], False))
    return parts
