"""The matcher's semantic half in the worker or in PostgreSQL with pgvector, at 200,000 claims.

Both sides get the same 200,000 archived claims (the CheckThat! 2022 2A fact-checks' vectors,
repeated and moved a little, as ``claim_matching_quality.py`` grows them) and the same 100 dev
queries, already embedded (encoding a query costs the same on either side). Printed, medians of
``--runs`` runs:

* in the worker: the whole matcher's top 10 (``ClaimIndex.search``: sign-bit shortlist, 4-bit
  cosines, BM25, fusion) and its semantic half alone, p50 per query, and the RSS the index adds;
* pgvector: top 10 by cosine distance with no index (an exact scan), with an HNSW index
  (m 16, ef_construction 64; ef_search 40 and 100), p50 per query from the worker over a local
  socket, the share of the exact top 10 each keeps, the index's build time and size, and what
  the worker holds (nothing but the connection).

Needs a PostgreSQL where ``CREATE EXTENSION vector`` works: ``--database-url`` (default
``$PGVECTOR_URL``). The table ``bench_claim_vectors`` is made there and dropped at the end.

    python bench/claim_matching_pgvector.py --database-url postgresql://postgres@127.0.0.1/bench
"""

from __future__ import annotations

import argparse
import os
import statistics
import struct
import sys
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
if str(PROJECT_ROOT) not in sys.path:
    sys.path.insert(0, str(PROJECT_ROOT))
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402
import psycopg  # noqa: E402

from annotations.pretag import encoder, matching  # noqa: E402
from bench.claim_matching_quality import (  # noqa: E402
    LATENCY_QUERIES,
    Task2A,
    data_dir,
    query_vectors,
    rss,
    synthetic_texts,
    synthetic_vectors,
)

SIZE = 200_000
TABLE = "bench_claim_vectors"


def archive(folder: Path) -> tuple[list[str], np.ndarray, list[str], np.ndarray]:
    task = Task2A(folder)
    queries = [task.queries[q] for q in sorted(task.dev)][:LATENCY_QUERIES]
    query_vecs = query_vectors("latency-queries", queries)
    base = task.vectors()
    rng = np.random.default_rng(1)
    picks = rng.integers(0, len(task.claims), size=SIZE)
    texts = synthetic_texts(task, picks, rng)
    vectors = synthetic_vectors(base, picks, rng)
    return texts, vectors, queries, query_vecs


def p50_ms(timings: list[float]) -> float:
    return statistics.median(timings) * 1000


def in_worker(texts, vectors, queries, query_vecs, runs: int) -> None:
    matching.embed(["warm up"])
    before = rss()
    index = matching.ClaimIndex()
    for start in range(0, SIZE, 10_000):
        end = start + 10_000
        index.add(
            list(range(start, end)),
            texts[start:end],
            vectors=vectors[start:end],
            languages=["en"] * (end - start),
        )
    grown = (rss() - before) / 2**20
    whole, semantic = [], []
    store = index._vectors
    for _ in range(runs):
        one, two = [], []
        for text, vector in zip(queries, query_vecs, strict=True):
            started = time.perf_counter()
            index.search(text, 10, language="en", vector=vector)
            one.append(time.perf_counter() - started)
            started = time.perf_counter()
            numbers = store.nearest(vector)
            cosine = store.exact(vector, numbers)
            numbers[np.argsort(-cosine)[:10]]
            two.append(time.perf_counter() - started)
        whole.append(p50_ms(one))
        semantic.append(p50_ms(two))
    print(
        f"in the worker, {SIZE:,} claims: top-10 p50 {statistics.median(whole):.1f} ms "
        f"(whole matcher), {statistics.median(semantic):.1f} ms (semantic half alone); "
        f"index RSS +{grown:.0f} MB"
    )


def copy_binary(vectors: np.ndarray) -> bytes:
    """The rows (id, vector) in COPY's binary format (pgvector: int16 dim, int16 0, float4s)."""
    dim = vectors.shape[1]
    out = [b"PGCOPY\n\xff\r\n\x00", struct.pack("!ii", 0, 0)]
    head = struct.pack("!hi", 2, 8)
    body = vectors.astype(">f4")
    for number in range(len(vectors)):
        out.append(head + struct.pack("!q", number))
        out.append(struct.pack("!ihh", 4 + 4 * dim, dim, 0))
        out.append(body[number].tobytes())
    out.append(struct.pack("!h", -1))
    return b"".join(out)


def literal(vector: np.ndarray) -> str:
    return "[" + ",".join(f"{x:.6f}" for x in vector.tolist()) + "]"


def timed_queries(cursor, query_vecs: np.ndarray, runs: int) -> tuple[float, list[set[int]]]:
    sql = f"SELECT id FROM {TABLE} ORDER BY embedding <=> %s::vector LIMIT 10"
    found: list[set[int]] = []
    medians = []
    for run in range(runs):
        timings = []
        for vector in query_vecs:
            text = literal(vector)
            started = time.perf_counter()
            cursor.execute(sql, (text,))
            rows = cursor.fetchall()
            timings.append(time.perf_counter() - started)
            if run == 0:
                found.append({row[0] for row in rows})
        medians.append(p50_ms(timings))
    return statistics.median(medians), found


def kept(found: list[set[int]], exact: list[set[int]]) -> float:
    return float(np.mean([len(a & b) / 10 for a, b in zip(found, exact, strict=True)]))


def pgvector(url: str, vectors: np.ndarray, query_vecs: np.ndarray, runs: int) -> None:
    with psycopg.connect(url, autocommit=True) as connection, connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS vector")
        cursor.execute("SELECT extversion FROM pg_extension WHERE extname = 'vector'")
        version = cursor.fetchone()[0]
        cursor.execute("SHOW server_version")
        server = cursor.fetchone()[0]
        print(f"pgvector {version} on PostgreSQL {server}")
        cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")
        cursor.execute(f"CREATE TABLE {TABLE} (id bigint PRIMARY KEY, embedding vector(512))")
        started = time.perf_counter()
        with cursor.copy(f"COPY {TABLE} (id, embedding) FROM STDIN WITH (FORMAT BINARY)") as copy:
            copy.write(copy_binary(vectors))
        cursor.execute(f"VACUUM ANALYZE {TABLE}")
        loaded = time.perf_counter() - started
        cursor.execute(f"SELECT pg_total_relation_size('{TABLE}')")
        table_mb = cursor.fetchone()[0] / 2**20
        print(f"pgvector: {SIZE:,} rows loaded in {loaded:.1f} s, table {table_mb:.0f} MB")
        worker_before = rss()
        exact_ms, exact = timed_queries(cursor, query_vecs, max(1, runs // 2))
        print(f"pgvector, exact scan (no index): top-10 p50 {exact_ms:.1f} ms")
        cursor.execute("SET maintenance_work_mem = '700MB'")
        started = time.perf_counter()
        cursor.execute(
            f"CREATE INDEX {TABLE}_hnsw ON {TABLE} USING hnsw (embedding vector_cosine_ops) "
            "WITH (m = 16, ef_construction = 64)"
        )
        built = time.perf_counter() - started
        cursor.execute(f"SELECT pg_relation_size('{TABLE}_hnsw')")
        index_mb = cursor.fetchone()[0] / 2**20
        print(f"pgvector HNSW: built in {built:.0f} s, index {index_mb:.0f} MB")
        for ef in (40, 100):
            cursor.execute(f"SET hnsw.ef_search = {ef}")
            timed_queries(cursor, query_vecs[:10], 1)  # the index into shared buffers
            ms, found = timed_queries(cursor, query_vecs, runs)
            print(
                f"pgvector HNSW ef_search {ef}: top-10 p50 {ms:.1f} ms, "
                f"exact top 10 kept {kept(found, exact):.3f}"
            )
        worker_grown = (rss() - worker_before) / 2**20
        print(f"pgvector: the worker holds +{worker_grown:.0f} MB (the connection and results)")
        cursor.execute(f"DROP TABLE {TABLE}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("PGVECTOR_URL"))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-worker", action="store_true")
    args = parser.parse_args()
    encoder.use_cache(Path(os.environ.get("FACTCHECK_ENCODER_CACHE", PROJECT_ROOT / "var/models")))
    folder = data_dir() / "claim_matching"
    if not (folder / "ct22_2a_vclaims.jsonl").exists():
        print(f"No claim matching data under {folder.parent}; nothing to measure.")
        return
    texts, vectors, queries, query_vecs = archive(folder)
    if not args.skip_worker:
        in_worker(texts, vectors, queries, query_vecs, args.runs)
    if not args.database_url:
        print("No --database-url (or PGVECTOR_URL): pgvector not measured.")
        return
    pgvector(args.database_url, vectors, query_vecs, args.runs)


if __name__ == "__main__":
    main()
