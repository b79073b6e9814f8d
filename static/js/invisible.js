/* Invisible characters in the verdict's texts (zero-width space and joiners, LRM/RLM, word
 * joiner, BOM, soft hyphen, tag characters, spaces other than the plain one) are kept as typed;
 * this names them under the field while the editor types, as the API's "warnings" do after a
 * save. The class is INVISIBLE_PATTERN of annotations/services/text.py, written for JavaScript
 * (tests/api/test_hardening.py keeps the two equal). */
"use strict";

(function () {
  const INVISIBLE = /[\u{a0}\u{ad}\u{600}-\u{605}\u{61c}\u{6dd}\u{70f}\u{890}-\u{891}\u{8e2}\u{115f}-\u{1160}\u{1680}\u{180e}\u{2000}-\u{200f}\u{2028}\u{202a}-\u{202f}\u{205f}-\u{2064}\u{2066}-\u{206f}\u{3000}\u{3164}\u{feff}\u{ffa0}\u{fff9}-\u{fffb}\u{110bd}\u{110cd}\u{13430}-\u{13438}\u{1bca0}-\u{1bca3}\u{1d173}-\u{1d17a}\u{e0001}\u{e0020}-\u{e007f}]/gu;
  const FIELDS = "#rationale, #review-comment-input, .ev-title";
  const SHOWN = 5;
  const notes = new WeakMap();

  function hex(char) {
    return "U+" + char.codePointAt(0).toString(16).toUpperCase().padStart(4, "0");
  }

  /** "U+200B at 5, U+2060 at 11": positions in characters, counted from 1 as the server does. */
  function describe(value) {
    const found = [];
    for (const match of value.matchAll(INVISIBLE)) {
      found.push(hex(match[0]) + " @ " + (Array.from(value.slice(0, match.index)).length + 1));
    }
    if (found.length > SHOWN) {
      return found.slice(0, SHOWN).join(", ") + ", … (" + found.length + ")";
    }
    return found.join(", ");
  }

  function noteFor(field) {
    let note = notes.get(field);
    if (!note || !note.isConnected) {
      note = document.createElement("p");
      note.className = "invisible-warning";
      note.setAttribute("role", "note");
      note.dataset.invisibleNote = "";
      // Inside an evidence row's label, so the row's grid keeps its columns.
      const label = field.closest("label");
      if (label) label.appendChild(note);
      else field.insertAdjacentElement("afterend", note);
      notes.set(field, note);
    }
    return note;
  }

  function check(field) {
    const found = describe(field.value || "");
    const note = found ? noteFor(field) : notes.get(field);
    if (!note) return;
    note.hidden = !found;
    note.textContent = found ? window.FC.t("invisible_chars", found) : "";
  }

  function checkAll() {
    for (const field of document.querySelectorAll(FIELDS)) check(field);
  }

  document.addEventListener("input", function (event) {
    if (event.target instanceof Element && event.target.matches(FIELDS)) check(event.target);
  });
  // The panel is filled before "fc:select" is sent; its fields are set without input events.
  document.addEventListener("fc:select", checkAll);
  checkAll();
})();
