/* "Checked before" in the workspace panel: the selected sentence's earlier checks (the desk's
 * own verdicts and imported fact-checks, in any language) with verdict, date, similarity and a
 * link, and reuse of one as the sentence's draft verdict (a button on each, the u key for the
 * first). workspace.js says which sentence is selected ("fc:select"), may veto a reuse that
 * would replace unsaved typing ("fc:replace-verdict") and shows the reused verdict
 * ("fc:verdict-replaced"). live.js reports sentences whose matches a background job stored anew
 * ("fc:remote-matches"): the selected one's list is read again in place. User text goes in as
 * text nodes, claims and titles with their invisible and look-alike characters shown as
 * ⟨U+…⟩ and a warning (FC.reveal, invisible.js). */
"use strict";

(function () {
  const box = document.getElementById("checked-before");
  if (!box) return;
  const t = FC.t;
  const el = FC.el;
  const list = document.getElementById("match-list");
  const template = document.getElementById("match-template");
  const error = document.getElementById("match-error");
  const canEdit = box.dataset.canEdit === "true";
  const config = JSON.parse(document.getElementById("workspace-config").textContent);
  const readonly = Boolean(config.readonly);

  let current = null; // the selected sentence
  let shown = []; // its matches, best first
  let confirming = null; // the match whose reuse waits for a second "u" (unsaved typing)
  let busy = false;

  function text(name, arg) {
    const value = box.dataset[name] || "";
    return arg === undefined ? value : value.replace("%s", String(arg));
  }

  function showError(message) {
    error.textContent = message || "";
    error.hidden = !message;
  }

  function verdictLabel(match) {
    if (match.kind === "verdict") {
      const state = match.review_state;
      const stateLabel = state ? t(state === "draft" ? "draft" : state + "_state") : "";
      return { cls: "mv-" + match.verdict, label: t(match.verdict) + (stateLabel ? " · " + stateLabel : "") };
    }
    return { cls: "", label: match.rating || text("factCheck") };
  }

  function render() {
    list.replaceChildren();
    box.hidden = !shown.length;
    document.getElementById("match-count").textContent = shown.length ? "(" + shown.length + ")" : "";
    shown.forEach(function (match, index) {
      const item = template.content.firstElementChild.cloneNode(true);
      item.dataset.id = String(match.id);
      item.dataset.kind = match.kind;
      const verdict = item.querySelector(".match-verdict");
      const shape = verdictLabel(match);
      verdict.textContent = shape.label;
      if (shape.cls) verdict.classList.add(shape.cls);
      item.querySelector(".match-kind").textContent =
        match.kind === "verdict" ? text("ourVerdict") : text("factCheck");
      item.querySelector(".match-sim").textContent = text("similarity") + " " + Math.round(match.similarity * 100) + " %";
      const date = item.querySelector(".match-date");
      if (match.date) {
        date.dateTime = match.date;
        date.textContent = FC.formatDate(match.date);
      }
      const claim = item.querySelector(".match-claim");
      FC.showRevealed(claim, match.claim);
      if (match.language) claim.lang = match.language;
      const link = item.querySelector(".match-link");
      const own = match.kind === "verdict";
      const href = own ? match.url : FC.hostForms(match.url) && FC.hostForms(match.url).href;
      const title = FC.reveal(match.title || "");
      if (href) {
        link.href = href;
        link.replaceChildren.apply(link, title.nodes);
        link.append((match.title ? " · " : "") + (own ? text("openSentence") : text("openPage")) + (own ? "" : " ↗"));
        if (!own) link.target = "_blank";
      } else {
        link.remove();
      }
      // Outside the link, under it (a line of its own in the foot, before the button).
      if (href && title.warning) {
        link.after(el("span", { class: "reveal-warning", role: "note", "data-reveal-warning": "", text: title.warning }));
      }
      const button = item.querySelector(".match-reuse");
      if (button) {
        if (readonly) button.remove();
        else {
          if (index === 0) item.querySelector(".match-key").hidden = false;
          button.addEventListener("click", function () { reuse(match); });
        }
      }
      list.append(item);
    });
  }

  async function load(id) {
    current = id;
    confirming = null;
    shown = [];
    showError("");
    render();
    const answer = await FC.api("GET", "/api/sentences/" + id + "/matches/");
    if (current !== id || !answer.ok || !answer.data) return;
    shown = answer.data.results || [];
    render();
  }

  /** The selected sentence's matches again, shown in place (a job stored new ones). */
  async function refresh(id) {
    const answer = await FC.api("GET", "/api/sentences/" + id + "/matches/");
    if (current !== id || !answer.ok || !answer.data) return;
    const fresh = answer.data.results || [];
    if (JSON.stringify(fresh) === JSON.stringify(shown)) return;
    shown = fresh;
    confirming = null;
    render();
  }

  /** Copy the match into the sentence's verdict (a draft), after the stored version's ETag. */
  async function reuse(match) {
    if (!canEdit || readonly || busy || current === null) return;
    const id = current;
    const allowed = document.dispatchEvent(
      new CustomEvent("fc:replace-verdict", { cancelable: true, detail: { sentence: id } })
    );
    if (!allowed && confirming !== match.id) {
      confirming = match.id;
      showError(text("unsaved"));
      return;
    }
    confirming = null;
    showError("");
    busy = true;
    try {
      const stored = await FC.api("GET", "/api/sentences/" + id + "/annotation/");
      if (!stored.ok) {
        showError((stored.data && stored.data.message) || String(stored.status));
        return;
      }
      const url = "/api/sentences/" + id + "/matches/" + match.id + "/reuse/";
      const answer = await FC.api("POST", url, { headers: { "If-Match": stored.etag } });
      if (!answer.ok) {
        showError(answer.status === 412 ? text("stale") : (answer.data && answer.data.message) || String(answer.status));
        return;
      }
      document.dispatchEvent(new CustomEvent("fc:verdict-replaced", { detail: { sentence: id } }));
      FC.announce(text("reused"));
    } finally {
      busy = false;
    }
  }

  function isTyping(target) {
    if (!target || !target.tagName) return false;
    const tag = target.tagName.toLowerCase();
    if (tag === "textarea" || tag === "select" || target.isContentEditable) return true;
    if (tag !== "input") return false;
    return !["radio", "checkbox", "button", "submit"].includes((target.type || "").toLowerCase());
  }

  document.addEventListener("fc:select", function (event) {
    if (event.detail.sentence !== current) load(event.detail.sentence);
  });
  document.addEventListener("fc:remote-matches", function (event) {
    if (current !== null && event.detail.sentences.includes(current)) refresh(current);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "u" || event.ctrlKey || event.metaKey || event.altKey) return;
    const dialog = document.getElementById("shortcuts");
    if ((dialog && dialog.open) || isTyping(event.target)) return;
    if (!shown.length || !canEdit || readonly) return;
    event.preventDefault();
    reuse(shown[0]);
  });
  // A sentence selected before this script ran (the page opened at ?sentence=).
  const selected = document.querySelector('#sentence-list [aria-selected="true"]');
  if (selected && current === null) load(Number(selected.dataset.id));
})();
