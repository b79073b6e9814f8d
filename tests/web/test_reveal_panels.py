"""The orphans panel, version notes, the inbox, the queue's article filter and the pages'
titles show invisible characters and look-alike letters made visible (⟨U+200B⟩, ⟨U+0430⟩),
with a warning where markup can hold one; plain texts beside them show as they are."""

import pytest

from annotations.web.reveal import reveal_text

from .reveal_cases import (
    HIDDEN_SHOWN,
    ODD,
    ODD_SHOWN,
    ODD_TITLE,
    PLAIN_EVIDENCE,
    PLAIN_RATIONALE,
    PLAIN_TITLE,
    build_reveal_desk,
)

pytestmark = pytest.mark.django_db

INVISIBLE = '<span class="invisible-char" title="U+200B ZERO WIDTH SPACE">⟨U+200B⟩</span>'
LOOKALIKE = '<span class="lookalike-char" title="U+0430 CYRILLIC SMALL LETTER A">⟨U+0430⟩</span>'


@pytest.fixture
def desk(newsroom, editor, reviewer):
    return build_reveal_desk(newsroom, editor, reviewer)


def between(html: str, start: str, end: str) -> str:
    return html.split(start, 1)[1].split(end, 1)[0]


def items(html: str, marker: str) -> list[str]:
    return html.split(marker)[1:]


def test_reveal_text_writes_the_odd_characters_out_as_plain_text():
    assert reveal_text(f"Ze\u200bitung {ODD} <b>") == f"{HIDDEN_SHOWN} {ODD_SHOWN} <b>"
    assert reveal_text(PLAIN_TITLE) == PLAIN_TITLE


def test_the_orphans_show_rationale_and_evidence_title_escaped_with_warnings(editor_client, desk):
    html = editor_client.get(f"/articles/{desk.odd.pk}/").content.decode()
    odd, plain = items(between(html, 'id="orphans"', "</section>"), 'class="orphan"')
    for shown in (f"p{LOOKALIKE}ypal", f"Ze{INVISIBLE}itung"):
        assert shown in between(odd, 'class="orphan-rationale"', "</p>")
    assert "Contains invisible characters" in odd and "Mixes alphabets within a word" in odd
    evidence = between(odd, 'class="orphan-evidence"', "</ul>")
    link, after = evidence.split("</a>", 1)
    assert LOOKALIKE in link and "data-reveal-warning" not in link
    assert "data-reveal-warning" in after  # the warning sits outside the link
    assert PLAIN_RATIONALE in plain and PLAIN_EVIDENCE in plain
    assert "data-reveal-warning" not in plain and "⟨U+" not in plain


def test_a_version_note_and_the_pages_title_are_shown_escaped(editor_client, desk):
    html = editor_client.get(f"/articles/{desk.odd.pk}/").content.decode()
    note = between(html, 'class="version-note"', "</li>")
    assert INVISIBLE in note and LOOKALIKE in note and "data-reveal-warning" in note
    assert f"<title>Bericht der {ODD_SHOWN} Bank" in html
    plain = editor_client.get(f"/articles/{desk.plain.pk}/").content.decode()
    assert f"<title>{PLAIN_TITLE}" in plain


def test_the_new_version_page_shows_the_title_escaped_with_a_warning(editor_client, desk):
    html = editor_client.get(f"/articles/{desk.odd.pk}/versions/new/").content.decode()
    assert f"p{LOOKALIKE}ypal" in html and "Mixes alphabets within a word" in html
    assert ODD_SHOWN in between(html, "<title>", "</title>")
    plain = editor_client.get(f"/articles/{desk.plain.pk}/versions/new/").content.decode()
    assert PLAIN_TITLE in plain and "data-reveal-warning" not in plain


def test_the_inbox_shows_titles_and_texts_escaped_with_warnings(editor_client, desk):
    html = editor_client.get("/inbox/").content.decode()
    rows = items(html, 'class="inbox-item')
    odd = next(row for row in rows if 'data-kind="changes_requested"' in row)
    plain = next(row for row in rows if 'data-kind="mentioned"' in row)
    where = between(odd, 'class="inbox-where', 'class="inbox-text"')
    assert f"p{LOOKALIKE}ypal" in where and "data-reveal-warning" in where
    text = between(odd, 'class="inbox-text"', "</p>")
    assert f"p{LOOKALIKE}ypal" in text and f"Ze{INVISIBLE}itung" in text
    assert "Contains invisible characters" in odd and "Mixes alphabets within a word" in odd
    assert PLAIN_TITLE in plain and '<mark class="mention">@editor</mark>' in plain
    assert "data-reveal-warning" not in plain and "⟨U+" not in plain


def test_the_queue_filter_writes_odd_characters_out_in_its_options(editor_client, desk):
    html = editor_client.get("/queue/").content.decode()
    options = between(html, 'name="article"', "</select>")
    assert f'<option value="{desk.odd.pk}">Bericht der {ODD_SHOWN} Bank</option>' in options
    assert f'<option value="{desk.plain.pk}">{PLAIN_TITLE}</option>' in options
    assert ODD_TITLE not in options
