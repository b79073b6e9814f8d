"""The README's side-by-side table from a results folder of ``bench/side_by_side.py`` and the
shared bench's ``run_labelstudio.sh`` / ``run_doccano.sh``.

Reads ``labelstudio.jsonl``, ``doccano.jsonl``, ``workbench-embedded.jsonl`` and (when there)
``workbench-production.jsonl``; prints medians of the runs (min–max) and each step's ratio to
the faster of the two peers, against the issue's targets.

    python bench/side_by_side_table.py bench/results/2026-12-03
"""

import argparse
import json
import statistics
from pathlib import Path

PEERS = ("labelstudio", "doccano")
WORKBENCH = ("workbench-embedded", "workbench-production")
# metric, label, unit, higher is better, target ratio
STEPS = (
    ("import_s", "import 2,000 → listable", "s", False, 5),
    ("list_all_s", "list all 2,000", "s", False, 20),
    ("page_get_p50_ms", "100-item page, p50", "ms", False, 20),
    ("annot_seq_rps", "annotate, 1 client", "req/s", True, 3),
    ("annot_conc_rps", "annotate, 4 clients", "req/s", True, 3),
    ("export_json_s", "export JSON", "s", False, 10),
    ("export_csv_s", "export CSV", "s", False, 10),
    ("rss_peak_total_mb", "memory, RSS peak (sum of processes)", "MB", False, 1),
    ("pss_peak_total_mb", "memory, PSS peak", "MB", False, None),
    ("server_cpu_s", "server CPU, whole workload", "s", False, None),
)
ERRORS = ("annot_seq_errors", "annot_conc_errors")


def load(folder: Path, name: str) -> list[dict]:
    path = folder / f"{name}.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def median(runs: list[dict], key: str) -> float | None:
    values = [run[key] for run in runs if run.get(key) is not None]
    return statistics.median(values) if values else None


def spread(runs: list[dict], key: str) -> str:
    values = [run[key] for run in runs if run.get(key) is not None]
    return f"{min(values):g}–{max(values):g}" if len(values) > 1 else ""


def ratio(ours: float, peer: float, higher_is_better: bool) -> float:
    return ours / peer if higher_is_better else peer / ours


def compare(
    ours: float | None, peers: list[float], key: str, higher: bool, target: int | None
) -> str:
    if not peers or not ours:
        return ""
    if key.startswith(("rss", "pss")):
        below = (1 - ours / min(peers)) * 100
        return f"{abs(below):.0f} % {'below' if below >= 0 else 'above'} the smaller peer"
    best = max(peers) if higher else min(peers)
    return f"{ratio(ours, best, higher):.1f}×" + (f" (target {target}×)" if target else "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    args = parser.parse_args()
    runs = {name: load(args.folder, name) for name in (*PEERS, *WORKBENCH)}
    columns = [name for name in (*PEERS, *WORKBENCH) if runs[name]]
    ours_columns = [name for name in WORKBENCH if runs[name]]
    print(
        "| step | "
        + " | ".join(f"{c} (n={len(runs[c])})" for c in columns)
        + " | "
        + " | ".join(f"{c[len('workbench-') :]} to the faster peer" for c in ours_columns)
        + " |"
    )
    print("|---" * (len(columns) + len(ours_columns) + 1) + "|")
    for key, label, unit, higher, target in STEPS:
        cells, medians = [], {}
        for name in columns:
            value = median(runs[name], key)
            medians[name] = value
            span = spread(runs[name], key)
            cells.append(
                "–" if value is None else f"{value:g} {unit}" + (f" ({span})" if span else "")
            )
        peers = [medians[p] for p in PEERS if medians.get(p) is not None]
        notes = [compare(medians.get(name), peers, key, higher, target) for name in ours_columns]
        print(f"| {label} | " + " | ".join(cells) + " | " + " | ".join(notes) + " |")
    errors = {name: sum(run.get(k) or 0 for run in runs[name] for k in ERRORS) for name in columns}
    print("\nerrors in the write phases: " + ", ".join(f"{n} {e}" for n, e in errors.items()))
    page = median(runs["labelstudio"], "page_get_p50_ms") if runs["labelstudio"] else None
    if page:
        print(f"machine speed reference (Label Studio's page p50): {page:g} ms")


if __name__ == "__main__":
    main()
