/* The desk's live feed for the home page and the review queue: one poll of
 * /api/desk/changes/ about once a second while the page is visible (less often when hidden),
 * whatever the page lists, with the workspace feed's rules (live.js): cursors that the server
 * hands back, an ETag so that an unchanged answer is a 304, backing off after failures, and a
 * stop when the session is gone. FC.deskFeed({params, apply}) starts it: ``params()`` gives
 * the page's own query parameters, ``apply(data, feed)`` shows an answer; ``feed.now()``
 * polls again at once (a job the page saw finish). */
"use strict";

(function () {
  const URL_PATH = "/api/desk/changes/";
  const VISIBLE_MS = 1000;
  const HIDDEN_MS = [5000, 15000, 30000];

  FC.deskFeed = function (options) {
    let cursor = null;
    let versionCursor = null;
    let lastTag = null;
    let hiddenPolls = 0;
    let failures = 0;
    let stopped = false;
    let timer = null;
    const appliedRevisions = new Map(); // sentence id -> the revision already handed on

    function delay() {
      if (failures) return Math.min(30000, 2000 * 2 ** Math.min(failures, 4));
      if (!document.hidden) return VISIBLE_MS;
      return HIDDEN_MS[Math.min(hiddenPolls, HIDDEN_MS.length - 1)];
    }

    function schedule(ms) {
      window.clearTimeout(timer);
      if (!stopped) timer = window.setTimeout(poll, ms);
    }

    async function poll() {
      const params = new URLSearchParams(options.params ? options.params() : {});
      if (cursor !== null) params.set("after", String(cursor));
      if (versionCursor !== null) params.set("versions_after", String(versionCursor));
      const headers = { Accept: "application/json" };
      if (lastTag) headers["If-None-Match"] = lastTag;
      let response;
      try {
        response = await fetch(URL_PATH + "?" + params, {
          headers: headers, credentials: "same-origin", cache: "no-store",
        });
      } catch (_error) {
        failures += 1;
        schedule(delay());
        return;
      }
      if ([400, 401, 403].includes(response.status)) {
        stopped = true; // logged out, or a query the server refuses: a reload tells the rest
        return;
      }
      hiddenPolls = document.hidden ? hiddenPolls + 1 : 0;
      if (response.status === 304) {
        failures = 0;
        schedule(delay());
        return;
      }
      if (!response.ok) {
        failures += 1;
        schedule(delay());
        return;
      }
      failures = 0;
      let data;
      try {
        data = await response.json();
      } catch (_error) {
        schedule(delay());
        return;
      }
      lastTag = response.headers.get("ETag");
      cursor = data.cursor;
      versionCursor = data.version_cursor;
      // Each sentence's state once per revision (unsettled rows come again).
      data.sentences = (data.sentences || []).filter(function (change) {
        if ((appliedRevisions.get(change.sentence) || 0) >= change.revision) return false;
        appliedRevisions.set(change.sentence, change.revision);
        return true;
      });
      options.apply(data, feed);
      schedule(data.more ? 0 : delay());
    }

    const feed = {
      now: function () { schedule(0); },
    };
    document.addEventListener("visibilitychange", function () {
      if (!document.hidden) {
        hiddenPolls = 0;
        schedule(0);
      }
    });
    poll();
    return feed;
  };
})();
