/* Evidence link state in the workspace: a badge row under each saved evidence item (link ok,
 * moved, dead, changed since cited, snapshot kept, excerpt and attribution found on the page),
 * the filled-in title and date, and a re-check button. Items whose check is still running are
 * asked again until it ends. workspace.js marks saved items with data-evidence-id. */
"use strict";

(function () {
  const list = document.getElementById("evidence-list");
  const box = document.getElementById("evidence-link-strings");
  if (!list || !box) return;
  const config = JSON.parse(document.getElementById("workspace-config").textContent);
  const canEdit = !config.readonly && ["editor", "reviewer", "admin"].includes(config.role);
  const DEAD = ["not_found", "gone", "error", "timeout", "too_large"];
  const PENDING = ["checking", "unchecked"];
  const el = FC.el;
  const watched = new WeakMap(); // row -> {id, timer, tries}

  function t(key, arg) {
    const text = box.dataset[key.replace(/-([a-z_])/g, function (_m, c) { return c.toUpperCase(); })] || key;
    return arg === undefined ? text : text.replace("{x}", String(arg));
  }

  function day(value) {
    return FC.formatDate(value);
  }

  function badge(kind, text, title) {
    return el("span", { class: "link-badge lb-" + kind, title: title || null, text: text });
  }

  function statusBadge(link) {
    const status = link.status;
    if (PENDING.includes(status)) return badge("pending", t(status === "checking" ? "checking" : "unchecked"));
    if (status === "ok") return badge("ok", t("ok"));
    if (status === "redirected") return badge("moved", t("redirected"), t("moved-to", link.final_url || ""));
    if (DEAD.includes(status)) return badge("dead", t(status));
    return badge("refused", t(status));
  }

  function matchBadge(prefix, state, passage) {
    if (!state) return null;
    const kind = state === "not_found" ? "missing" : "found";
    return badge(kind, t(prefix + "-" + state), passage ? t("passage") + " " + passage : null);
  }

  function render(row, item) {
    const link = item.link;
    let strip = row.querySelector(".link-state");
    if (!strip) {
      strip = el("div", { class: "link-state", role: "group", "aria-label": t("label") });
      row.querySelector(".evidence-head").after(strip);
    }
    const parts = [statusBadge(link)];
    if (link.changed_at) parts.push(badge("changed", t("changed"), t("changed-title", day(link.changed_at))));
    if (link.snapshot_url) {
      parts.push(el("a", { class: "link-badge lb-snapshot", href: link.snapshot_url, target: "_blank",
                           rel: "noopener", title: t("snapshot-title"), text: t("snapshot") }));
    }
    parts.push(matchBadge("excerpt", link.excerpt_match, link.excerpt_passage));
    parts.push(matchBadge("quote", link.quote_match, link.quote_passage));
    const notes = [];
    if (link.checked_at && !PENDING.includes(link.status)) notes.push(t("checked", day(link.checked_at)));
    if (link.broken_since && link.first_ok_at) {
      notes.push(t("history", day(link.first_ok_at)) + ", " + t("broken-since", day(link.broken_since)));
    } else if (link.broken_since) {
      notes.push(t("broken-since", day(link.broken_since)));
    }
    if (item.published) notes.push(day(item.published));
    if (notes.length) parts.push(el("span", { class: "link-note muted small", text: notes.join(" · ") }));
    if (canEdit && !PENDING.includes(link.status)) {
      const again = el("button", { type: "button", class: "btn btn-small btn-quiet link-recheck", text: t("recheck") });
      again.addEventListener("click", function () { recheck(row, item.id); });
      parts.push(again);
    }
    strip.replaceChildren.apply(strip, parts.filter(Boolean));
    strip.dataset.status = link.status;
    const quote = link.quote_match === "approximate" ? link.quote_passage : "";
    const passage = link.excerpt_match === "approximate" ? link.excerpt_passage : quote;
    let shown = row.querySelector(".link-passage");
    if (passage) {
      if (!shown) {
        shown = el("p", { class: "link-passage small" });
        strip.after(shown);
      }
      shown.replaceChildren(el("span", { class: "muted", text: t("passage") + " " }), passage);
    } else if (shown) {
      shown.remove();
    }
    fill(row.querySelector(".ev-title"), item.title);
    fill(row.querySelector(".ev-publisher"), item.publisher);
  }

  /** The check fills a field the editor left empty; what they typed is never replaced. */
  function fill(input, value) {
    if (!(input && value && !input.value)) return;
    input.value = value;
    if (FC.checkField) FC.checkField(input); // a fetched title may hold odd characters too
  }

  async function load(row) {
    const state = watched.get(row);
    if (!state || !row.isConnected) return;
    const answer = await FC.api("GET", "/api/evidence/" + state.id + "/");
    if (!row.isConnected || watched.get(row) !== state) return;
    if (!answer.ok) return;
    if (row.querySelector(".ev-url").value.trim() !== answer.data.url) return; // edited meanwhile
    render(row, answer.data);
    if (PENDING.includes(answer.data.link.status) && state.tries < 200) {
      state.tries += 1;
      state.timer = window.setTimeout(function () { load(row); }, Math.min(5000, 700 + state.tries * 300));
    }
  }

  function watch(row) {
    const id = row.dataset.evidenceId;
    const known = watched.get(row);
    if (!id || (known && known.id === id)) return;
    if (known) window.clearTimeout(known.timer);
    watched.set(row, { id: id, timer: null, tries: 0 });
    row.querySelector(".ev-url").addEventListener("input", function () {
      const strip = row.querySelector(".link-state");
      if (strip) strip.hidden = true; // the badges were about the saved address
    });
    load(row);
  }

  async function recheck(row, id) {
    const answer = await FC.api("POST", "/api/evidence/" + id + "/recheck/", { body: {} });
    if (!answer.ok) {
      FC.announce((answer.data && answer.data.message) || String(answer.status));
      return;
    }
    watched.delete(row);
    watch(row);
  }

  function scan() {
    for (const row of list.querySelectorAll(".evidence-item[data-evidence-id]")) watch(row);
  }

  new MutationObserver(scan).observe(list, { childList: true });
  scan();
})();
