/* The article workspace: sentence selection, keyboard work (j / k cross into the neighbouring
 * page of a long article), the verdict panel, drafts that survive reloads, stale-save resolution,
 * review transitions, assignment, readiness jumps, pre-tag progress and warnings, and colleagues'
 * changes as live.js reports them. Every sentence's data-verdict / data-review-state hooks follow
 * what the page saves and what others save.
 * Talks to the JSON API under /api/ with the session cookie; user text goes in as textContent. */
"use strict";

(function () {
  const t = FC.t;
  const el = FC.el;
  const config = JSON.parse(document.getElementById("workspace-config").textContent);
  const RANK = { viewer: 0, editor: 1, reviewer: 2, admin: 3 };
  const canEdit = RANK[config.role] >= 1;
  const canReview = RANK[config.role] >= 2;
  const VERDICTS = ["verified", "disputed", "unverified"];
  // Review states the text marks (rs-*), as markup.py renders them.
  const MARKED_STATES = ["submitted", "approved", "changes_requested"];
  const paging = config.paging || { page: 1, pages: 1 };
  const DRAFT_PREFIX = "fc-draft:" + config.user.id + ":";

  const list = document.getElementById("sentence-list");
  const form = document.getElementById("verdict-form");
  const rationale = document.getElementById("rationale");
  const evidenceList = document.getElementById("evidence-list");
  const evidenceTemplate = document.getElementById("evidence-template");
  const saveState = document.getElementById("save-state");
  const conflictBox = document.getElementById("conflict");
  const shortcuts = document.getElementById("shortcuts");

  let sentences = new Map();
  let order = [];
  let current = null; // id of the selected sentence
  let baseVersion = 0; // the version the form's content was based on (for If-Match)
  let dirty = false;
  let busy = false;
  let pendingConflict = null;
  let followed = null; // the pre-tag job whose progress the page follows

  // --- data -------------------------------------------------------------------------------
  function loadSentences() {
    const data = JSON.parse(document.getElementById("sentences-data").textContent);
    sentences = new Map(data.map(function (s) { return [s.id, s]; }));
    order = Array.from(list.querySelectorAll('[role="option"]')).map(function (node) {
      return Number(node.dataset.id);
    });
    for (const id of order) {
      markDraft(id);
      markAnchor(id);
    }
  }

  /** Changed sentences (a new version re-worded them) carry a mark until re-checked. */
  function markAnchor(id) {
    const node = option(id);
    const sentence = sentences.get(id);
    if (!node || !sentence) return;
    const annotation = sentence.annotation;
    node.classList.toggle("needs-recheck", Boolean(annotation && annotation.needs_recheck));
    node.classList.toggle("is-changed", Boolean(sentence.diff));
  }

  /** Old -> new of a changed sentence: removed words struck through, added ones underlined. */
  function showDiff(sentence) {
    const box = document.getElementById("anchor-diff");
    if (!sentence.diff) {
      box.hidden = true;
      return;
    }
    const pending = sentence.annotation && sentence.annotation.needs_recheck;
    document.getElementById("anchor-diff-title").textContent = pending
      ? box.dataset.pending
      : box.dataset.done;
    box.classList.toggle("is-pending", Boolean(pending));
    const text = document.getElementById("diff-text");
    text.replaceChildren();
    for (const [op, piece] of sentence.diff) {
      if (op === "=") text.append(piece);
      else text.append(el(op === "-" ? "del" : "ins", { text: piece }));
    }
    document.getElementById("diff-note").textContent = box.dataset.legend;
    box.hidden = false;
  }

  function option(id) {
    return document.getElementById("s-" + id);
  }

  function etag(id, version) {
    return '"' + id + "-" + version + '"';
  }

  // --- drafts (localStorage) ----------------------------------------------------------------
  function readDraft(id) {
    try {
      return JSON.parse(window.localStorage.getItem(DRAFT_PREFIX + id) || "null");
    } catch (_error) {
      return null;
    }
  }

  function writeDraft(id, values) {
    try {
      window.localStorage.setItem(DRAFT_PREFIX + id, JSON.stringify(values));
    } catch (_error) {
      /* storage full or disabled: the beforeunload warning still protects the text */
    }
    markDraft(id);
  }

  function clearDraft(id) {
    try {
      window.localStorage.removeItem(DRAFT_PREFIX + id);
    } catch (_error) {
      /* ignore */
    }
    markDraft(id);
  }

  function markDraft(id) {
    const node = option(id);
    if (node) node.classList.toggle("has-draft", readDraft(id) !== null);
  }

  function anyDraft() {
    return order.some(function (id) { return readDraft(id) !== null; });
  }

  // --- the form -----------------------------------------------------------------------------
  function readForm() {
    const checked = form.querySelector('input[name="verdict"]:checked');
    return {
      verdict: checked ? checked.value : null,
      rationale: rationale.value,
      evidence: Array.from(evidenceList.children).map(function (item) {
        return {
          url: item.querySelector(".ev-url").value.trim(),
          title: item.querySelector(".ev-title").value,
          publisher: item.querySelector(".ev-publisher").value,
          excerpt: item.querySelector(".ev-excerpt").value,
          stance: item.querySelector(".ev-stance").value,
        };
      }),
    };
  }

  function writeForm(values) {
    for (const input of form.querySelectorAll('input[name="verdict"]')) {
      input.checked = input.value === values.verdict;
    }
    rationale.value = values.rationale || "";
    evidenceList.replaceChildren();
    for (const item of values.evidence || []) addEvidenceRow(item);
    clearErrors();
  }

  function addEvidenceRow(item) {
    const row = evidenceTemplate.content.firstElementChild.cloneNode(true);
    const values = item || { url: "", title: "", publisher: "", excerpt: "", stance: "supports" };
    row.querySelector(".ev-url").value = values.url || "";
    row.querySelector(".ev-title").value = values.title || "";
    row.querySelector(".ev-publisher").value = values.publisher || "";
    row.querySelector(".ev-excerpt").value = values.excerpt || "";
    row.querySelector(".ev-stance").value = values.stance || "supports";
    if (values.id) row.dataset.evidenceId = String(values.id); // evidence_links.js shows its check
    for (const field of row.querySelectorAll("input, textarea, select")) {
      field.disabled = !canEdit;
    }
    const remove = row.querySelector(".ev-remove");
    if (canEdit) {
      remove.addEventListener("click", function () {
        const next = row.nextElementSibling || row.previousElementSibling;
        row.remove();
        numberEvidence();
        changed();
        const target = next ? next.querySelector(".ev-url") : document.getElementById("add-evidence");
        if (target) target.focus();
      });
    } else {
      remove.remove();
    }
    row.querySelector(".ev-url").addEventListener("input", function () { showLink(row); });
    evidenceList.append(row);
    numberEvidence();
    showLink(row);
    return row;
  }

  function numberEvidence() {
    Array.from(evidenceList.children).forEach(function (row, index) {
      const label = t("evidence_n", index + 1);
      row.querySelector(".evidence-n").textContent = label;
      row.setAttribute("aria-label", label);
    });
  }

  /** The link header: host in Unicode, its punycode beside it when they differ. */
  function showLink(row) {
    const link = row.querySelector(".evidence-link");
    const puny = row.querySelector(".evidence-puny");
    const forms = FC.hostForms(row.querySelector(".ev-url").value.trim());
    if (!forms) {
      link.hidden = true;
      link.removeAttribute("href");
      puny.textContent = "";
      return;
    }
    link.hidden = false;
    link.href = forms.href;
    link.textContent = forms.unicode + " ↗";
    link.title = t("open_link");
    puny.textContent = forms.unicode !== forms.ascii ? "(" + forms.ascii + ")" : "";
  }

  function clearErrors() {
    for (const box of form.querySelectorAll(".field-error, .evidence-error")) {
      box.hidden = true;
      box.textContent = "";
    }
    for (const field of form.querySelectorAll('[aria-invalid="true"]')) {
      field.removeAttribute("aria-invalid");
    }
  }

  function showFieldErrors(fields) {
    const rest = [];
    for (const [name, messages] of Object.entries(fields || {})) {
      const message = (messages || []).join(" ");
      const match = /^evidence\[(\d+)\](?:\.(\w+))?$/.exec(name);
      if (name === "verdict" || name === "rationale") {
        const box = document.getElementById(name + "-error");
        box.textContent = message;
        box.hidden = false;
        if (name === "rationale") rationale.setAttribute("aria-invalid", "true");
      } else if (match && evidenceList.children[Number(match[1])]) {
        const row = evidenceList.children[Number(match[1])];
        const box = row.querySelector(".evidence-error");
        box.textContent = (box.textContent ? box.textContent + " " : "") + message;
        box.hidden = false;
        const field = match[2] && row.querySelector(".ev-" + match[2]);
        if (field) field.setAttribute("aria-invalid", "true");
      } else if (name === "evidence") {
        const box = document.getElementById("evidence-error");
        box.textContent = message;
        box.hidden = false;
      } else {
        rest.push(message);
      }
    }
    return rest.join(" ");
  }

  function setSaveState(text, kind) {
    saveState.textContent = text;
    saveState.classList.toggle("is-dirty", kind === "dirty");
    saveState.classList.toggle("is-error", kind === "error");
  }

  function changed() {
    if (current === null || !canEdit) return;
    dirty = true;
    writeDraft(current, Object.assign(readForm(), { baseVersion: baseVersion }));
    setSaveState(t("unsaved"), "dirty");
  }

  // --- the panel ----------------------------------------------------------------------------
  function annotationValues(annotation) {
    if (!annotation || !annotation.verdict) return { verdict: null, rationale: "", evidence: [] };
    return {
      verdict: annotation.verdict,
      rationale: annotation.rationale,
      evidence: annotation.evidence,
    };
  }

  function fillPanel(id) {
    const sentence = sentences.get(id);
    document.getElementById("panel-empty").hidden = true;
    document.getElementById("panel-body").hidden = false;
    document.getElementById("panel-body").dataset.sentence = String(id); // for attribution.js
    document.getElementById("panel-ordinal").textContent = String(sentence.ordinal + 1);
    document.getElementById("panel-quote").textContent = sentence.text;
    const band = document.getElementById("panel-band");
    band.className = "band-pill";
    const pretag = sentence.pretag;
    if (pretag && pretag.claim) {
      band.textContent = t("score", pretag.checkworthiness.toFixed(2)) + " · " + t(pretag.band);
      band.classList.add("band-" + pretag.band);
    } else if (pretag) {
      band.textContent = t("score", pretag.checkworthiness.toFixed(2));
    } else {
      band.textContent = t("not_tagged");
    }
    const warnings = sentence.warnings || [];
    const warningList = document.getElementById("panel-warnings-list");
    warningList.replaceChildren.apply(
      warningList,
      warnings.map(function (text) { return el("li", {}, [el("code", { text: text })]); })
    );
    document.getElementById("panel-warnings").hidden = !warnings.length;
    const reasons = document.getElementById("reasons-list");
    reasons.replaceChildren();
    for (const reason of (pretag && pretag.reasons) || []) {
      reasons.append(el("li", { text: typeof reason === "string" ? reason : JSON.stringify(reason) }));
    }
    if (!reasons.children.length) {
      reasons.append(el("li", { class: "muted", text: pretag ? t("reasons_empty") : t("not_tagged") }));
    }
    conflictBox.hidden = true;
    pendingConflict = null;
    const draft = readDraft(id);
    const annotation = sentence.annotation;
    if (draft && canEdit) {
      baseVersion = draft.baseVersion || 0;
      writeForm(draft);
      dirty = true;
      setSaveState(t("draft_restored"), "dirty");
    } else {
      baseVersion = annotation ? annotation.version : 0;
      writeForm(annotationValues(annotation));
      dirty = false;
      setSaveState(annotation ? t("version", annotation.version) : t("no_verdict"));
    }
    showReview(sentence);
    showAssignee(sentence);
    showDiff(sentence);
  }

  function showReview(sentence) {
    const annotation = sentence.annotation;
    const state = annotation ? annotation.review_state : null;
    const pill = document.getElementById("review-state");
    pill.className = "state-pill" + (state ? " state-" + state : "");
    pill.textContent = state ? t(state === "draft" ? "draft" : state + "_state") : t("no_verdict");
    const who = document.getElementById("review-who");
    who.textContent = annotation && annotation.updated_by ? t("by", annotation.updated_by.username) : "";
    const comment = document.getElementById("review-comment");
    comment.hidden = !(annotation && annotation.review_comment);
    FC.showRevealed(comment, annotation ? annotation.review_comment || "" : "");
    const submit = document.getElementById("submit-review");
    if (submit) {
      submit.disabled = !(canEdit && (dirty || (state === "draft" || state === "changes_requested")));
    }
    const approve = document.getElementById("approve");
    if (approve) {
      const lastEditor = annotation && annotation.updated_by && annotation.updated_by.id;
      approve.disabled = !(canReview && state === "submitted" && lastEditor !== config.user.id);
    }
    const requestChanges = document.getElementById("request-changes");
    if (requestChanges) {
      requestChanges.disabled = !(canReview && (state === "submitted" || state === "approved"));
    }
    const error = document.getElementById("review-error");
    error.hidden = true;
    error.textContent = "";
  }

  function showAssignee(sentence) {
    const select = document.getElementById("assignee");
    select.replaceChildren(el("option", { value: "", text: t("nobody") }));
    for (const member of config.members) {
      select.append(el("option", { value: member.id, text: member.username }));
    }
    select.value = sentence.assignee ? String(sentence.assignee.id) : "";
  }

  /** The texts a revision wrote: a changed rationale, a reviewer's comment. */
  function historyTexts(revision) {
    const before = revision.before || {};
    const after = revision.after || {};
    const texts = [];
    if (typeof after.rationale === "string" && after.rationale && after.rationale !== before.rationale) {
      texts.push(after.rationale);
    }
    if (typeof after.comment === "string" && after.comment) texts.push(after.comment);
    return texts;
  }

  async function loadHistory(id) {
    const box = document.getElementById("history-list");
    box.replaceChildren(el("li", { class: "muted", text: t("loading") }));
    const answer = await FC.api("GET", "/api/sentences/" + id + "/revisions/");
    if (current !== id) return;
    box.replaceChildren();
    const items = answer.ok && answer.data ? answer.data.results || answer.data : [];
    for (const revision of items.slice().reverse()) {
      const actor = revision.actor ? revision.actor.username : t("unknown_user");
      const verdict = revision.after && revision.after.verdict ? " · " + t(revision.after.verdict) : "";
      const item = el("li", {}, [
        el("time", { datetime: revision.created_at, text: FC.formatDate(revision.created_at, { withTime: true }) }),
        " " + actor + " " + t("action_" + revision.action) + verdict,
        revision.version ? " (" + t("version", revision.version) + ")" : "",
      ]);
      box.append(item);
      for (const text of historyTexts(revision)) {
        const quote = el("q", { class: "history-text" });
        item.append(quote);
        FC.showRevealed(quote, text);
      }
    }
    if (!box.children.length) box.append(el("li", { class: "muted", text: t("history_empty") }));
  }

  /** Fetch the stored verdict: someone may have saved since the page loaded. */
  async function refreshAnnotation(id) {
    const answer = await FC.api("GET", "/api/sentences/" + id + "/annotation/");
    if (!answer.ok || !answer.data || current !== id) return;
    const stored = answer.data.verdict ? answer.data : null;
    const sentence = sentences.get(id);
    // A live update carried only the summary: the form needs the full verdict once.
    const before = sentence.stale ? -1 : sentence.annotation ? sentence.annotation.version : 0;
    sentence.stale = false;
    sentence.annotation = stored;
    updateOption(id);
    if (!dirty) {
      baseVersion = stored ? stored.version : 0;
      if ((stored ? stored.version : 0) !== before) writeForm(annotationValues(stored));
      setSaveState(stored ? t("version", stored.version) : t("no_verdict"));
    }
    showReview(sentence);
  }

  function updateOption(id) {
    const node = option(id);
    const sentence = sentences.get(id);
    if (!node || !sentence) return;
    const annotation = sentence.annotation;
    const verdict = annotation ? annotation.verdict : null;
    const state = (annotation && annotation.review_state) || "";
    for (const name of ["verified", "disputed", "unverified", "open"]) {
      node.classList.toggle("v-" + name, (verdict || "open") === name);
    }
    for (const name of MARKED_STATES) node.classList.toggle("rs-" + name, state === name);
    // Hooks outside checks read: keep them in step with what the page shows.
    node.dataset.verdict = verdict || "";
    node.dataset.reviewState = state;
    markAnchor(id);
    const stateLabel = node.querySelector(".rlabel");
    if (stateLabel) {
      stateLabel.textContent =
        (MARKED_STATES.includes(state) ? t(state + "_state") + ", " : "") +
        (annotation && annotation.needs_recheck ? t("needs_recheck") + ", " : "");
    }
    const label = node.querySelector(".vlabel");
    if (label) {
      const rest = label.textContent.includes(",") ? label.textContent.slice(label.textContent.indexOf(",")) : ": ";
      label.textContent = (verdict ? t(verdict) : t("no_verdict")) + rest;
    }
  }

  // --- selection ----------------------------------------------------------------------------
  function select(id, options) {
    const opts = options || {};
    if (!sentences.has(id)) return;
    if (current !== null && option(current)) option(current).setAttribute("aria-selected", "false");
    current = id;
    const node = option(id);
    node.setAttribute("aria-selected", "true");
    list.setAttribute("aria-activedescendant", node.id);
    node.scrollIntoView({ block: "nearest" });
    fillPanel(id);
    hideRemoteNotice();
    const stored = sentences.get(id).annotation;
    if (dirty && stored && stored.version > baseVersion) {
      // A draft typed on an older state: say who changed it since (saving still asks first).
      showRemoteNotice({ sentence: id, by: stored.updated_by && stored.updated_by.username });
    }
    document.dispatchEvent(new CustomEvent("fc:select", { detail: { sentence: id } }));
    if (opts.focusList !== false) list.focus({ preventScroll: true });
    const url = new URL(window.location.href);
    url.searchParams.set("sentence", String(id));
    // The sentence alone says which page to open again.
    url.searchParams.delete("at");
    url.searchParams.delete("page");
    window.history.replaceState(null, "", url);
    // No announcement here: screen readers read the option through aria-activedescendant.
    refreshAnnotation(id);
    loadHistory(id);
  }

  /** Open another page of the text (keeping ?version=) at ``params``: {at: n} or {sentence: id}. */
  function goTo(params) {
    const url = new URL(window.location.href);
    for (const name of ["at", "page", "sentence"]) url.searchParams.delete(name);
    for (const [name, value] of Object.entries(params)) url.searchParams.set(name, String(value));
    url.hash = "";
    window.location.assign(url.toString());
  }

  /** j / k: the next or previous sentence; past the page's edge, the neighbouring page. */
  function move(step) {
    if (!order.length) return;
    let index = current === null ? (step > 0 ? -1 : order.length) : order.indexOf(current);
    const ordinal = current === null ? null : sentences.get(current).ordinal;
    if (ordinal !== null && index + step >= order.length && paging.page < paging.pages) {
      goTo({ at: ordinal + 2 });
      return;
    }
    if (ordinal !== null && index + step < 0 && paging.page > 1) {
      goTo({ at: ordinal });
      return;
    }
    index = Math.max(0, Math.min(order.length - 1, index + step));
    select(order[index]);
  }

  /** A readiness blocker: the first sentence it concerns, then the next one on each click. */
  function jumpToBlocker(link) {
    const ids = (link.dataset.sentences || "").split(" ").map(Number).filter(Boolean);
    if (!ids.length) return false;
    const at = current === null ? -1 : ids.indexOf(current);
    const next = ids[(at + 1) % ids.length];
    if (sentences.has(next)) {
      select(next);
      option(next).scrollIntoView({ block: "center" });
    } else {
      goTo({ sentence: next });
    }
    return true;
  }

  /** A warning in the job's list: select its sentence when it is on this page. */
  function jumpToWarning(link) {
    const ordinal = Number(link.dataset.ordinal);
    const id = order.find(function (item) { return sentences.get(item).ordinal === ordinal; });
    if (id === undefined) return false;
    select(id);
    option(id).scrollIntoView({ block: "center" });
    return true;
  }

  /** n: the next check-worthy sentence without a verdict, on this page or the next one that
   * has one (the server names it), wrapping round to the start of the article. */
  function nextCheckworthy() {
    const start = current === null ? -1 : order.indexOf(current);
    const elsewhere = config.open_claims || {};
    for (let offset = 1; offset <= order.length; offset++) {
      if (start + offset === order.length) {
        const other = elsewhere.after || elsewhere.before;
        if (other) {
          goTo({ sentence: other });
          return;
        }
      }
      const id = order[(start + offset) % order.length];
      const sentence = sentences.get(id);
      if (sentence.pretag && sentence.pretag.claim && !(sentence.annotation && sentence.annotation.verdict)) {
        select(id);
        return;
      }
    }
    if (current === null && (elsewhere.after || elsewhere.before)) {
      goTo({ sentence: elsewhere.after || elsewhere.before });
      return;
    }
    FC.announce(t("no_next"));
    setSaveState(t("no_next"));
  }

  // --- saving -------------------------------------------------------------------------------
  async function save(options) {
    if (!canEdit || current === null || busy) return false;
    const id = current;
    const values = readForm();
    values.evidence = values.evidence.filter(function (item) {
      return item.url || item.title || item.publisher || item.excerpt;
    });
    busy = true;
    clearErrors();
    setSaveState(t("saving"));
    const answer = await FC.api("PUT", "/api/sentences/" + id + "/annotation/", {
      body: values,
      headers: { "If-Match": etag(id, (options && options.version) || baseVersion) },
    });
    busy = false;
    if (answer.ok) {
      const sentence = sentences.get(id);
      sentence.annotation = answer.data;
      clearDraft(id);
      if (current === id) {
        baseVersion = answer.data.version;
        dirty = false;
        conflictBox.hidden = true;
        hideRemoteNotice();
        writeForm(annotationValues(answer.data));
        setSaveState(t("saved") + " " + t("version", answer.data.version));
        showReview(sentence);
        loadHistory(id);
      }
      updateOption(id);
      FC.announce(t("saved"));
      return true;
    }
    if (answer.status === 412 && answer.data && answer.data.current) {
      showConflict(id, answer.data.current, values);
      return false;
    }
    const message = (answer.data && answer.data.message) || String(answer.status);
    const rest = showFieldErrors(answer.data && answer.data.fields);
    setSaveState(t("save_failed", rest || message), "error");
    FC.announce(t("save_failed", rest || message));
    return false;
  }

  /** A value of the conflict panel: texts with their odd characters as ⟨U+…⟩ (invisible.js),
   * each text's warning under the value. */
  function revealedValue(pieces) {
    const nodes = [];
    const warnings = [];
    for (const piece of pieces) {
      if (typeof piece !== "object") {
        nodes.push(piece);
        continue;
      }
      const shown = FC.reveal(piece.text);
      nodes.push.apply(nodes, shown.nodes);
      if (shown.warning) warnings.push(shown.warning);
    }
    const dd = el("dd", {}, nodes.length ? nodes : ["—"]);
    for (const warning of warnings) {
      dd.append(el("span", { class: "reveal-warning", role: "note", "data-reveal-warning": "", text: warning }));
    }
    return dd;
  }

  function describe(values, target) {
    target.replaceChildren();
    const evidence = [];
    (values.evidence || []).forEach(function (item, index) {
      if (index) evidence.push("\n");
      if (item.title) evidence.push({ text: item.title }, " — ");
      evidence.push(item.url);
    });
    const rows = [
      [t("verdict_label"), [values.verdict ? t(values.verdict) : "—"]],
      [t("rationale_label"), values.rationale ? [{ text: values.rationale }] : []],
      [t("evidence_label"), evidence],
    ];
    for (const [name, pieces] of rows) {
      target.append(el("dt", { text: name }), revealedValue(pieces));
    }
  }

  function showConflict(id, theirs, mine) {
    hideRemoteNotice();
    pendingConflict = { id: id, theirs: theirs };
    writeDraft(id, Object.assign(readForm(), { baseVersion: baseVersion }));
    describe(annotationValues(theirs), document.getElementById("theirs"));
    describe(mine, document.getElementById("mine"));
    const who = theirs.updated_by ? t("by", theirs.updated_by.username) + ", " : "";
    document.getElementById("theirs-meta").textContent = who + t("version", theirs.version);
    conflictBox.hidden = false;
    setSaveState(t("conflict_title"), "error");
    FC.announce(t("conflict_title"));
    // Keep the text where it is: scroll only the panel, not the page.
    document.getElementById("take-mine").focus({ preventScroll: true });
    const panel = document.getElementById("panel");
    panel.scrollTop = Math.max(0, conflictBox.offsetTop - 16);
  }

  function keepTheirs() {
    if (!pendingConflict) return;
    const { id, theirs } = pendingConflict;
    const sentence = sentences.get(id);
    sentence.annotation = theirs.verdict ? theirs : null;
    clearDraft(id);
    pendingConflict = null;
    conflictBox.hidden = true;
    fillPanel(id);
    updateOption(id);
    loadHistory(id);
    list.focus();
  }

  async function takeMine() {
    if (!pendingConflict) return;
    const { theirs } = pendingConflict;
    pendingConflict = null;
    baseVersion = theirs.version;
    writeDraft(current, Object.assign(readForm(), { baseVersion: baseVersion }));
    await save({ version: theirs.version });
  }

  // --- review and assignment ----------------------------------------------------------------
  async function transition(action, body) {
    if (current === null || busy) return;
    const id = current;
    const error = document.getElementById("review-error");
    error.hidden = true;
    if (dirty && canEdit && action === "submit") {
      const saved = await save();
      if (!saved) return;
    }
    const sentence = sentences.get(id);
    if (!sentence.annotation) {
      error.textContent = t("first_save");
      error.hidden = false;
      return;
    }
    busy = true;
    const answer = await FC.api("POST", "/api/sentences/" + id + "/annotation/" + action + "/", {
      body: body || {},
      headers: { "If-Match": etag(id, sentence.annotation.version) },
    });
    busy = false;
    if (answer.ok) {
      sentence.annotation = answer.data;
      updateOption(id);
      if (current === id) {
        baseVersion = answer.data.version;
        setSaveState(t("version", answer.data.version));
        showReview(sentence);
        loadHistory(id);
      }
      const done = { submit: "submitted", approve: "approved", "request-changes": "changes_requested" };
      FC.announce(t(done[action]));
      setSaveState(t(done[action]) + " " + t("version", answer.data.version));
      return;
    }
    if (answer.status === 412 && answer.data && answer.data.current) {
      sentence.annotation = answer.data.current;
      updateOption(id);
      showReview(sentence);
    }
    error.textContent = (answer.data && answer.data.message) || String(answer.status);
    error.hidden = false;
    FC.announce(error.textContent);
  }

  async function assign() {
    if (current === null) return;
    const id = current;
    const select = document.getElementById("assignee");
    const value = select.value ? Number(select.value) : null;
    const answer = await FC.api("PUT", "/api/sentences/" + id + "/assignee/", { body: { assignee: value } });
    if (answer.ok) {
      const member = config.members.find(function (m) { return m.id === value; });
      sentences.get(id).assignee = member || null;
      FC.announce(t("assigned"));
      loadHistory(id);
    } else {
      const error = document.getElementById("review-error");
      error.textContent = (answer.data && answer.data.message) || String(answer.status);
      error.hidden = false;
    }
  }

  // --- orphans: verdicts a new version left on the old one ----------------------------------
  /** Re-attach an orphan to the selected sentence, or close it; the page then reloads, since
   * the text, the counts and the orphans list all change. */
  async function orphanAction(item, action) {
    const error = item.querySelector(".orphan-error");
    error.hidden = true;
    const body = {};
    if (action === "reattach") {
      const target = current !== null ? sentences.get(current) : null;
      if (!target || (target.annotation && target.annotation.verdict)) {
        error.textContent = t("pick_sentence");
        error.hidden = false;
        return;
      }
      body.sentence = target.id;
    }
    const url = "/api/articles/" + config.article + "/orphans/" + item.dataset.id + "/" + action + "/";
    const answer = await FC.api("POST", url, { body: body });
    if (!answer.ok) {
      error.textContent = (answer.data && answer.data.message) || String(answer.status);
      error.hidden = false;
      return;
    }
    FC.announce(t(action === "reattach" ? "reattached" : "closed_orphan"));
    const next = new URL(window.location.href);
    if (action === "reattach") next.searchParams.set("sentence", String(body.sentence));
    window.location.assign(next.toString());
  }

  // --- pre-tag progress ---------------------------------------------------------------------
  async function followJob(jobId) {
    followed = jobId;
    const box = document.getElementById("pretag-status");
    const answer = await FC.api("GET", "/api/jobs/" + jobId + "/");
    if (!answer.ok || !answer.data) {
      window.setTimeout(function () { followJob(jobId); }, 3000);
      return;
    }
    const job = answer.data;
    if (job.state === "queued" || job.state === "running") {
      let bar = document.getElementById("pretag-progress");
      if (!bar) {
        bar = el("progress", { id: "pretag-progress", max: "100" });
        box.replaceChildren(el("label", { for: "pretag-progress", text: t("tagging", "") }), bar);
      }
      bar.value = Math.round(100 * (job.progress || 0));
      bar.textContent = bar.value + " %";
      window.setTimeout(function () { followJob(jobId); }, 800);
      return;
    }
    if (job.state === "failed") {
      box.replaceChildren(el("span", { class: "job-failed", text: t("tagging_failed", job.error || "") }));
      if (canEdit) box.append(retagButton());
      return;
    }
    await reloadBody();
    // The fresh body carries the finished job's status (its warnings, if any).
    const fresh = document.getElementById("pretag-status-fresh");
    if (fresh && fresh.content.textContent.trim()) {
      box.replaceChildren(fresh.content.cloneNode(true));
    } else {
      box.replaceChildren(el("span", { class: "muted", text: t("tagging_done") }));
    }
    FC.announce(t("tagging_done"));
  }

  function retagButton() {
    const button = el("button", { type: "button", class: "btn btn-small", id: "retag", text: t("retry") });
    button.addEventListener("click", retag);
    return button;
  }

  /** Queue a fresh pre-tag run (after a failure) and follow it. */
  async function retag() {
    const answer = await FC.api("POST", "/api/articles/" + config.article + "/retag/", { body: {} });
    const box = document.getElementById("pretag-status");
    if (answer.ok && answer.data) {
      box.replaceChildren(el("span", { class: "muted", text: t("queued") }));
      followJob(answer.data.id);
    } else {
      box.append(el("span", { class: "job-failed", text: (answer.data && answer.data.message) || "" }));
    }
  }

  /** Swap in the freshly rendered text (now with pre-tags), keeping selection and drafts. */
  async function reloadBody() {
    let response;
    try {
      const url = "/articles/" + config.article + "/body/?page=" + paging.page;
      response = await fetch(url, { credentials: "same-origin" });
    } catch (_error) {
      return;
    }
    if (!response.ok) return;
    const doc = new DOMParser().parseFromString(await response.text(), "text/html");
    const fresh = doc.getElementById("article-body");
    if (!fresh) return;
    document.getElementById("article-body").replaceWith(document.importNode(fresh, true));
    const keep = current;
    current = null;
    loadSentences();
    if (keep !== null && sentences.has(keep)) {
      current = keep;
      option(keep).setAttribute("aria-selected", "true");
      list.setAttribute("aria-activedescendant", "s-" + keep);
      const sentence = sentences.get(keep);
      // Only the pre-tag facts change; the form (and anything typed) stays as it is.
      if (!dirty) fillPanel(keep);
      else document.getElementById("panel-band").textContent = sentence.pretag
        ? t("score", sentence.pretag.checkworthiness.toFixed(2))
        : t("not_tagged");
    }
  }

  // --- live updates (live.js polls; this applies what colleagues changed) ----------------------
  /** A string of this page, or its English wording until the catalogue has it. */
  function say(key, english, arg) {
    const text = t(key, arg);
    return text === key ? (arg === undefined ? english : english.replace("%s", String(arg))) : text;
  }

  const remoteNotice = el("div", { id: "remote-change", class: "remote-change", role: "status", hidden: true }, [
    el("span", { id: "remote-change-text" }),
    " ",
    el("button", { type: "button", class: "btn btn-small", id: "remote-view", text: say("remote_view", "view") }),
    " ",
    el("button", { type: "button", class: "btn btn-small", id: "remote-keep", text: say("remote_keep", "keep mine") }),
  ]);
  document.querySelector("#panel-body .panel-head").after(remoteNotice);

  function hideRemoteNotice() {
    remoteNotice.hidden = true;
  }

  /** Someone changed the sentence whose form holds unsaved typing: say so, touch nothing. */
  function showRemoteNotice(change) {
    document.getElementById("remote-change-text").textContent = say(
      "remote_changed",
      "changed by %s:",
      change.by || t("unknown_user")
    );
    remoteNotice.dataset.sentence = String(change.sentence);
    remoteNotice.hidden = false;
    FC.announce(document.getElementById("remote-change-text").textContent);
  }

  /** "view": their stored verdict beside the typing, in the conflict panel (If-Match rules). */
  async function viewRemote() {
    const id = Number(remoteNotice.dataset.sentence);
    if (id !== current) return hideRemoteNotice();
    const answer = await FC.api("GET", "/api/sentences/" + id + "/annotation/");
    if (!answer.ok || !answer.data || current !== id) return;
    showConflict(id, answer.data, readForm());
  }

  /** One changed sentence from the live feed: its hooks, marks and (if open) its panel. */
  function applyRemote(change) {
    const sentence = sentences.get(change.sentence);
    if (!sentence || config.readonly) return;
    const known = sentence.annotation;
    const member = config.members.find(function (m) { return m.username === change.assignee; });
    sentence.assignee = change.assignee ? member || { id: null, username: change.assignee } : null;
    if (current === change.sentence) showAssignee(sentence);
    const same =
      (known ? known.version : 0) >= change.version &&
      (known ? known.review_state : "") === change.review_state;
    if (same) return;
    sentence.annotation = change.verdict
      ? Object.assign({ rationale: "", evidence: [], review_comment: "" }, known || {}, {
          verdict: change.verdict,
          review_state: change.review_state,
          version: change.version,
          needs_recheck: change.needs_recheck,
          updated_by: change.by ? { username: change.by } : null,
        })
      : null;
    sentence.stale = true;
    updateOption(change.sentence);
    if (current !== change.sentence) return;
    if (dirty) {
      showRemoteNotice(change);
      showReview(sentence);
    } else {
      refreshAnnotation(change.sentence);
    }
    loadHistory(change.sentence);
  }

  remoteNotice.querySelector("#remote-view").addEventListener("click", viewRemote);
  remoteNotice.querySelector("#remote-keep").addEventListener("click", function () {
    hideRemoteNotice();
    rationale.focus();
  });
  document.addEventListener("fc:remote-change", function (event) { applyRemote(event.detail); });
  // matches.js: a reuse may not replace unsaved typing unasked; once done, show what it wrote.
  document.addEventListener("fc:replace-verdict", function (event) {
    if (dirty && event.detail.sentence === current) event.preventDefault();
  });
  document.addEventListener("fc:verdict-replaced", function (event) {
    const id = event.detail.sentence;
    clearDraft(id);
    if (id !== current) return;
    dirty = false;
    sentences.get(id).stale = true;
    refreshAnnotation(id);
    loadHistory(id);
  });
  document.addEventListener("fc:job", function (event) {
    const job = event.detail;
    // A colleague re-tagged: follow the new job (a finished one swaps in the fresh tags).
    if (job && job.id !== followed && !config.readonly) followJob(job.id);
  });

  // --- keyboard -----------------------------------------------------------------------------
  function isTyping(target) {
    if (!target || !target.tagName) return false;
    const tag = target.tagName.toLowerCase();
    if (tag === "textarea" || tag === "select" || target.isContentEditable) return true;
    if (tag !== "input") return false;
    return !["radio", "checkbox", "button", "submit"].includes((target.type || "").toLowerCase());
  }

  function setVerdict(value) {
    if (!canEdit || current === null) return;
    const input = form.querySelector('input[name="verdict"][value="' + value + '"]');
    input.checked = true;
    changed();
    showReview(sentences.get(current));
    FC.announce(t(value));
  }

  function onKey(event) {
    if (shortcuts.open) return;
    const typing = isTyping(event.target);
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      save();
      return;
    }
    if (event.key === "Escape") {
      if (typing || conflictBox.contains(event.target)) {
        event.preventDefault();
        list.focus();
      }
      return;
    }
    if (typing || event.ctrlKey || event.metaKey || event.altKey) return;
    const inButtons = event.target.closest && event.target.closest("button, a, summary");
    const key = event.key;
    const moves = { j: 1, ArrowDown: 1, ArrowRight: 1, k: -1, ArrowUp: -1, ArrowLeft: -1 };
    if (key in moves) {
      if (key.startsWith("Arrow") && event.target.type === "radio") return;
      event.preventDefault();
      move(moves[key]);
    } else if ((key === "Home" || key === "End") && event.target === list) {
      event.preventDefault();
      select(order[key === "Home" ? 0 : order.length - 1]);
    } else if (key === "n") {
      event.preventDefault();
      nextCheckworthy();
    } else if (key === "1" || key === "2" || key === "3") {
      event.preventDefault();
      setVerdict(VERDICTS[Number(key) - 1]);
    } else if (key === "e" && canEdit && current !== null) {
      event.preventDefault();
      addEvidenceRow().querySelector(".ev-url").focus();
      changed();
    } else if (key === "r" && current !== null) {
      event.preventDefault();
      rationale.focus();
    } else if (key === "s" && canEdit && current !== null) {
      event.preventDefault();
      transition("submit");
    } else if (key === "?") {
      event.preventDefault();
      shortcuts.showModal();
    } else if ((key === "Enter" || key === " ") && event.target === list && current === null) {
      event.preventDefault();
      move(1);
    } else if (inButtons) {
      return;
    }
  }

  // --- wiring -------------------------------------------------------------------------------
  list.addEventListener("click", function (event) {
    const node = event.target.closest('[role="option"]');
    if (node) select(Number(node.dataset.id));
  });
  list.addEventListener("focus", function () {
    if (current !== null) list.setAttribute("aria-activedescendant", "s-" + current);
  });
  form.addEventListener("input", changed);
  form.addEventListener("change", function (event) {
    if (event.target.name === "verdict") showReview(sentences.get(current));
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    save();
  });
  const addButton = document.getElementById("add-evidence");
  if (addButton) {
    addButton.addEventListener("click", function () {
      addEvidenceRow().querySelector(".ev-url").focus();
      changed();
    });
  }
  document.getElementById("keep-theirs").addEventListener("click", keepTheirs);
  document.getElementById("take-mine").addEventListener("click", takeMine);
  const submitButton = document.getElementById("submit-review");
  if (submitButton) submitButton.addEventListener("click", function () { transition("submit"); });
  const approveButton = document.getElementById("approve");
  if (approveButton) approveButton.addEventListener("click", function () { transition("approve"); });
  const changesButton = document.getElementById("request-changes");
  if (changesButton) {
    changesButton.addEventListener("click", function () {
      const comment = document.getElementById("review-comment-input");
      if (!comment.value.trim()) {
        const error = document.getElementById("review-error");
        error.textContent = t("comment_needed");
        error.hidden = false;
        comment.focus();
        return;
      }
      transition("request-changes", { comment: comment.value }).then(function () {
        comment.value = "";
      });
    });
  }
  document.getElementById("assignee").addEventListener("change", assign);
  document.addEventListener("click", function (event) {
    const link = event.target.closest && event.target.closest(".blocker-link, .warning-link");
    if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) return;
    const done = link.classList.contains("blocker-link") ? jumpToBlocker(link) : jumpToWarning(link);
    if (done) event.preventDefault();
  });
  for (const item of document.querySelectorAll(".orphan")) {
    const reattach = item.querySelector(".orphan-reattach");
    const close = item.querySelector(".orphan-close");
    if (reattach) reattach.addEventListener("click", function () { orphanAction(item, "reattach"); });
    if (close) close.addEventListener("click", function () { orphanAction(item, "close"); });
  }
  document.getElementById("show-shortcuts").addEventListener("click", function () {
    shortcuts.showModal();
  });
  document.addEventListener("keydown", onKey);
  const retagNow = document.getElementById("retag");
  if (retagNow) retagNow.addEventListener("click", retag);
  window.addEventListener("beforeunload", function (event) {
    if (dirty || anyDraft()) {
      event.preventDefault();
      event.returnValue = t("leave_warning");
    }
  });

  loadSentences();
  const wanted = Number(config.selected || new URL(window.location.href).searchParams.get("sentence"));
  if (wanted && sentences.has(wanted)) select(wanted, { focusList: true });
  if (config.job && (config.job.state === "queued" || config.job.state === "running")) {
    followJob(config.job.id);
  }
  document.body.dataset.ready = "true";
})();
