"""``train_checkworthiness --from-desk``: the desk's outcomes read, trained on and reported.

The underscore keeps Django from taking this module for a command.
"""

from pathlib import Path
from typing import Any, TextIO

from django.core.management.base import CommandError
from django.db.models import Q

from annotations.management.commands._database import require_database
from annotations.models import Newsroom
from annotations.selectors.desk_outcomes import list_desk_outcomes


def find_newsroom(value: str) -> Newsroom:
    """A newsroom by id, slug or name; CommandError naming the value otherwise."""
    query = Q(name=value) | Q(slug=value)
    if value.isdigit():
        query |= Q(pk=int(value))
    newsroom = Newsroom.objects.filter(query).order_by("pk").first()
    if newsroom is None:
        raise CommandError(f"No newsroom {value!r} (give its id, slug or name).")
    return newsroom


def run_from_desk(
    out: TextIO,
    data_dir: Path,
    weights_dir: Path,
    cache_dir: Path,
    newsroom_value: str | None,
    base_limit: int | None,
) -> dict[str, Any]:
    require_database()
    if base_limit is not None and base_limit < 50:
        raise CommandError("--base-limit needs at least 50 rows per language.")
    try:
        from annotations.pretag.desk_training import (
            DeskExample,
            DeskTrainingError,
            train_from_desk,
        )
    except ImportError as exc:  # scikit-learn is a dev dependency only
        raise CommandError(f"Training needs the dev dependencies: {exc}") from exc
    newsroom = find_newsroom(newsroom_value) if newsroom_value is not None else None
    outcomes = list_desk_outcomes(newsroom_id=newsroom.pk if newsroom else None)
    examples = [DeskExample(o.text, o.language, o.checkworthy, o.article_id) for o in outcomes]
    where = f"newsroom {newsroom.name}" if newsroom else "all newsrooms"
    positives = sum(e.checkworthy for e in examples)
    out.write(
        f"desk outcomes of {where}: {len(examples)} "
        f"({positives} verdicts, {len(examples) - positives} dismissals)"
    )
    try:
        result = train_from_desk(
            data_dir,
            examples,
            weights_dir,
            cache_dir,
            base_limit=base_limit,
            extra_metadata={"newsroom": newsroom.name if newsroom else None},
        )
    except (DeskTrainingError, FileNotFoundError) as exc:
        raise CommandError(str(exc)) from exc
    report(out, result)
    return result


def report(out: TextIO, result: dict[str, Any]) -> None:
    out.write(
        f"cross-validated F1 at the shipped threshold, before -> after ({result['seconds']} s):"
    )
    for lang, n in result["skipped"].items():
        out.write(f"  {lang}: {n} outcome(s), too few to cross-validate: left as shipped")
    for row in result["languages"]:
        b, a = row["before"], row["after"]
        out.write(
            f"  {row['language']}: public folds ({row['base_rows']} rows) "
            f"{b['base_cv_f1_mean']:.3f} ± {b['base_cv_f1_sd']:.3f} -> "
            f"{a['base_cv_f1_mean']:.3f} ± {a['base_cv_f1_sd']:.3f}; desk held out "
            f"({row['desk_rows']} rows, {row['desk_positives']} check-worthy) "
            f"{b['desk_f1']:.3f} -> {a['desk_f1']:.3f}: "
            + ("better" if row["better"] else "not better")
        )
    written = result["written"]
    if written is None:
        out.write("Not better than the shipped weights: nothing written.")
        return
    for path in written["files"]:
        out.write(f"  wrote {path}")
    out.write(
        f"New tagger version {written['tagger_version']} is in use for new tags; "
        "`manage.py retag` re-tags the existing articles."
    )
