/* Live updates in the workspace: polls the article's change feed about once a second while the
 * page is visible (less often when hidden), hands each colleague's change to workspace.js as an
 * "fc:remote-change" event, says when a newer version arrived, and shows who has which sentence
 * open (reported every few seconds; an entry not renewed expires on the server).
 * Short polling on purpose: it reads the database, so it works the same with one embedded
 * process and with many gunicorn processes, and needs no long-lived connections. */
"use strict";

(function () {
  const configNode = document.getElementById("workspace-config");
  if (!configNode) return;
  const config = JSON.parse(configNode.textContent);
  const t = FC.t;
  const el = FC.el;
  const base = "/api/articles/" + config.article + "/";
  const VISIBLE_MS = 1000;
  const HIDDEN_MS = [5000, 15000, 30000]; // backing off while nobody looks
  const PRESENCE_MS = 5000; // the server forgets an entry after 15 s
  const PRESENCE_HIDDEN_MS = 10000;

  let cursor = null;
  let commentCursor = null;
  let matchCursor = null;
  let lastTag = null;
  let hiddenPolls = 0;
  let failures = 0;
  let stopped = false;
  let pollTimer = null;
  let presenceTimer = null;
  let openSentence =
    Number(config.selected || new URL(window.location.href).searchParams.get("sentence")) || null;
  let jobKey = config.job ? config.job.id + ":" + config.job.state : "";
  let presenceKey = "";
  let bannerShown = false;
  const applied = new Map(); // sentence id -> the revision already applied
  const appliedComments = new Set(); // comment trail entries already handed on

  function say(key, english, arg) {
    const text = t(key, arg);
    return text === key ? (arg === undefined ? english : english.replace("%s", String(arg))) : text;
  }

  function csrfToken() {
    const item = document.cookie.split(";").map(function (part) { return part.trim(); })
      .find(function (part) { return part.startsWith("csrftoken="); });
    return item ? decodeURIComponent(item.slice("csrftoken=".length)) : "";
  }

  // --- the change feed ----------------------------------------------------------------------
  function schedule(delay) {
    window.clearTimeout(pollTimer);
    if (!stopped) pollTimer = window.setTimeout(poll, delay);
  }

  function nextDelay() {
    if (failures) return Math.min(30000, 2000 * 2 ** Math.min(failures, 4));
    if (!document.hidden) return VISIBLE_MS;
    return HIDDEN_MS[Math.min(hiddenPolls, HIDDEN_MS.length - 1)];
  }

  async function poll() {
    // Polls sent so far, for outside checks: a change saved before poll n started arrives with it.
    document.body.dataset.livePolls = String(Number(document.body.dataset.livePolls || 0) + 1);
    const params = new URLSearchParams();
    if (cursor !== null) params.set("after", String(cursor));
    if (commentCursor !== null) params.set("comments_after", String(commentCursor));
    if (matchCursor !== null) params.set("matches_after", String(matchCursor));
    if (!config.readonly) params.set("version", String(config.version));
    const headers = { Accept: "application/json" };
    if (lastTag) headers["If-None-Match"] = lastTag;
    let response;
    try {
      response = await fetch(base + "changes/?" + params, {
        headers: headers,
        credentials: "same-origin",
        cache: "no-store",
      });
    } catch (_error) {
      failures += 1;
      schedule(nextDelay());
      return;
    }
    if (response.status === 401 || response.status === 403 || response.status === 404) {
      stopped = true; // logged out or no longer a member: a reload tells the rest
      return;
    }
    hiddenPolls = document.hidden ? hiddenPolls + 1 : 0;
    if (response.status === 304) {
      failures = 0;
      schedule(nextDelay());
      return;
    }
    if (!response.ok) {
      failures += 1;
      schedule(nextDelay());
      return;
    }
    failures = 0;
    let data = null;
    try {
      data = await response.json();
    } catch (_error) {
      schedule(nextDelay());
      return;
    }
    lastTag = response.headers.get("ETag");
    cursor = data.cursor;
    if (data.comment_cursor !== undefined) commentCursor = data.comment_cursor;
    if (data.match_cursor !== undefined) matchCursor = data.match_cursor;
    apply(data);
    schedule(data.more ? 0 : nextDelay());
  }

  function apply(data) {
    for (const change of data.sentences || []) {
      if ((applied.get(change.sentence) || 0) >= change.revision) continue;
      applied.set(change.sentence, change.revision);
      document.dispatchEvent(new CustomEvent("fc:remote-change", { detail: change }));
    }
    // Comments: comments.js shows them (each trail entry once).
    for (const change of data.comments || []) {
      if (appliedComments.has(change.revision)) continue;
      appliedComments.add(change.revision);
      document.dispatchEvent(new CustomEvent("fc:remote-comment", { detail: change }));
    }
    // "Checked before": matches.js reloads the panel when its sentence is among these.
    if ((data.matches || []).length) {
      document.dispatchEvent(new CustomEvent("fc:remote-matches", { detail: { sentences: data.matches } }));
    }
    if (data.version_changed) showNewVersion(data.article.version);
    const job = data.article.job;
    const key = job ? job.id + ":" + job.state : "";
    if (key !== jobKey) {
      jobKey = key;
      document.dispatchEvent(new CustomEvent("fc:job", { detail: job }));
    }
    showPresence(data.presence || []);
  }

  /** A colleague imported a corrected text: offer it; drafts stay in this browser. */
  function showNewVersion(number) {
    if (bannerShown) return;
    bannerShown = true;
    const link = el("a", { href: "/articles/" + config.article + "/", text: say("live_open_new", "Open it") });
    const banner = el("p", { class: "live-banner", id: "new-version-banner", role: "status" }, [
      say("live_new_version", "Version %s of this article was imported.", number) + " ",
      link,
    ]);
    const grid = document.querySelector(".ws-grid");
    grid.parentNode.insertBefore(banner, grid);
    FC.announce(banner.textContent);
  }

  // --- presence -----------------------------------------------------------------------------
  function initials(name) {
    const parts = String(name).split(/[\s._-]+/).filter(Boolean);
    const letters = parts.length > 1 ? parts[0][0] + parts[1][0] : String(name).slice(0, 2);
    return letters.toUpperCase();
  }

  /** The sentence's number as the panel shows it (its place in the article, not the page). */
  function ordinalOf(id) {
    const data = document.getElementById("sentences-data");
    if (!data) return null;
    const found = JSON.parse(data.textContent).find(function (s) { return s.id === id; });
    return found ? found.ordinal : null;
  }

  /** Marks beside the sentences others have open, and a list of who is here. */
  function showPresence(entries) {
    const others = entries.filter(function (entry) { return entry.user_id !== config.user.id; });
    const key = JSON.stringify(others);
    if (key === presenceKey) return;
    presenceKey = key;
    for (const mark of document.querySelectorAll(".presence-mark")) mark.remove();
    const bySentence = new Map();
    for (const entry of others) {
      if (entry.sentence === null) continue;
      if (!bySentence.has(entry.sentence)) bySentence.set(entry.sentence, []);
      bySentence.get(entry.sentence).push(entry.user);
    }
    for (const [id, names] of bySentence) {
      const node = document.getElementById("s-" + id);
      if (!node) continue;
      // The initials come from CSS (attr()), so the sentence's own text stays as it is.
      node.append(el("span", {
        class: "presence-mark",
        "aria-hidden": "true",
        "data-initials": names.map(initials).join(" "),
        "data-users": names.join(" "),
        title: say("live_has_open", "Open for %s", names.join(", ")),
      }));
    }
    renderPresenceList(others);
  }

  function renderPresenceList(others) {
    let box = document.getElementById("presence");
    if (!box) {
      box = el("div", { id: "presence", class: "presence", "aria-live": "polite" });
      document.querySelector(".ws-tools").prepend(box);
    }
    box.replaceChildren();
    box.hidden = !others.length;
    if (!others.length) return;
    box.append(el("span", { class: "presence-label", text: say("live_here", "Also here:") }));
    for (const entry of others) {
      const where = entry.sentence === null ? null : ordinalOf(entry.sentence);
      const label = where === null
        ? entry.user
        : entry.user + " · " + say("live_at_sentence", "sentence %s", where + 1);
      box.append(el("span", { class: "presence-who", "data-user": entry.user, title: label }, [
        el("span", { class: "presence-initials", "aria-hidden": "true", text: initials(entry.user) }),
        el("span", { class: "presence-name", text: label }),
      ]));
    }
  }

  async function reportPresence() {
    window.clearTimeout(presenceTimer);
    if (stopped) return;
    await FC.api("POST", base + "presence/", { body: { sentence: openSentence } });
    presenceTimer = window.setTimeout(reportPresence, document.hidden ? PRESENCE_HIDDEN_MS : PRESENCE_MS);
  }

  document.addEventListener("fc:select", function (event) {
    openSentence = event.detail.sentence;
    reportPresence();
  });
  document.addEventListener("visibilitychange", function () {
    if (!document.hidden) {
      hiddenPolls = 0;
      schedule(0);
    }
  });
  window.addEventListener("pagehide", function () {
    fetch(base + "presence/", {
      method: "DELETE",
      keepalive: true,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken() },
    }).catch(function () { /* the entry expires by itself */ });
  });

  reportPresence();
  poll();
})();
