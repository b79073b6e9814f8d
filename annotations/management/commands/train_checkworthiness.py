"""``manage.py train_checkworthiness [--data DIR] [--out DIR] [--embedding-cache DIR]``,
``manage.py train_checkworthiness --from-desk [--newsroom NAME|ID] [--base-limit N]``.

Re-creates the check-worthiness weights from the public claim data (by default
``../shared/data/claims`` beside the project folder): writes ``<model name>.npz``/``.json`` and
prints the cross-validated figures, then those of the two sets nothing was tuned on. Needs the
dev dependencies (scikit-learn); the web app itself only reads the weight files. Embedding the
~35,000 training texts takes a minute or two; ``--embedding-cache`` keeps them for the next run.

``--from-desk`` adds the desk's verdicts (check-worthy) and dismissals (not) to that data, prints
cross-validated F1 before and after, and writes a new tagger version to ``FACTCHECK_WEIGHTS_DIR``
only when it is better (``annotations/pretag/desk_training.py``); the shipped weights stay.
"""

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from annotations.pretag.checkworthiness import WEIGHTS_DIR


def default_data_dir() -> Path:
    """``shared/data/claims`` next to the project folder (the parent of the repository)."""
    return Path(settings.BASE_DIR).resolve().parent / "shared" / "data" / "claims"


class Command(BaseCommand):
    help = "Train the check-worthiness weights from the claim data sets and print the figures."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--data",
            type=Path,
            default=None,
            help="Folder with the CT24 and GermEval files "
            "(default: ../shared/data/claims beside the project).",
        )
        parser.add_argument(
            "--embedding-cache",
            type=Path,
            default=None,
            help="Folder to keep the training texts' embeddings in between runs (default: none).",
        )
        parser.add_argument(
            "--out",
            type=Path,
            default=WEIGHTS_DIR,
            help="Where the weight files go (default: the shipped weights; with --from-desk: "
            "FACTCHECK_WEIGHTS_DIR).",
        )
        parser.add_argument(
            "--from-desk",
            action="store_true",
            help="Add the desk's outcomes (verdicts, dismissals) and write a new tagger version "
            "if that is better.",
        )
        parser.add_argument(
            "--newsroom",
            default=None,
            help="With --from-desk: only this newsroom's outcomes (name, slug or id).",
        )
        parser.add_argument(
            "--base-limit",
            type=int,
            default=None,
            help="With --from-desk: at most N public rows per language, evenly spread.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        data_dir: Path = options["data"] or default_data_dir()
        if not data_dir.is_dir():
            raise CommandError(
                f"Claim data not found at {data_dir}. Pass --data DIR pointing at the folder with "
                "CT24_checkworthy_english_train.tsv, _dev.tsv, germeval21_train.csv and the "
                "ct25_subjectivity_*_de.tsv files."
            )
        if options["from_desk"]:
            self._from_desk(data_dir, options)
            return
        try:
            from annotations.pretag.training import train
        except ImportError as exc:  # scikit-learn is a dev dependency only
            raise CommandError(f"Training needs the dev dependencies: {exc}") from exc
        try:
            result = train(data_dir, options["out"], options["embedding_cache"])
        except FileNotFoundError as exc:
            raise CommandError(str(exc)) from exc
        self._report(result)

    def _from_desk(self, data_dir: Path, options: dict[str, Any]) -> None:
        from annotations.management.commands._desk_training import run_from_desk

        out = options["out"] if options["out"] != WEIGHTS_DIR else settings.FACTCHECK_WEIGHTS_DIR
        cache = options["embedding_cache"] or Path(settings.VAR_DIR) / "training-cache"
        run_from_desk(
            self.stdout,  # type: ignore[arg-type]  # an OutputWrapper writes like a TextIO
            data_dir,
            out,
            cache,
            options["newsroom"],
            options["base_limit"],
        )

    def _report(self, result: dict[str, Any]) -> None:
        self.stdout.write(f"{result['version']} trained in {result['seconds']} s")
        self.stdout.write("  cross-validation on the training data (grouped folds):")
        for lang, cv in result["cross_validation"].items():
            self.stdout.write(
                f"  {lang}: threshold {cv['threshold']:.2f}, F1 {cv['cv_f1_mean']:.3f} "
                f"± {cv['cv_f1_sd']:.3f}, ROC-AUC {cv['roc_auc']:.3f}, Brier {cv['brier']:.3f}"
            )
        self.stdout.write("  sets never tuned on:")
        self.stdout.write(f"  {'set':30} {'n':>5} {'P':>6} {'R':>6} {'F1':>6} {'AUC':>6}")
        for row in result["measured"]:
            self.stdout.write(
                f"  {row['name']:30} {row['n']:>5} {row['precision']:>6.3f} "
                f"{row['recall']:>6.3f} {row['f1']:>6.3f} {row['roc_auc']:>6.3f}"
            )
        for path in result["files"]:
            self.stdout.write(f"  wrote {path}")
