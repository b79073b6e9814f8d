/* The inbox badge in the navigation: the unread count, asked for on load, every 20 s while the
 * page is visible, and at once when a colleague's comment arrives in an open workspace. */
"use strict";

(function () {
  const link = document.getElementById("inbox-link");
  const badge = document.getElementById("inbox-badge");
  if (!link || !badge) return;
  const url = link.dataset.countUrl;
  const EVERY_MS = 20000;
  let timer = null;
  let shown = -1;

  function show(count) {
    if (count === shown) return;
    shown = count;
    badge.hidden = count === 0;
    badge.textContent = count > 99 ? "99+" : String(count);
    const label = count ? link.dataset.label + ": " + link.dataset.unread.replace("%s", String(count)) : link.dataset.label;
    link.setAttribute("aria-label", label);
    link.dataset.count = String(count);
  }

  async function refresh() {
    window.clearTimeout(timer);
    if (!document.hidden) {
      try {
        const response = await fetch(url, {
          headers: { Accept: "application/json" },
          credentials: "same-origin",
          cache: "no-store",
        });
        if (response.status === 401 || response.status === 403) return;
        if (response.ok) show((await response.json()).unread);
      } catch (_error) {
        /* the next round asks again */
      }
    }
    timer = window.setTimeout(refresh, EVERY_MS);
  }

  document.addEventListener("visibilitychange", function () {
    if (!document.hidden) refresh();
  });
  document.addEventListener("fc:remote-comment", refresh);
  refresh();
})();
