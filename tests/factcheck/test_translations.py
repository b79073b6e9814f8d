"""Every string the workbench shows has its German translation.

``makemessages`` is run on a copy of the code, so the catalogue in the project is left as it is;
a string that is new, changed, or only "fuzzily" matched to an old one fails the test with its
text. Strings in templates are looked up with their percent signs doubled (Django's rule), so a
catalogue entry written for "Not saved: %s" would not be found for a template's "Not saved: %s":
this test sees what Django looks up.
"""

import gettext
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import IN_CI, ROOT

CATALOGUE = Path("locale") / "de" / "LC_MESSAGES" / "django.po"


def _gettext_tools() -> None:
    if shutil.which("xgettext") and shutil.which("msgattrib"):
        return
    message = "GNU gettext (xgettext, msgattrib) is not installed"
    pytest.fail(message) if IN_CI else pytest.skip(message)


def _msgids(po: Path, *flags: str) -> list[str]:
    listed = subprocess.run(
        ["msgattrib", *flags, "--no-wrap", "--no-location", str(po)],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    entries = [block for block in listed.split("\n\n") if "msgid " in block]
    return [
        line.removeprefix("msgid ")
        for block in entries
        for line in block.splitlines()
        if line.startswith("msgid ") and line != 'msgid ""'
    ]


def test_every_shown_string_has_a_german_translation(tmp_path):
    _gettext_tools()
    for part in ("annotations", "factcheck", "locale", "static"):
        shutil.copytree(ROOT / part, tmp_path / part, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "manage.py", tmp_path / "manage.py")
    env = dict(os.environ, FACTCHECK_VAR_DIR=str(tmp_path / "var"))
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "de", "--no-location"],
        cwd=tmp_path, env=env, capture_output=True, text=True, check=True, timeout=120,
    )  # fmt: skip
    po = tmp_path / CATALOGUE
    untranslated = _msgids(po, "--untranslated")
    fuzzy = _msgids(po, "--only-fuzzy")
    assert not untranslated, f"no German translation for: {untranslated}"
    assert not fuzzy, f"German translation only guessed (fuzzy) for: {fuzzy}"


def test_a_missing_translation_is_found(tmp_path):
    """The check itself: a catalogue with one empty translation is reported."""
    _gettext_tools()
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Kept"\nmsgstr "Behalten"\n\nmsgid "Lost"\nmsgstr ""\n',
        encoding="utf-8",
    )
    assert _msgids(po, "--untranslated") == ['"Lost"']


def test_the_compiled_catalogue_is_current(tmp_path):
    """The committed ``django.mo`` says what ``django.po`` says (run ``msgfmt`` after editing)."""
    _gettext_tools()
    fresh = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "-o", str(fresh), str(ROOT / CATALOGUE)], check=True)
    with open(ROOT / CATALOGUE.with_suffix(".mo"), "rb") as committed, open(fresh, "rb") as new:
        assert gettext.GNUTranslations(committed)._catalog == gettext.GNUTranslations(new)._catalog
