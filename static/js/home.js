/* Home page, kept current by the desk's live feed (desk_live.js), one request per poll for the
 * whole list: pre-tag progress of each article, its counts and readiness when a colleague
 * saved, submitted, approved, requested changes or imported a new version, and a note when
 * an article was imported that the page does not list yet. */
"use strict";

(function () {
  const list = document.querySelector(".article-list");
  if (!list) return;
  const KINDS = ["verified", "disputed", "unverified", "open"];
  const rows = new Map();
  for (const row of list.querySelectorAll(".article-row")) rows.set(Number(row.dataset.article), row);
  const words = list.dataset;
  const jobs = new Map(); // article id -> "id:state" last shown
  const versions = new Map(); // article id -> version number last shown
  const announced = new Set(); // "article:version" of imports already noted
  let refresh = new Set(); // articles whose figures the next poll asks for

  for (const [id, row] of rows) {
    jobs.set(id, row.dataset.job ? row.dataset.job + ":" + row.dataset.jobState : "");
    versions.set(id, Number(row.dataset.version));
  }

  function plural(one, many, n) {
    return (n === 1 ? one : many).replace("%s", String(n));
  }

  function showCounts(row, figures) {
    const total = figures.sentences || 0;
    const counts = Object.assign({ open: figures.open }, figures.verdicts);
    let x = 0;
    for (const kind of KINDS) {
      const width = total ? (100 * counts[kind]) / total : 0;
      const rect = row.querySelector('rect[data-kind="' + kind + '"]');
      if (rect) {
        rect.setAttribute("x", x.toFixed(3));
        rect.setAttribute("width", width.toFixed(3));
        rect.dataset.count = String(counts[kind]);
      }
      const label = row.querySelector('.count[data-kind="' + kind + '"] b');
      if (label) label.textContent = String(counts[kind]);
      x += width;
    }
    const sentences = row.querySelector(".sentence-count");
    if (sentences) sentences.textContent = plural(words.sentencesOne, words.sentencesMany, total);
  }

  function showReadiness(row, figures) {
    const box = row.querySelector(".row-readiness");
    if (!box) return;
    const n = figures.blockers.length;
    box.classList.toggle("is-ready", figures.ready);
    box.classList.toggle("not-ready", !figures.ready);
    box.dataset.ready = String(figures.ready);
    box.dataset.blockers = String(n);
    box.querySelector(".readiness-mark").textContent = figures.ready ? "✓" : "✗";
    box.querySelector(".readiness-text").textContent = figures.ready
      ? words.ready
      : plural(words.notReadyOne, words.notReadyMany, n);
    const link = box.querySelector("a");
    if (figures.blockers.length) link.title = figures.blockers.join("\n");
    else link.removeAttribute("title");
  }

  function showJob(row, job) {
    const box = row.querySelector(".job-progress");
    const running = job && (job.state === "queued" || job.state === "running");
    row.dataset.job = job ? String(job.id) : "";
    row.dataset.jobState = job ? job.state : "";
    if (box) {
      box.hidden = !running;
      const value = Math.round(100 * ((job && job.progress) || 0));
      const bar = box.querySelector("progress");
      bar.value = value;
      bar.textContent = value + " %";
      box.querySelector(".job-percent").textContent = value + " %";
    }
    const failed = row.querySelector(".job-failed");
    if (job && job.state === "failed" && !failed) {
      row.querySelector(".article-progress").append(
        FC.el("p", { class: "job-failed", text: FC.t("tagging_failed", job.error || "") })
      );
    } else if (failed && !(job && job.state === "failed")) failed.remove();
  }

  function noteImport(item) {
    const key = item.article + ":" + item.version;
    if (announced.has(key) || rows.has(item.article)) return;
    announced.add(key);
    let note = document.getElementById("new-articles");
    if (!note) {
      note = FC.el("p", { id: "new-articles", class: "live-banner", role: "status" });
      list.parentNode.insertBefore(note, list);
    }
    const fresh = Array.from(announced).filter(function (k) { return k.endsWith(":1"); }).length;
    note.replaceChildren(
      plural(words.newOne, words.newMany, Math.max(fresh, 1)) + " ",
      FC.el("a", { href: window.location.pathname + window.location.search, text: words.show })
    );
    FC.announce(note.textContent);
  }

  function apply(data, feed) {
    const again = new Set();
    for (const item of data.jobs || []) {
      const row = rows.get(item.article);
      if (!row) continue;
      const key = item.job ? item.job.id + ":" + item.job.state : "";
      if (key !== jobs.get(item.article)) {
        jobs.set(item.article, key);
        showJob(row, item.job);
        again.add(item.article); // a finished or new job changes readiness, a new one counts
      }
      if (item.version !== versions.get(item.article)) {
        versions.set(item.article, item.version);
        row.dataset.version = String(item.version);
        again.add(item.article);
      }
    }
    for (const figures of data.articles || []) {
      const row = rows.get(figures.article);
      if (!row) continue;
      showCounts(row, figures);
      showReadiness(row, figures);
      refresh.delete(figures.article);
      again.delete(figures.article);
    }
    for (const item of data.imports || []) noteImport(item);
    if (again.size) {
      refresh = new Set([...refresh, ...again]);
      feed.now();
    }
  }

  FC.deskFeed({
    params: function () {
      const params = { articles: Array.from(rows.keys()).join(",") };
      if (refresh.size) params.refresh = Array.from(refresh).join(",");
      return params;
    },
    apply: apply,
  });
})();
