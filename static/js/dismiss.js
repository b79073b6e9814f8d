/* Dismissing the selected sentence as not a claim (key x, a reason picker) and undoing it
 * (x again on a dismissed sentence, or the undo button). Follows workspace.js's selection
 * through its "fc:select" event and reads the sentences' dismissals from the page's sentence
 * data. A verdict saved on a dismissed sentence undoes the dismissal on the server; the sentence's data-verdict hook
 * turning non-empty tells this script to show it so. */
"use strict";

(function () {
  const box = document.getElementById("dismiss-box");
  const configNode = document.getElementById("workspace-config");
  if (!box || !configNode || !document.getElementById("sentences-data")) return;
  const config = JSON.parse(configNode.textContent);
  const el = FC.el;
  const canEdit = box.dataset.canEdit === "1" && !config.readonly;
  const dialog = document.getElementById("dismiss-dialog");
  const dismissForm = document.getElementById("dismiss-form");
  const note = document.getElementById("dismiss-note");
  const openButton = document.getElementById("dismiss-open");
  const undoButton = document.getElementById("dismiss-undo");
  const error = document.getElementById("dismiss-error");
  const reasonLabels = {};
  for (const input of document.querySelectorAll('#dismiss-form input[name="reason"]')) {
    reasonLabels[input.value] = input.parentElement.textContent.replace(/^\s*\d\s*/, "").trim();
  }
  const dismissed = new Map(); // sentence id -> {reason, by, at} or null
  let current = null;
  let busy = false;

  function loadData() {
    const dataNode = document.getElementById("sentences-data");
    for (const sentence of JSON.parse(dataNode.textContent)) {
      dismissed.set(sentence.id, sentence.dismissed || null);
      mark(sentence.id);
    }
  }

  function option(id) {
    return document.getElementById("s-" + id);
  }

  function say(template, arg) {
    return template.replace("%s", String(arg));
  }

  /** The sentence in the text carries is-dismissed and a data-dismissed hook with the reason. */
  function mark(id) {
    const node = option(id);
    if (!node) return;
    const state = dismissed.get(id);
    node.classList.toggle("is-dismissed", Boolean(state));
    node.dataset.dismissed = state ? state.reason : "";
  }

  function show() {
    const state = current === null ? null : dismissed.get(current);
    document.getElementById("dismiss-state").hidden = !state;
    document.getElementById("dismiss-text").textContent = state
      ? say(box.dataset.done, reasonLabels[state.reason] || state.reason)
      : "";
    document.getElementById("dismiss-who").textContent =
      state && state.by ? say(box.dataset.by, state.by.username) : "";
    if (openButton) openButton.disabled = !canEdit || current === null || hasVerdict(current);
    if (undoButton) undoButton.hidden = !state || !canEdit;
    error.hidden = true;
  }

  function hasVerdict(id) {
    const node = option(id);
    return Boolean(node && node.dataset.verdict);
  }

  function fail(answer) {
    error.textContent = say(box.dataset.failed, (answer.data && answer.data.message) || answer.status);
    error.hidden = false;
  }

  function openPicker() {
    if (!canEdit || current === null || busy || hasVerdict(current)) return;
    const state = dismissed.get(current);
    const wanted = state ? state.reason : "opinion";
    for (const input of dismissForm.querySelectorAll('input[name="reason"]')) {
      input.checked = input.value === wanted;
    }
    note.value = "";
    dialog.returnValue = "";
    dialog.showModal();
    const checked = dismissForm.querySelector('input[name="reason"]:checked');
    if (checked) checked.focus();
  }

  async function send(reason) {
    const id = current;
    busy = true;
    const answer = await FC.api("POST", "/api/sentences/" + id + "/dismiss/", {
      body: { reason: reason, note: note.value },
    });
    busy = false;
    if (!answer.ok) return fail(answer);
    dismissed.set(id, { reason: answer.data.reason, by: answer.data.by, at: answer.data.at });
    mark(id);
    if (id === current) show();
    FC.announce(say(box.dataset.done, reasonLabels[answer.data.reason] || answer.data.reason));
    if (undoButton && id === current) undoButton.focus();
  }

  async function undo() {
    const id = current;
    if (!canEdit || id === null || busy || !dismissed.get(id)) return;
    busy = true;
    const answer = await FC.api("DELETE", "/api/sentences/" + id + "/dismiss/");
    busy = false;
    if (!answer.ok && answer.status !== 409) return fail(answer);
    dismissed.set(id, null);
    mark(id);
    if (id === current) show();
    FC.announce(box.dataset.undone);
  }

  function isTyping(target) {
    if (!target || !target.tagName) return false;
    const tag = target.tagName.toLowerCase();
    if (tag === "textarea" || tag === "select" || target.isContentEditable) return true;
    if (tag !== "input") return false;
    return !["radio", "checkbox", "button", "submit"].includes((target.type || "").toLowerCase());
  }

  document.addEventListener("fc:select", function (event) {
    current = event.detail.sentence;
    show();
  });

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
    if (document.querySelector("dialog[open]")) return;
    if (event.key !== "x") return;
    event.preventDefault();
    // A toggle: x on a dismissed sentence undoes the dismissal, otherwise it opens the picker.
    if (current !== null && dismissed.get(current)) undo();
    else openPicker();
  });

  if (dialog) {
    // Keys inside the picker choose a reason; they must not reach the workspace's shortcuts.
    dialog.addEventListener("keydown", function (event) {
      if (event.key === "Escape") return;
      event.stopPropagation();
      const radios = dismissForm.querySelectorAll('input[name="reason"]');
      const index = Number(event.key) - 1;
      if (!isTyping(event.target) && index >= 0 && index < radios.length) {
        event.preventDefault();
        radios[index].checked = true;
        radios[index].focus();
      } else if (event.key === "Enter" && !event.shiftKey && event.target.type !== "submit") {
        event.preventDefault();
        dialog.close("dismiss");
      }
    });
    dialog.addEventListener("close", function () {
      const checked = dismissForm.querySelector('input[name="reason"]:checked');
      if (dialog.returnValue === "dismiss" && checked) send(checked.value);
      const list = document.getElementById("sentence-list");
      if (list) list.focus();
    });
  }
  if (openButton) openButton.addEventListener("click", openPicker);
  if (undoButton) undoButton.addEventListener("click", undo);

  // A verdict saved on a dismissed sentence undid the dismissal on the server.
  const observer = new MutationObserver(function (records) {
    for (const item of records) {
      const id = Number(item.target.dataset.id);
      if (item.target.dataset.verdict && dismissed.get(id)) {
        dismissed.set(id, null);
        mark(id);
        if (id === current) show();
      } else if (id === current) {
        show();
      }
    }
  });
  function watch() {
    observer.disconnect();
    for (const node of document.querySelectorAll('#sentence-list [role="option"]')) {
      observer.observe(node, { attributes: true, attributeFilter: ["data-verdict"] });
    }
    loadData();
    show();
    // The workspace swaps the whole text in once pre-tags arrive: read it again then.
    const body = document.getElementById("article-body");
    if (body && body.parentNode) swaps.observe(body.parentNode, { childList: true });
  }
  const swaps = new MutationObserver(function () {
    swaps.disconnect();
    watch();
  });

  // workspace.js runs first and may have selected a sentence before this script listened.
  const selected = document.querySelector('#sentence-list [aria-selected="true"]');
  if (selected) current = Number(selected.dataset.id);
  watch();
})();
