/* Review queue, kept current by the desk's live feed (desk_live.js), one request per poll:
 * a row whose sentence a colleague saved, submitted, approved or sent back shows its new
 * verdict and review state (data-verdict, data-review-state as in the workspace), and the
 * count follows the filters; when other sentences match now, a link shows the current list. */
"use strict";

(function () {
  const table = document.getElementById("queue-table");
  const counter = document.getElementById("queue-count");
  const labelsNode = document.getElementById("queue-labels");
  if (!counter || !table) return; // nothing listed: nothing to keep current
  const labels = labelsNode ? JSON.parse(labelsNode.textContent) : { verdict: {}, review_state: {} };
  const words = table ? table.dataset : {};
  const FILTERS = ["article", "verdict", "review_state", "assignee", "checkworthy"];
  const MARKS = { verified: "✓", disputed: "✗", unverified: "?" };
  const rows = new Map();
  if (table) {
    for (const row of table.querySelectorAll("tbody tr[data-sentence]")) {
      rows.set(Number(row.dataset.sentence), row);
    }
  }
  const shownCount = Number((counter.textContent.match(/\d+/) || ["0"])[0]);

  function plural(n) {
    return ((n === 1 ? words.sentencesOne : words.sentencesMany) || "%s").replace("%s", String(n));
  }

  function showRow(row, change) {
    const verdict = change.verdict || "";
    const state = change.review_state || "";
    if (row.dataset.verdict === verdict && row.dataset.reviewState === state) return;
    row.dataset.verdict = verdict;
    row.dataset.reviewState = state;
    const verdictCell = row.querySelector(".q-verdict");
    verdictCell.replaceChildren(
      verdict
        ? FC.el("span", { class: "verdict-tag v-" + verdict, text: MARKS[verdict] + " " + (labels.verdict[verdict] || verdict) })
        : FC.el("span", { class: "muted", text: "○ " + (words.open || "open") })
    );
    const stateCell = row.querySelector(".q-state");
    stateCell.replaceChildren(
      state
        ? FC.el("span", { class: "state-pill state-" + state, text: labels.review_state[state] || state })
        : FC.el("span", { class: "muted", text: "—" })
    );
    row.classList.remove("q-changed");
    void row.offsetWidth; // restart the highlight
    row.classList.add("q-changed");
  }

  function showCount(n) {
    if (!table) return; // an empty page has no list to keep current: its count is its own
    counter.textContent = plural(n);
    let note = document.getElementById("queue-changed");
    if (n === shownCount) {
      if (note) note.hidden = true;
      return;
    }
    if (!note) {
      note = FC.el("p", { id: "queue-changed", class: "live-banner", role: "status" });
      table.parentNode.insertBefore(note, table);
    }
    note.hidden = false;
    note.replaceChildren(
      (words.changed || "%s").replace("%s", String(n)) + " ",
      FC.el("a", { href: window.location.pathname + window.location.search, text: words.show })
    );
  }

  function apply(data) {
    for (const change of data.sentences) {
      const row = rows.get(change.sentence);
      if (row) showRow(row, change);
    }
    if (typeof data.queue_count === "number") showCount(data.queue_count);
  }

  const page = new URLSearchParams(window.location.search);
  FC.deskFeed({
    params: function () {
      const params = { queue: "true" };
      for (const name of FILTERS) if (page.get(name)) params[name] = page.get(name);
      return params;
    },
    apply: apply,
  });
})();
