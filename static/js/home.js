/* Home page: live pre-tag progress for articles whose job is still running, then fresh counts. */
"use strict";

(function () {
  const POLL_MS = 1000;
  const KINDS = ["verified", "disputed", "unverified", "open"];

  function updateBar(row, status) {
    const total = status.sentences || 0;
    const counts = {
      verified: status.verdicts.verified,
      disputed: status.verdicts.disputed,
      unverified: status.verdicts.unverified,
      open: status.open,
    };
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
  }

  async function refreshStatus(row) {
    const answer = await FC.api("GET", "/api/articles/" + row.dataset.article + "/status/");
    if (answer.ok && answer.data) updateBar(row, answer.data);
  }

  async function follow(row) {
    const box = row.querySelector(".job-progress");
    const bar = box && box.querySelector("progress");
    const percent = box && box.querySelector(".job-percent");
    const answer = await FC.api("GET", "/api/jobs/" + row.dataset.job + "/");
    if (!answer.ok || !answer.data) {
      window.setTimeout(function () { follow(row); }, POLL_MS * 3);
      return;
    }
    const job = answer.data;
    const value = Math.round(100 * (job.progress || 0));
    if (bar) {
      bar.value = value;
      bar.textContent = value + " %";
    }
    if (percent) percent.textContent = value + " %";
    row.dataset.jobState = job.state;
    if (job.state === "done" || job.state === "failed") {
      if (box) box.hidden = true;
      if (job.state === "failed") {
        row.querySelector(".article-progress").append(
          FC.el("p", { class: "job-failed", text: FC.t("tagging_failed", job.error || "") })
        );
      }
      refreshStatus(row);
      return;
    }
    window.setTimeout(function () { follow(row); }, POLL_MS);
  }

  for (const row of document.querySelectorAll(".article-row")) {
    const state = row.dataset.jobState;
    if (row.dataset.job && (state === "queued" || state === "running")) follow(row);
  }
})();
