/* On a narrow screen the verdict panel is a sheet (css/sheet.css): selecting a sentence opens
 * it over the lower part of the text, with the sentence moved into the strip above it; "Back to
 * the text" (or Esc outside a field) closes it and puts the page back where it was. */
"use strict";

(function () {
  const close = document.getElementById("sheet-close");
  const list = document.getElementById("sentence-list");
  if (!close || !list) return;
  const narrow = window.matchMedia("(max-width: 820px)");
  const VISIBLE_SHARE = 0.28; // of the window's height left above the sheet (72vh)
  let savedScroll = null;

  function isOpen() {
    return document.body.classList.contains("sheet-open");
  }

  function open(event) {
    if (!narrow.matches) return;
    if (!isOpen()) savedScroll = window.scrollY;
    document.body.classList.add("sheet-open");
    const node = document.getElementById("s-" + event.detail.sentence);
    if (!node) return;
    const box = node.getBoundingClientRect();
    const room = window.innerHeight * VISIBLE_SHARE;
    if (box.top < 0 || box.bottom > room) {
      window.scrollBy(0, box.top - Math.max(8, (room - box.height) / 2));
    }
  }

  function shut() {
    if (!isOpen()) return;
    document.body.classList.remove("sheet-open");
    list.focus({ preventScroll: true });
    if (savedScroll !== null) window.scrollTo(0, savedScroll);
    savedScroll = null;
  }

  function isTyping(target) {
    const tag = target && target.tagName ? target.tagName.toLowerCase() : "";
    return tag === "textarea" || tag === "select" || (tag === "input" && target.type !== "radio");
  }

  document.addEventListener("fc:select", open);
  // A link to a sentence (?sentence=, from the inbox, search or a colleague) opens its panel.
  const linked = new URLSearchParams(window.location.search).get("sentence");
  const node = linked ? document.getElementById("s-" + linked) : null;
  if (node && node.getAttribute("aria-selected") === "true") {
    open({ detail: { sentence: linked } });
  }
  close.addEventListener("click", shut);
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || !isOpen() || document.querySelector("dialog[open]")) return;
    if (isTyping(event.target)) return; // the first Esc leaves the field, the next one closes
    shut();
  });
  narrow.addEventListener("change", function (event) {
    if (!event.matches) {
      document.body.classList.remove("sheet-open");
      savedScroll = null;
    }
  });
})();
