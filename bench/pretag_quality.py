"""Pre-tagger quality and speed, printed as figures.

Every figure of the pre-tagger in one run, each part also runnable alone:

* speed (``bench/pretag_speed.py``): sentences/s per stage on one core, cold model load;
* sentence boundaries (``bench/segmentation_quality.py``): P/R/F1 per Universal Dependencies set,
  sentencex beside it, on the half of each set the rules were developed on and the other half;
* check-worthiness (``bench/claims_quality.py``): cross-validated F1 on the training data, then
  CheckThat! 2024 English dev and the GermEval fold kept back;
* speakers, sources and cues (``bench/attribution_quality.py``): F1 per form on SpkAtt-2023,
  development part and the fifth kept back;
* the time from import to a finished pre-tag job for a 100-sentence article on the embedded
  default (SQLite, filesystem broker, a real worker).

The data is read from ``../shared/data`` (or ``FACTCHECK_EVAL_DATA``) when present.

    python bench/pretag_quality.py [--skip-quality] [--skip-job] [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SEED = ROOT / "seeds" / "nordkorea-russland-selbstverteidigung.txt"


def synthetic_article(sentences: int) -> str:
    """News-like German text of ``sentences`` sentences, built from the seed article."""
    from annotations.pretag.segmenter import segment

    lines = [line for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]
    out: list[str] = []
    count = 0
    round_ = 0
    while count < sentences:
        for line in lines:
            line = line.replace("29. November", f"{1 + round_ % 28}. November")
            found = len(segment(line, "de"))
            if count + found > sentences:
                continue
            out.append(line)
            count += found
            if count == sentences:
                break
        round_ += 1
    return "\n".join(out)


def speed(runs: int) -> None:
    """``bench/pretag_speed.py`` in a process of its own: it pins itself to one core."""
    print("Speed of the pre-tagger (bench/pretag_speed.py)", flush=True)
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "pretag_speed.py"), "--runs", str(runs)],
        cwd=ROOT,
        check=True,
    )


def job_latency(runs: int) -> None:
    """Import a 100-sentence article and wait for its job, on a fresh embedded install."""
    with tempfile.TemporaryDirectory() as var_dir:
        env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
        env.pop("CELERY_BROKER_URL", None)
        env["FACTCHECK_VAR_DIR"] = var_dir
        os.environ.update(env)
        os.environ.pop("DATABASE_URL", None)
        os.environ.pop("REDIS_URL", None)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
        import django

        django.setup()
        from django.core.management import call_command

        from annotations.models import Job
        from annotations.services.members import get_or_create_newsroom

        call_command("migrate", verbosity=0)
        newsroom = get_or_create_newsroom(name="Bench")
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "factcheck", "worker", "--pool", "threads",
             "--concurrency", "2", "--loglevel", "ERROR", "--without-gossip", "--without-mingle"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            from annotations.services.articles import import_article

            text = synthetic_article(100)
            import_article(newsroom=newsroom, title="warm-up", text=text, language="de")
            _wait_all_done(Job)
            timings = []
            for run in range(runs):
                started = time.perf_counter()
                article, job = import_article(
                    newsroom=newsroom, title=f"run {run}", text=text, language="de"
                )
                _wait_all_done(Job)
                timings.append(time.perf_counter() - started)
            n = article.sentences.count()
            print(
                f"\nImport to finished pre-tag job, {n} sentences, embedded default: "
                f"median {statistics.median(timings):.2f} s over {runs} runs "
                f"(min {min(timings):.2f}, max {max(timings):.2f}; target 5 s)"
            )
        finally:
            worker.terminate()
            worker.wait(timeout=30)


def _wait_all_done(job_model) -> None:
    deadline = time.monotonic() + 120
    while job_model.objects.exclude(state__in=["done", "failed"]).exists():
        if time.monotonic() > deadline:
            raise SystemExit("the pre-tag job did not finish within 120 s")
        time.sleep(0.05)


def quality() -> None:
    from bench import attribution_quality, claims_quality, segmentation_quality

    print("\nSentence boundaries (bench/segmentation_quality.py)", flush=True)
    segmentation_quality.main([])
    print("\nCheck-worthiness (bench/claims_quality.py)", flush=True)
    claims_quality.main()
    print("\nSpeakers, sources, cues (bench/attribution_quality.py)", flush=True)
    attribution_quality.main([])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--skip-quality", action="store_true")
    parser.add_argument("--skip-job", action="store_true")
    args = parser.parse_args()
    speed(args.runs)  # first, so the model's load time is measured cold
    if not args.skip_quality:
        quality()
    if not args.skip_job:
        job_latency(max(3, args.runs // 2))


if __name__ == "__main__":
    main()
