"""Load on a running workbench: concurrent clients reading sentences and saving verdicts.

    .venv/bin/python bench/load.py --base-url http://127.0.0.1:8000 [--clients 20] [--seconds 60]

Set-up (not timed): a token for the demo editor (password from ``<var dir>/demo-credentials.json``
or ``--username``/``--password``), then one article of ``--sentences`` sentences imported through
the API. Each client owns its share of the sentences (so a 412 would be a real error, not
contention) and loops until the time is up: read a page of 100 sentences, read one annotation,
save its verdict with ``If-Match``. Printed per run and as the median of ``--runs`` runs: requests
per second, p50/p95/p99 latency per kind of request, and errors (anything but a 200).

Bounded in time (``--seconds``, 30 s per request) and count (``--max-requests`` per client);
talks to loopback only unless told otherwise. Needs ``requests``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import threading
import time
from pathlib import Path

import requests

KINDS = ("page", "read", "save")
VERDICTS = ("verified", "disputed", "unverified")
TIMEOUT = 30
ROOT = Path(__file__).resolve().parent.parent


def percentile(values: list[float], p: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    low, high = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


def session(token: str) -> requests.Session:
    s = requests.Session()
    s.headers.update({"Authorization": f"Token {token}", "Accept": "application/json"})
    return s


def demo_password(username: str) -> str:
    var = Path(os.environ.get("FACTCHECK_VAR_DIR") or ROOT / "var" / "production")
    return json.loads((var / "demo-credentials.json").read_text())[username]["password"]


def get_token(base: str, username: str, password: str) -> str:
    r = requests.post(
        f"{base}/api/auth/token/", json={"username": username, "password": password}, timeout=30
    )
    r.raise_for_status()
    return r.json()["token"]


def article_text(sentences: int) -> str:
    rnd = random.Random(2024)
    subjects = ["Der Bundestag", "Die Bundesregierung", "Das Statistische Bundesamt"]
    objects = ["einen Anstieg um 3,2 Prozent", "Fördermittel von 4,5 Milliarden Euro"]
    return "\n\n".join(
        f"{rnd.choice(subjects)} meldete am Dienstag {rnd.choice(objects)} (Meldung {n + 1})."
        for n in range(sentences)
    )


def set_up(base: str, token: str, sentences: int) -> tuple[int, list[int]]:
    """Import one article; return its id and its sentence ids."""
    s = session(token)
    body = {"title": "Load test", "language": "de", "text": article_text(sentences)}
    r = s.post(f"{base}/api/articles/", json=body, timeout=120)
    r.raise_for_status()
    article, job = r.json()["id"], r.json()["job"]["id"]
    # Pre-tagging runs on the same machine; let it finish so it does not skew the figures.
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        state = s.get(f"{base}/api/jobs/{job}/", timeout=TIMEOUT).json()["state"]
        if state in ("done", "failed"):
            break
        time.sleep(0.5)
    ids: list[int] = []
    page = 1
    while True:
        r = s.get(
            f"{base}/api/articles/{article}/sentences/",
            params={"page": page, "page_size": 500},
            timeout=TIMEOUT,
        )
        r.raise_for_status()
        body = r.json()
        ids += [x["id"] for x in body["results"]]
        if not body.get("next"):
            return article, ids
        page += 1


class Client(threading.Thread):
    def __init__(self, number, base, token, article, mine, pages, deadline, max_requests):
        super().__init__(daemon=True)
        self.number, self.base, self.article = number, base, article
        self.mine, self.pages, self.deadline = mine, pages, deadline
        self.max_requests = max_requests
        self.s = session(token)
        self.versions = dict.fromkeys(mine, 0)
        self.latency: dict[str, list[float]] = {kind: [] for kind in KINDS}
        self.errors: list[str] = []
        self.rnd = random.Random(number)

    def call(self, kind: str, method: str, path: str, **kwargs) -> requests.Response | None:
        started = time.perf_counter()
        try:
            r = self.s.request(method, self.base + path, timeout=TIMEOUT, **kwargs)
        except requests.RequestException as exc:
            self.errors.append(f"{kind}: {type(exc).__name__}")
            return None
        self.latency[kind].append(time.perf_counter() - started)
        if r.status_code != 200:
            self.errors.append(f"{kind}: {r.status_code} {r.text[:120]}")
            return None
        return r

    def run(self) -> None:
        done = 0
        while time.monotonic() < self.deadline and done < self.max_requests:
            page = self.rnd.randint(1, self.pages)
            self.call("page", "GET", f"/api/articles/{self.article}/sentences/?page={page}")
            sentence = self.rnd.choice(self.mine)
            self.call("read", "GET", f"/api/sentences/{sentence}/annotation/")
            version = self.versions[sentence]
            body = {
                "verdict": VERDICTS[(version + self.number) % 3],
                "rationale": f"load client {self.number}, save {version + 1}",
                "evidence": [],
            }
            r = self.call(
                "save",
                "PUT",
                f"/api/sentences/{sentence}/annotation/",
                json=body,
                headers={"If-Match": f'"{sentence}-{version}"'},
            )
            if r is not None:
                self.versions[sentence] = r.json()["version"]
            done += 3


def one_run(args: argparse.Namespace, token: str) -> dict:
    article, ids = set_up(args.base_url, token, args.sentences)
    pages = max(1, (len(ids) + 99) // 100)
    deadline = time.monotonic() + args.seconds
    clients = [
        Client(n, args.base_url, token, article, ids[n :: args.clients], pages, deadline,
               args.max_requests)
        for n in range(args.clients)
    ]  # fmt: skip
    started = time.perf_counter()
    for c in clients:
        c.start()
    for c in clients:
        c.join(args.seconds + TIMEOUT + 5)
    wall = time.perf_counter() - started
    result: dict = {"clients": args.clients, "seconds": round(wall, 1), "sentences": len(ids)}
    total = 0
    for kind in KINDS:
        lat = [x * 1000 for c in clients for x in c.latency[kind]]
        total += len(lat)
        result[kind] = {
            "n": len(lat),
            **{f"p{p}_ms": round(percentile(lat, p) or 0, 1) for p in (50, 95, 99)},
        }
    errors = [e for c in clients for e in c.errors]
    result.update(requests=total, rps=round(total / wall, 1), errors=len(errors))
    result["saves_per_s"] = round(result["save"]["n"] / wall, 1)
    result["first_errors"] = errors[:3]
    return result


def median_of(runs: list[dict]) -> dict:
    def med(get):
        return round(statistics.median(get(r) for r in runs), 1)

    out = {
        "runs": len(runs),
        "rps": med(lambda r: r["rps"]),
        "errors": sum(r["errors"] for r in runs),
    }
    out["saves_per_s"] = med(lambda r: r["saves_per_s"])
    for kind in KINDS:
        out[kind] = {
            k: med(lambda r, kind=kind, k=k: r[kind][k]) for k in ("p50_ms", "p95_ms", "p99_ms")
        }
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--username", default="editor")
    parser.add_argument("--password", help="default: the demo editor's, from the var dir")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--sentences", type=int, default=2000)
    parser.add_argument("--max-requests", type=int, default=100_000, help="per client")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    args.base_url = args.base_url.rstrip("/")
    token = get_token(args.base_url, args.username, args.password or demo_password(args.username))
    runs = []
    for number in range(1, args.runs + 1):
        result = one_run(args, token)
        print(json.dumps({"run": number, **result}), flush=True)
        runs.append(result)
    summary = median_of(runs)
    print(json.dumps({"median": summary}))
    print(
        f"{args.clients} clients x {args.seconds:.0f} s, median of {len(runs)}: "
        f"{summary['rps']} req/s ({summary['saves_per_s']} saves/s), errors {summary['errors']}; "
        + "; ".join(
            f"{kind} p50/p95/p99 {v['p50_ms']}/{v['p95_ms']}/{v['p99_ms']} ms"
            for kind, v in ((k, summary[k]) for k in KINDS)
        )
    )


if __name__ == "__main__":
    main()
