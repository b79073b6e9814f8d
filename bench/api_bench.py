"""REST API speed on a 2,000-sentence article, compared with Label Studio and doccano.

Starts gunicorn on 127.0.0.1 (a free port, its own var dir), on the embedded default (SQLite) or
on PostgreSQL when DATABASE_URL is set, and prints, as the median of 3 runs:
import until every sentence is listable, a full listing in pages of 100, single-page GET p50/p95
(200 requests), 1,000 sequential verdict writes and 4 concurrent writers (requests/s).

    .venv/bin/python bench/api_bench.py [--runs 3]
"""

import argparse
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
SENTENCES = 2000
PAGE = 100
PASSWORD = "bench-password-not-secret-42"
# Published figures of the tools our users know (p50 page of 100 tasks; writes per second).
THEIRS = {
    "page_p50_ms": {"Label Studio": 173.0, "doccano": 296.0},
    "writes_1": {"Label Studio": 9.5, "doccano": 63.0},
    "writes_4": {"Label Studio": 14.5, "doccano": 105.0},
}

PEOPLE = [
    "Olaf Scholz",
    "Annalena Baerbock",
    "Kim Jong Un",
    "Wladimir Putin",
    "Ursula von der Leyen",
]
PLACES = ["Berlin", "Moskau", "Pjöngjang", "Brüssel", "Kiew", "Seoul", "Hamburg"]
SOURCES = ["laut «Euronews»", "wie die Nachrichtenagentur dpa meldet", "nach Angaben der Regierung"]
TEMPLATES = [
    "{person} erklärte am {day}. {month} in {place}, die Lage habe sich verschärft.",
    "Die Zahl der Soldaten stieg {source} um {number} Prozent auf {big} Mann.",
    "«Wir stehen fest an der Seite unserer Partner», sagte {person} in {place}.",
    "Im Jahr {year} hatten beide Länder ein Abkommen über {number} Milliarden Euro geschlossen.",
    "{source} wurden in {place} bis zum {day}. {month} rund {big} Menschen evakuiert.",
    "Beobachter in {place} halten die Angaben für übertrieben.",
]
MONTHS = ["Januar", "Februar", "März", "April", "Mai", "Juni", "November", "Dezember"]


def german_news(sentences: int, seed: int) -> str:
    rng = random.Random(seed)
    paragraphs, current = [], []
    for _ in range(sentences):
        current.append(
            rng.choice(TEMPLATES).format(
                person=rng.choice(PEOPLE),
                place=rng.choice(PLACES),
                source=rng.choice(SOURCES),
                day=rng.randint(1, 28),
                month=rng.choice(MONTHS),
                number=rng.randint(2, 95),
                big=f"{rng.randint(1, 900)}.{rng.randint(100, 999)}",
                year=rng.randint(1990, 2024),
            )
        )
        if len(current) == 4:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return "\n\n".join(paragraphs)


def article_text(sentences: int, seed: int) -> str:
    """German news text that the workbench splits into exactly ``sentences`` sentences."""
    sys.path.insert(0, str(ROOT))
    from annotations.pretag.pipeline import segment_text

    text = german_news(int(sentences * 1.3), seed)
    segments = list(segment_text(text, "de"))
    if len(segments) < sentences:
        raise SystemExit(f"only {len(segments)} sentences generated")
    return text[: segments[sentences - 1].end]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True,
        capture_output=True, text=True,
    )  # fmt: skip
    return done.stdout.strip()


class Server:
    """gunicorn as `make run` runs it (WEB_CONCURRENCY, WEB_THREADS), own var dir and port."""

    def __init__(self, env: dict[str, str]) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "factcheck.wsgi:application",
             "--config", "python:factcheck.gunicorn_config",
             "--bind", f"127.0.0.1:{self.port}", "--worker-class", "gthread",
             # What `make run` starts unless told otherwise.
             "--workers", os.environ.get("WEB_CONCURRENCY", "1"),
             "--threads", os.environ.get("WEB_THREADS", "8"), "--log-level", "warning",
             "--no-control-socket"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                requests.get(f"{self.url}/healthz", timeout=10)
                return
            except (requests.ConnectionError, requests.Timeout):
                time.sleep(0.2)
        self.stop()
        raise SystemExit("gunicorn did not start")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def session_for(token: str) -> requests.Session:
    session = requests.Session()
    session.headers["Authorization"] = f"Token {token}"
    return session


def one_run(url: str, token: str, seed: int) -> dict[str, float]:
    client = session_for(token)
    text = article_text(SENTENCES, seed)
    started = time.perf_counter()
    created = client.post(
        f"{url}/api/articles/", json={"title": f"Bench {seed}", "text": text, "language": "de"}
    )
    created.raise_for_status()
    article = created.json()["id"]
    sentences_url = f"{url}/api/articles/{article}/sentences/"
    deadline = time.monotonic() + 300
    while client.get(sentences_url, params={"page_size": 1}).json()["count"] < SENTENCES:
        if time.monotonic() > deadline:
            raise SystemExit("the sentences never became listable")
        time.sleep(0.05)
    figures = {"import_s": time.perf_counter() - started}
    print(f"run {seed}: imported", file=sys.stderr)

    started = time.perf_counter()
    ids: list[int] = []
    page = 1
    while True:
        body = client.get(sentences_url, params={"page": page, "page_size": PAGE}).json()
        ids += [item["id"] for item in body["results"]]
        if not body["next"]:
            break
        page += 1
    figures["listing_s"] = time.perf_counter() - started
    assert len(ids) >= SENTENCES, len(ids)

    timings = []
    for index in range(200):
        params = {"page": 1 + index % (len(ids) // PAGE), "page_size": PAGE}
        begin = time.perf_counter()
        client.get(sentences_url, params=params).raise_for_status()
        timings.append((time.perf_counter() - begin) * 1000)
    timings.sort()
    figures["page_p50_ms"] = statistics.median(timings)
    figures["page_p95_ms"] = timings[int(len(timings) * 0.95) - 1]

    def write(session: requests.Session, sentence_id: int) -> bool:
        response = session.put(
            f"{url}/api/sentences/{sentence_id}/annotation/",
            json={
                "verdict": "disputed",
                "rationale": "Die Zahl widerspricht dem Bericht des Ministeriums.",
                "evidence": [{"url": "https://example.org/bericht", "stance": "refutes"}],
            },
            headers={"If-Match": f'"{sentence_id}-0"'},
        )
        return response.status_code == 200

    sequential, concurrent = ids[:1000], ids[1000:2000]
    started = time.perf_counter()
    failed = sum(not write(client, sentence_id) for sentence_id in sequential)
    figures["writes_1"] = len(sequential) / (time.perf_counter() - started)
    figures["writes_1_errors"] = failed

    errors = [0]
    lock = threading.Lock()

    def writer(chunk: list[int]) -> None:
        own = session_for(token)
        bad = sum(not write(own, sentence_id) for sentence_id in chunk)
        with lock:
            errors[0] += bad

    threads = [threading.Thread(target=writer, args=(concurrent[i::4],)) for i in range(4)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    figures["writes_4"] = len(concurrent) / (time.perf_counter() - started)
    figures["writes_4_errors"] = errors[0]
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory(prefix="api-bench-") as var_dir:
        env = dict(os.environ, FACTCHECK_VAR_DIR=var_dir, LOG_LEVEL="WARNING")
        database = env.get("DATABASE_URL", "") or "SQLite (embedded default)"
        manage(env, "migrate", "--noinput")
        manage(env, "add_member", "bench-editor", "--newsroom", "Bench", "--role", "editor",
               "--password", PASSWORD)  # fmt: skip
        token = manage(env, "create_token", "bench-editor").splitlines()[-1]
        server = Server(env)
        try:  # the server is stopped whatever happens
            results = [one_run(server.url, token, seed) for seed in range(runs)]
        finally:
            server.stop()
    median = {key: statistics.median(r[key] for r in results) for key in results[0]}
    print(f"database: {database.split('@')[-1]}; {SENTENCES} sentences; median of {runs} runs")
    print(f"import until all sentences are listable: {median['import_s'] * 1000:8.0f} ms")
    print(f"full listing, pages of {PAGE}:             {median['listing_s'] * 1000:8.0f} ms")
    print(f"single page GET p50 / p95:               {median['page_p50_ms']:8.1f} / "
          f"{median['page_p95_ms']:.1f} ms")  # fmt: skip
    print(f"1,000 sequential verdict writes:         {median['writes_1']:8.0f} req/s "
          f"({median['writes_1_errors']:.0f} errors)")  # fmt: skip
    print(f"4 concurrent writers:                    {median['writes_4']:8.0f} req/s "
          f"({median['writes_4_errors']:.0f} errors)")  # fmt: skip
    print("compared with:")
    for tool in ("Label Studio", "doccano"):
        page = THEIRS["page_p50_ms"][tool]
        one, four = THEIRS["writes_1"][tool], THEIRS["writes_4"][tool]
        print(
            f"  {tool:12} page p50 {page:5.0f} ms ({page / median['page_p50_ms']:5.1f}x faster "
            f"here); writes {one:5.1f} req/s ({median['writes_1'] / one:5.1f}x), "
            f"4 clients {four:5.1f} req/s ({median['writes_4'] / four:5.1f}x)"
        )


if __name__ == "__main__":
    main()
