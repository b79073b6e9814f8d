/* Reviewer keys in the workspace: `a` approves the selected sentence's verdict, `c` opens the
 * request-changes comment (Ctrl+Enter there sends it). Like every letter key they do nothing
 * while a field has the focus or a dialog is open; the buttons decide what is allowed (four
 * eyes, the review state), so a key can never do what its button would refuse. */
"use strict";

(function () {
  const approve = document.getElementById("approve");
  const comment = document.getElementById("review-comment-input");
  const requestChanges = document.getElementById("request-changes");
  if (!approve || !comment || !requestChanges) return; // not a reviewer here

  function isTyping(target) {
    if (!target || !target.tagName) return false;
    const tag = target.tagName.toLowerCase();
    if (tag === "textarea" || tag === "select" || target.isContentEditable) return true;
    if (tag !== "input") return false;
    return !["radio", "checkbox", "button", "submit"].includes((target.type || "").toLowerCase());
  }

  function usable(button) {
    return !button.disabled && !button.closest("[hidden]");
  }

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    if (document.querySelector("dialog[open]") || isTyping(event.target)) return;
    if (event.key === "a" && usable(approve)) {
      event.preventDefault();
      approve.click();
    } else if (event.key === "c" && usable(requestChanges)) {
      event.preventDefault();
      comment.scrollIntoView({ block: "nearest" });
      comment.focus();
    }
  });

  // In the comment field Ctrl+Enter sends the request (elsewhere it saves the verdict).
  comment.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey)) return;
    event.preventDefault();
    event.stopPropagation();
    if (usable(requestChanges)) requestChanges.click();
  });
})();
