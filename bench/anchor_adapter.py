"""The workbench on the shared annotation workload (an ``anchor_bench.Adapter``).

Loaded by the shared driver, which provides ``anchor_bench``:

    python anchor_bench.py run --adapter-file bench/anchor_adapter.py --tool workbench \\
        --base-url http://127.0.0.1:8000 --token KEY --pid web=PID --pid worker=PID

A project is one article: the N items are imported as one article of N one-sentence paragraphs
(one POST; the sentences are listable when it answers, pre-tagging follows in a Celery job), an
item's id is its sentence id, and its ``sid`` is rebuilt from the sentence's ordinal. A label is
a verdict saved with ``If-Match`` on version 0, which the ETag contract lets a client write
without reading first. Exports are the review queue's JSON and CSV for the article.
"""

import csv
import io
import json

from anchor_bench import REQ_TIMEOUT, Adapter, check


class WorkbenchAdapter(Adapter):
    name = "workbench"

    def version(self):
        return "workbench"

    def create_project(self, title, labels):
        me = check(self.s.get(self.url("/api/me/"), timeout=REQ_TIMEOUT)).json()
        rooms = [n for n in me["newsrooms"] if n["role"] in ("editor", "reviewer", "admin")]
        self.newsroom, self.title = rooms[0]["id"], title

    def import_items(self, items):
        # One paragraph per item, so each item is exactly one sentence, in order.
        text = "\n\n".join(item["text"] for item in items)
        body = {"newsroom": self.newsroom, "title": self.title, "language": "de", "text": text}
        r = check(self.s.post(self.url("/api/articles/"), json=body, timeout=600))
        created = r.json()
        self.project_id, self.job_id = created["id"], created["job"]["id"]
        return {"http_calls": 1, "server_reported": {"job": self.job_id}}

    def _sentences(self, s, page, page_size):
        r = check(
            s.get(
                self.url(f"/api/articles/{self.project_id}/sentences/"),
                params={"page": page, "page_size": page_size},
                timeout=REQ_TIMEOUT,
            )
        )
        return r.json()

    def count_items(self):
        return self._sentences(self.s, 1, 1)["count"]

    def list_page(self, s, page, page_size):
        body = self._sentences(s, page, page_size)
        return [(x["id"], f"s-{x['ordinal']:05d}") for x in body["results"]], body["count"]

    def annotate(self, s, item_id, label):
        return s.put(
            self.url(f"/api/sentences/{item_id}/annotation/"),
            json={"verdict": label, "rationale": "", "evidence": []},
            headers={"If-Match": f'"{item_id}-0"'},
            timeout=REQ_TIMEOUT,
        )

    def export(self, fmt):
        r = check(
            self.s.get(
                self.url("/api/review-queue/export/"),
                params={"format": fmt, "article": self.project_id},
                timeout=600,
            )
        )
        return r.content, {"http_calls": 1, "content_type": r.headers.get("Content-Type")}

    def count_exported(self, fmt, blob):
        if fmt == "json":
            return sum(1 for row in json.loads(blob) if row.get("verdict"))
        rows = csv.DictReader(io.StringIO(blob.decode("utf-8-sig")))
        return sum(1 for row in rows if row.get("verdict"))
