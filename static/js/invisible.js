/* Invisible characters (zero-width space and joiners, LRM/RLM, word joiner, BOM, soft hyphen,
 * tag characters, spaces other than the plain one) and look-alike letters (a word mixing Latin
 * with Cyrillic or Greek letters, as "pаypal" with a Cyrillic а) in the texts people type are
 * kept as typed. This names them under the field while the editor types, as the API's
 * "warnings" do after a save (FC.checkField for a field a script filled), and FC.reveal shows
 * comments, review notes, the history, the conflict panel and "checked before" with them made
 * visible (⟨U+0430⟩). INVISIBLE is INVISIBLE_PATTERN of annotations/services/text.py
 * and LOOKALIKE the letters of annotations/services/lookalike.py, written for JavaScript
 * (tests/api/test_hardening.py keeps them equal); the rule is find_lookalikes' own. */
"use strict";

(function () {
  const INVISIBLE = /[\u{a0}\u{ad}\u{600}-\u{605}\u{61c}\u{6dd}\u{70f}\u{890}-\u{891}\u{8e2}\u{115f}-\u{1160}\u{1680}\u{180e}\u{2000}-\u{200f}\u{2028}\u{202a}-\u{202f}\u{205f}-\u{2064}\u{2066}-\u{206f}\u{3000}\u{3164}\u{feff}\u{ffa0}\u{fff9}-\u{fffb}\u{110bd}\u{110cd}\u{13430}-\u{13438}\u{1bca0}-\u{1bca3}\u{1d173}-\u{1d17a}\u{e0001}\u{e0020}-\u{e007f}]/gu;
  const LOOKALIKE = new Set(
    "ABCEFGHJKMNOPSTVWXYZabcdehijlopqrsuvwxy\u00de\u00df\u00fe\u0138\u0185\u0186\u018f\u0190" +
    "\u01a8\u01a9\u01dd\u01f6\u021d\u0245\u0254\u025c\u0262\u0278\u028c\u028d\u0298\u0299\u029c" +
    "\u0370\u0376\u0377\u037a\u037b\u037d\u037f\u0391\u0392\u0393\u0395\u0396\u0397\u0399\u039a" +
    "\u039b\u039c\u039d\u039f\u03a0\u03a1\u03a3\u03a4\u03a5\u03a6\u03a7\u03a8\u03b1\u03b2\u03b3" +
    "\u03b4\u03b5\u03b9\u03ba\u03bd\u03bf\u03c0\u03c1\u03c3\u03c4\u03c5\u03c6\u03c7\u03c8\u03c9" +
    "\u03d0\u03d2\u03d5\u03dc\u03f0\u03f1\u03f2\u03f3\u03f5\u03f7\u03f8\u03f9\u03fa\u03fd\u03ff" +
    "\u0404\u0405\u0406\u0408\u0410\u0412\u0413\u0415\u0418\u041a\u041b\u041c\u041d\u041e\u041f" +
    "\u0420\u0421\u0422\u0423\u0424\u0425\u042c\u0430\u0432\u0433\u0435\u0437\u0438\u043a\u043c" +
    "\u043d\u043e\u043f\u0440\u0441\u0442\u0443\u0444\u0445\u044c\u044f\u0454\u0455\u0456\u0458" +
    "\u0459\u0461\u0470\u0471\u0474\u0475\u04ae\u04af\u04bb\u04bd\u04c0\u04cf\u04d8\u04d9\u04e1" +
    "\u0501\u050a\u050c\u050d\u0510\u0511\u051b\u051c\u051d\u1d0e\u1d18\u1d19\u1d1b\u1d26\u1d27" +
    "\u1d29\u1d34\u1d78\u1e9f\u1fbe\u2c75\ua645\ua647\ua64c\ua64d\ua668\ua73e\ua73f\ua792\ua793" +
    "\ua7b6\ua7b7\uab53\uab55\uab60"
  );
  const WORD = /[\p{L}\p{M}]+/gu;
  const SCRIPTS = [
    ["LATIN", /\p{Script=Latin}/u],
    ["CYRILLIC", /\p{Script=Cyrillic}/u],
    ["GREEK", /\p{Script=Greek}/u],
  ];
  const FIELDS =
    "#rationale, #review-comment-input, .ev-title, .comment-input, .comment-edit-input, #attribution-rationale";
  const SHOWN = 5;
  const notes = new WeakMap();

  function hex(char) {
    return "U+" + char.codePointAt(0).toString(16).toUpperCase().padStart(4, "0");
  }

  function scriptOf(char) {
    for (const [name, pattern] of SCRIPTS) if (pattern.test(char)) return name;
    return "";
  }

  /** [{index, char}] of the invisible characters; index in UTF-16 units. */
  function findInvisible(value) {
    return Array.from(value.matchAll(INVISIBLE), function (match) {
      return { index: match.index, char: match[0] };
    });
  }

  /** [{index, char, word}] of the look-alike letters: in a word mixing Latin, Cyrillic and
   * Greek, the letters outside its main script (most letters; Latin on a tie), when one of
   * them looks like a letter of another of the three. */
  function findLookalikes(value) {
    const found = [];
    for (const match of value.matchAll(WORD)) {
      const counts = new Map();
      const letters = [];
      let at = match.index;
      for (const char of match[0]) {
        const script = scriptOf(char);
        letters.push({ index: at, char: char, script: script });
        if (script) counts.set(script, (counts.get(script) || 0) + 1);
        at += char.length;
      }
      if (counts.size < 2) continue;
      let main = "";
      for (const [script, count] of counts) {
        const best = counts.get(main) || 0;
        if (!main || count > best || (count === best && script === "LATIN")) main = script;
      }
      const odd = letters.filter(function (l) { return l.script && l.script !== main; });
      if (!odd.some(function (l) { return LOOKALIKE.has(l.char); })) continue;
      for (const l of odd) found.push({ index: l.index, char: l.char, word: match[0] });
    }
    return found;
  }

  /** Positions in characters, counted from 1 as the server does. */
  function position(value, index) {
    return Array.from(value.slice(0, index)).length + 1;
  }

  function list(items) {
    if (items.length > SHOWN) return items.slice(0, SHOWN).join(", ") + ", … (" + items.length + ")";
    return items.join(", ");
  }

  /** "U+200B @ 5, U+2060 @ 11" for the field notes. */
  function describe(value) {
    return list(findInvisible(value).map(function (f) { return hex(f.char) + " @ " + position(value, f.index); }));
  }

  /** "U+0430 @ 2 (pаypal)" for the field notes. */
  function describeLookalikes(value) {
    return list(findLookalikes(value).map(function (f) {
      return hex(f.char) + " @ " + position(value, f.index) + " (" + f.word + ")";
    }));
  }

  /** The text as nodes, each invisible character and look-alike letter shown as ⟨U+…⟩ (its
   * own span, so the text stays plain), and the warning to show beside it ("" if none). */
  function reveal(value) {
    const text = value || "";
    const invisible = findInvisible(text);
    const lookalike = findLookalikes(text);
    const flagged = new Map();
    for (const f of invisible) flagged.set(f.index, ["invisible-char", f.char]);
    for (const f of lookalike) flagged.set(f.index, ["lookalike-char", f.char]);
    const nodes = [];
    let last = 0;
    for (const index of Array.from(flagged.keys()).sort(function (a, b) { return a - b; })) {
      const [css, char] = flagged.get(index);
      if (index > last) nodes.push(document.createTextNode(text.slice(last, index)));
      const span = document.createElement("span");
      span.className = css;
      span.title = hex(char);
      span.textContent = "⟨" + hex(char) + "⟩";
      nodes.push(span);
      last = index + char.length;
    }
    if (last < text.length) nodes.push(document.createTextNode(text.slice(last)));
    const parts = [];
    if (invisible.length) {
      const codes = Array.from(new Set(invisible.map(function (f) { return hex(f.char); })));
      parts.push(window.FC.t("revealed_invisible", codes.join(", ")));
    }
    if (lookalike.length) {
      const named = Array.from(new Set(lookalike.map(function (f) { return hex(f.char) + " “" + f.word + "”"; })));
      parts.push(window.FC.t("revealed_lookalike", named.join(", ")));
    }
    return { nodes: nodes, warning: parts.join(" · ") };
  }

  /** Fill ``node`` with ``text`` revealed, and a warning note after it when there is one. */
  function showRevealed(node, text) {
    const shown = reveal(text);
    node.replaceChildren.apply(node, shown.nodes);
    let note = node.nextElementSibling;
    if (!(note && note.hasAttribute("data-reveal-warning"))) note = null;
    if (!shown.warning) {
      if (note) note.remove();
      return;
    }
    if (!note) {
      note = document.createElement(node.tagName === "SPAN" ? "span" : "p");
      note.className = "reveal-warning";
      note.setAttribute("role", "note");
      note.dataset.revealWarning = "";
      node.insertAdjacentElement("afterend", note);
    }
    note.textContent = shown.warning;
  }

  window.FC.reveal = reveal;
  window.FC.showRevealed = showRevealed;

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
    const value = field.value || "";
    const invisible = describe(value);
    const lookalike = describeLookalikes(value);
    const found = invisible || lookalike;
    const note = found ? noteFor(field) : notes.get(field);
    if (!note) return;
    note.hidden = !found;
    const parts = [];
    if (invisible) parts.push(window.FC.t("invisible_chars", invisible));
    if (lookalike) parts.push(window.FC.t("lookalike_chars", lookalike));
    note.textContent = parts.join(" ");
  }

  function checkAll() {
    for (const field of document.querySelectorAll(FIELDS)) check(field);
  }

  // For a field a script filled without an input event (a loaded check, a fetched title).
  window.FC.checkField = check;

  document.addEventListener("input", function (event) {
    if (event.target instanceof Element && event.target.matches(FIELDS)) check(event.target);
  });
  // The panel is filled before "fc:select" is sent; its fields are set without input events.
  document.addEventListener("fc:select", checkAll);
  checkAll();
})();
