/* The readiness in the workspace's header, kept current: fetched again (once, shortly after a
 * burst) whenever the live feed reports a changed sentence, mine or a colleague's, or a pre-tag
 * job that finished. The section is swapped only when its content changed, so a blocker link
 * in use is not pulled away; focus on a blocker stays on the same blocker. */
"use strict";

(function () {
  const configNode = document.getElementById("workspace-config");
  if (!configNode || !document.getElementById("readiness")) return;
  const config = JSON.parse(configNode.textContent);
  if (config.readonly) return; // an older version's readiness is not shown
  const url = "/articles/" + config.article + "/readiness/";
  const SETTLE_MS = 300;
  let timer = null;
  let running = false;
  let again = false;

  function later() {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, SETTLE_MS);
  }

  async function refresh() {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      const response = await fetch(url, { credentials: "same-origin", cache: "no-store" });
      if (response.ok) swap(await response.text());
    } catch (_error) {
      // The next change asks again.
    } finally {
      running = false;
      if (again) {
        again = false;
        later();
      }
    }
  }

  function swap(html) {
    const old = document.getElementById("readiness");
    const fresh = new DOMParser().parseFromString(html, "text/html").getElementById("readiness");
    if (!old || !fresh || old.outerHTML === fresh.outerHTML) return;
    const focused = old.contains(document.activeElement) ? document.activeElement.closest("li") : null;
    const code = focused ? focused.dataset.code : null;
    const wasReady = old.classList.contains("is-ready");
    const node = document.importNode(fresh, true);
    old.replaceWith(node);
    if (code) {
      const link = node.querySelector('li[data-code="' + code + '"] a');
      if (link) link.focus({ preventScroll: true });
    }
    if (wasReady !== node.classList.contains("is-ready")) {
      FC.announce(node.querySelector(".readiness-state").textContent);
    }
    node.dispatchEvent(new CustomEvent("fc:readiness", { bubbles: true }));
  }

  document.addEventListener("fc:remote-change", later);
  document.addEventListener("fc:job", function (event) {
    if (event.detail && event.detail.state === "done") later();
  });
})();
