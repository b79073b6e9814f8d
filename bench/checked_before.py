"""Every figure of "Find and recognise" in one run: claim matching and full-text search.

1. ``claim_matching_quality.py``: MAP@5 and MRR (CheckThat! 2022 2A, train CV and dev),
   cross-lingual rank-1 rates (PUD German <-> English), top-10 query latency and index memory
   at 10,000 / 100,000 / 200,000 archived claims;
2. ``claim_matching_pgvector.py``: the same 200,000 claims in the worker and in PostgreSQL with
   pgvector, when ``PGVECTOR_URL`` names a PostgreSQL that has the extension;
3. ``search_bench.py``: search latency over 100,000 sentences (SQLite unless ``DATABASE_URL``).

Each part runs alone too, with its own options.

    python bench/checked_before.py
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
if str(PROJECT_ROOT) not in sys.path:
    sys.path.insert(0, str(PROJECT_ROOT))

from bench import claim_matching_pgvector, claim_matching_quality, search_bench  # noqa: E402


def main() -> None:
    print("== claim matching: quality, cross-lingual, scale")
    claim_matching_quality.main()
    if os.environ.get("PGVECTOR_URL"):
        print("== claim matching: in the worker against pgvector")
        sys.argv = [sys.argv[0], "--skip-worker"]
        claim_matching_pgvector.main()
    print("== full-text search")
    search_bench.main(["--sentences", "100000"])


if __name__ == "__main__":
    main()
