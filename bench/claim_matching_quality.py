"""Quality, speed and memory of claim matching ("checked before").

* CheckThat! 2022 task 2A English (tweets against 14,231 Snopes fact-checks): MAP@5 and MRR
  by 5-fold cross-validation on the train queries (the BM25 weight chosen on four folds,
  scored on the fifth), then the dev queries once with the shipped weight, which was chosen on
  all train queries. Beside it, the same fusion with float32 cosines over every claim, which
  says what the 4-bit rows and the sign-bit shortlist cost.
* Cross-lingual: each German PUD sentence against the 1,000 English ones (and the reverse),
  the share found at rank 1. No weight was tuned on these.
* Scale: archives of 10,000 / 100,000 / 200,000 claims grown incrementally in batches of
  10,000 (the fact-checks repeated with words dropped and vectors moved), the p50 of a top-10
  query with and without encoding the query (100 dev tweets), the RSS the index added, and
  how often the sign-bit shortlist kept the top 10 of a full scan.

Data from ``../shared/data/`` beside the project or ``$FACTCHECK_EVAL_DATA``. Embeddings of the
data sets are cached in the system's temporary folder (the encoder needs about a minute for
the fact-checks).

    python bench/claim_matching_quality.py
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
if str(PROJECT_ROOT) not in sys.path:
    sys.path.insert(0, str(PROJECT_ROOT))

# One BLAS thread, as the worker's encoder runs: on a shared machine more only contend.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402
import psutil  # noqa: E402

from annotations.pretag import encoder, matching  # noqa: E402
from annotations.pretag.encoder import _return_freed_memory  # noqa: E402

WEIGHT_GRID = (0.0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1.0)
FOLDS = 5
SIZES = (10_000, 100_000, 200_000)
LATENCY_QUERIES = 100


def data_dir() -> Path:
    env = os.environ.get("FACTCHECK_EVAL_DATA")
    return Path(env) if env else PROJECT_ROOT.parent / "shared" / "data"


def cached(name: str, texts: Sequence[str], compute: Callable[[], np.ndarray]) -> np.ndarray:
    """``compute()``, saved under the temporary folder by a digest of the texts."""
    digest = hashlib.sha256("\x00".join(texts).encode("utf-8")).hexdigest()[:16]
    folder = Path(tempfile.gettempdir()) / "claim-matching-bench"
    folder.mkdir(exist_ok=True)
    path = folder / f"{name}-{digest}.npy"
    if path.exists():
        return np.load(path)
    value = compute()
    np.save(path, value)
    return value


class Task2A:
    """The fact-checks, the queries and both sets of relevance judgements."""

    def __init__(self, folder: Path) -> None:
        lines = (folder / "ct22_2a_vclaims.jsonl").read_text(encoding="utf-8").splitlines()
        self.claims = [json.loads(line) for line in lines if line.strip()]
        self.ids = [claim["vclaim_id"] for claim in self.claims]
        self.queries: dict[str, str] = {}
        for line in (folder / "ct22_2a_train_dev_queries.tsv").read_text("utf-8").splitlines():
            query_id, _, text = line.partition("\t")
            self.queries[query_id] = text
        self.train = self._qrels(folder / "ct22_2a_train_qrels.tsv")
        self.dev = self._qrels(folder / "ct22_2a_dev_qrels.tsv")

    @staticmethod
    def _qrels(path: Path) -> dict[str, set[str]]:
        gold: dict[str, set[str]] = {}
        for line in path.read_text(encoding="utf-8").splitlines():
            query_id, _, claim_id, relevant = line.split("\t")
            if relevant.strip() != "0":
                gold.setdefault(query_id, set()).add(claim_id)
        return gold

    def vectors(self) -> np.ndarray:
        texts = [claim["vclaim"] for claim in self.claims]
        titles = [claim.get("title") or "" for claim in self.claims]
        subtitles = [claim.get("subtitle") or "" for claim in self.claims]
        return cached(
            "vclaims",
            texts + titles + subtitles,
            lambda: matching.claim_vectors(texts, titles, subtitles),
        )

    def index(self) -> matching.ClaimIndex:
        index = matching.ClaimIndex()
        index.add(
            self.ids,
            [claim["vclaim"] for claim in self.claims],
            titles=[claim.get("title") or "" for claim in self.claims],
            subtitles=[claim.get("subtitle") or "" for claim in self.claims],
            vectors=self.vectors(),
        )
        return index


def query_vectors(name: str, texts: Sequence[str]) -> np.ndarray:
    cleaned = [matching.query_text(text) for text in texts]
    return cached(name, cleaned, lambda: matching.embed(cleaned))


def average_precision(ranked: Sequence[str], gold: set[str], k: int = 5) -> float:
    hits, total = 0, 0.0
    for rank, key in enumerate(ranked[:k], start=1):
        if key in gold:
            hits += 1
            total += hits / rank
    return total / min(len(gold), k)


def reciprocal_rank(ranked: Sequence[str], gold: set[str]) -> float:
    for rank, key in enumerate(ranked, start=1):
        if key in gold:
            return 1.0 / rank
    return 0.0


def evaluate(
    index: matching.ClaimIndex, found: list[matching.Candidates], gold: list[set[str]]
) -> tuple[float, float]:
    """MAP@5 and MRR (over the candidates' top 100) at the index's current weight."""
    ranked = [[m.key for m in index.fuse(f, 100)] for f in found]
    return (
        float(np.mean([average_precision(r, g) for r, g in zip(ranked, gold, strict=True)])),
        float(np.mean([reciprocal_rank(r, g) for r, g in zip(ranked, gold, strict=True)])),
    )


def best_weight(
    index: matching.ClaimIndex, found: list[matching.Candidates], gold: list[set[str]]
) -> float:
    scores = []
    for weight in WEIGHT_GRID:
        index.same_language_weight = weight
        scores.append(evaluate(index, found, gold)[0])
    return WEIGHT_GRID[int(np.argmax(scores))]


def task2a(folder: Path) -> None:
    task = Task2A(folder)
    index = task.index()
    ids = list(task.queries)
    vectors = dict(zip(ids, query_vectors("queries", [task.queries[i] for i in ids]), strict=True))

    def candidates(gold: dict[str, set[str]]) -> tuple[list[matching.Candidates], list[set[str]]]:
        keys = sorted(gold)
        found = [index.candidates(task.queries[q], vectors[q], "en") for q in keys]
        return found, [gold[q] for q in keys]

    train_found, train_gold = candidates(task.train)
    folds = np.random.default_rng(0).permutation(len(train_found)) % FOLDS
    cv_map, cv_mrr, chosen = [], [], []
    for fold in range(FOLDS):
        fit = [i for i in range(len(folds)) if folds[i] != fold]
        held = [i for i in range(len(folds)) if folds[i] == fold]
        weight = best_weight(index, [train_found[i] for i in fit], [train_gold[i] for i in fit])
        index.same_language_weight = weight
        ap, rr = evaluate(index, [train_found[i] for i in held], [train_gold[i] for i in held])
        cv_map.append(ap)
        cv_mrr.append(rr)
        chosen.append(weight)
    all_train = best_weight(index, train_found, train_gold)
    print(
        f"task 2A train, {FOLDS}-fold CV: MAP@5 {np.mean(cv_map):.4f} ± {np.std(cv_map):.4f}, "
        f"MRR {np.mean(cv_mrr):.4f}; weights chosen per fold {chosen}"
    )
    print(
        f"  BM25 weight chosen on all train: {all_train} "
        f"(shipped SAME_LANGUAGE_WEIGHT = {matching.SAME_LANGUAGE_WEIGHT})"
    )

    index.same_language_weight = matching.SAME_LANGUAGE_WEIGHT
    dev_found, dev_gold = candidates(task.dev)
    ap, rr = evaluate(index, dev_found, dev_gold)
    print(f"task 2A dev ({len(dev_gold)} queries), shipped weight: MAP@5 {ap:.4f}, MRR {rr:.4f}")
    # The same fusion from float32 cosines over all claims: the cost of 4-bit rows + shortlist.
    exact = task.vectors()
    keys = sorted(task.dev)
    aps = []
    for query_id, found in zip(keys, dev_found, strict=True):
        cosine = exact @ vectors[query_id]
        lexical = np.zeros(len(task.ids), dtype=np.float32)
        lexical[found.numbers] = found.lexical  # BM25 outside the candidates adds little
        score = cosine + matching.SAME_LANGUAGE_WEIGHT * lexical
        top = np.argsort(-score, kind="stable")[:5]
        aps.append(average_precision([task.ids[i] for i in top], task.dev[query_id]))
    print(f"  same fusion, float32 cosine over every claim: MAP@5 {np.mean(aps):.4f}")


def pud_sentences(path: Path) -> list[str]:
    prefix = "# text = "
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line[len(prefix) :].strip() for line in lines if line.startswith(prefix)]


def cross_lingual(folder: Path) -> None:
    german = pud_sentences(folder / "de_pud-ud-test.conllu")
    english = pud_sentences(folder / "en_pud-ud-test.conllu")
    vectors = {
        "de": cached("pud-de", german, lambda: matching.embed(german)),
        "en": cached("pud-en", english, lambda: matching.embed(english)),
    }
    texts = {"de": german, "en": english}
    for source, target in (("de", "en"), ("en", "de")):
        index = matching.ClaimIndex()
        index.add(
            list(range(len(texts[target]))),
            texts[target],
            languages=[target] * len(texts[target]),
            vectors=vectors[target],
        )
        hits = sum(
            index.search(text, 1, language=source, vector=vectors[source][i])[0].key == i
            for i, text in enumerate(texts[source])
        )
        print(
            f"cross-lingual PUD {source}->{target}: rank 1 {hits / len(texts[source]):.3f} "
            f"({hits}/{len(texts[source])})"
        )


def synthetic_texts(task: Task2A, picks: np.ndarray, rng: np.random.Generator) -> list[str]:
    """A fact-check's claim, title and subtitle with a third of the words dropped, plus a
    number of its own (archives are full of words that occur once)."""
    texts = []
    for number, pick in enumerate(picks.tolist()):
        claim = task.claims[pick]
        words = " ".join([claim["vclaim"], claim.get("title") or "", claim.get("subtitle") or ""])
        kept = [w for w in words.split() if rng.random() > 0.33]
        texts.append(" ".join(kept) + f" {number}")
    return texts


def synthetic_vectors(base: np.ndarray, picks: np.ndarray, rng: np.random.Generator):
    """Each picked fact-check's vector moved a little (cosine about 0.9 to the original)."""
    noise = rng.standard_normal((len(picks), base.shape[1])).astype(np.float32) * 0.02
    vectors = base[picks] + noise
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors


def rss() -> int:
    gc.collect()
    _return_freed_memory()
    return psutil.Process().memory_info().rss


def scale(folder: Path) -> None:
    task = Task2A(folder)
    queries = [task.queries[q] for q in sorted(task.dev)][:LATENCY_QUERIES]
    query_vecs = query_vectors("latency-queries", queries)
    base = task.vectors()
    rng = np.random.default_rng(1)
    picks = rng.integers(0, len(task.claims), size=SIZES[-1])
    # The texts are made before the baseline: the index keeps none of them, but the small
    # objects they free would stay in Python's arenas and count as the index's memory.
    texts = synthetic_texts(task, picks, rng)
    matching.embed(["warm up"])  # the encoder is loaded before the baseline
    index = matching.ClaimIndex()
    before = rss()
    for size in SIZES:
        while len(index) < size:
            start = len(index)
            end = min(start + 10_000, size)
            index.add(
                list(range(start, end)),
                texts[start:end],
                vectors=synthetic_vectors(base, picks[start:end], rng),
                languages=["en"] * (end - start),
            )
        grown = (rss() - before) / 2**20
        with_encoding, without = [], []
        for text, vector in zip(queries, query_vecs, strict=True):
            started = time.perf_counter()
            index.search(text, 10, language="en")
            with_encoding.append(time.perf_counter() - started)
            started = time.perf_counter()
            index.search(text, 10, language="en", vector=vector)
            without.append(time.perf_counter() - started)
        kept = shortlist_recall(index, query_vecs[:30])
        print(
            f"scale {size:>7,} claims: top-10 p50 {statistics.median(with_encoding) * 1000:.1f} ms "
            f"(without encoding the query {statistics.median(without) * 1000:.1f} ms), "
            f"index RSS +{grown:.0f} MB, exact top 10 kept by the shortlist {kept:.3f}"
        )


def shortlist_recall(index: matching.ClaimIndex, query_vecs: np.ndarray) -> float:
    """Share of the top 10 by a full scan of the 4-bit rows that the sign-bit shortlist keeps."""
    store = index._vectors
    everything = np.arange(len(store))
    kept = []
    for vector in query_vecs:
        exact = store.exact(vector, everything)
        top = set(np.argpartition(-exact, 10)[:10].tolist())
        kept.append(len(top & set(store.nearest(vector).tolist())) / 10)
    return float(np.mean(kept))


def main() -> None:
    default = PROJECT_ROOT / "var" / "models"  # where the settings put it unless told otherwise
    encoder.use_cache(Path(os.environ.get("FACTCHECK_ENCODER_CACHE", default)))
    data = data_dir()
    claims, pud = data / "claim_matching", data / "segmentation"
    if not (claims / "ct22_2a_vclaims.jsonl").exists():
        print(f"No claim matching data under {data}; nothing to measure.")
        return
    task2a(claims)
    if (pud / "de_pud-ud-test.conllu").exists():
        cross_lingual(pud)
    scale(claims)


if __name__ == "__main__":
    main()
