/* Comment threads in the workspace: the selected sentence's thread in the panel and the
 * article's own thread above the text. Text is plain and set with textContent only; mentions
 * the server resolved (comment.mentions) are marked, any other "@word" stays text.
 * A colleague's comment arrives through live.js as an "fc:remote-comment" event. */
"use strict";

(function () {
  const configNode = document.getElementById("workspace-config");
  const stringsNode = document.getElementById("comment-strings");
  if (!configNode || !stringsNode) return;
  const config = JSON.parse(configNode.textContent);
  const el = FC.el;
  const words = stringsNode.dataset;
  const MENTION = /(^|[^\w@.+-])@([\w.+-]*[\w+-]|\w)/g;

  function say(key, arg) {
    const text = words[key] || key;
    return arg === undefined ? text : text.replace("%s", String(arg));
  }

  const threads = {
    sentence: { box: document.getElementById("sentence-comments"), id: null, url: null },
    article: {
      box: document.getElementById("article-comments"),
      id: config.article,
      url: "/api/articles/" + config.article + "/comments/",
    },
  };

  /** Plain text as nodes, invisible and look-alike characters shown as ⟨U+…⟩ (invisible.js). */
  function textNodes(text) {
    return FC.reveal ? FC.reveal(text).nodes : [document.createTextNode(text)];
  }

  /** The text as nodes: plain text, with known mentions in <mark class="mention">. */
  function bodyNodes(body, mentions) {
    const known = new Set(mentions || []);
    const nodes = [];
    let last = 0;
    for (const match of body.matchAll(MENTION)) {
      const start = match.index + match[1].length;
      if (!known.has(match[2])) continue;
      if (start > last) nodes.push.apply(nodes, textNodes(body.slice(last, start)));
      nodes.push(el("mark", { class: "mention", "data-user": match[2], text: "@" + match[2] }));
      last = start + 1 + match[2].length;
    }
    if (last < body.length) nodes.push.apply(nodes, textNodes(body.slice(last)));
    return nodes;
  }

  function when(iso) {
    return FC.formatDate(iso, { withTime: true });
  }

  function renderComment(thread, comment) {
    const mine = comment.author && comment.author.id === config.user.id;
    const canWrite = !config.readonly && config.role !== "viewer";
    const editable = mine && canWrite && new Date(comment.editable_until) > new Date();
    const meta = el("div", { class: "comment-meta" }, [
      el("strong", { class: "comment-author", text: comment.author ? comment.author.username : "–" }),
      " ",
      el("time", { class: "muted small", datetime: comment.created_at, text: when(comment.created_at) }),
      comment.edited_at ? el("span", { class: "muted small", text: " · " + say("edited") }) : null,
      comment.resolved ? el("span", { class: "comment-resolved-pill", text: say("resolved") }) : null,
    ]);
    const body = el("p", { class: "comment-body" }, bodyNodes(comment.body, comment.mentions));
    const warning = FC.reveal ? FC.reveal(comment.body).warning : "";
    const note = warning
      ? el("p", { class: "reveal-warning", role: "note", "data-reveal-warning": "", text: warning })
      : null;
    const actions = el("div", { class: "comment-actions" });
    if (editable) {
      const edit = el("button", { type: "button", class: "btn btn-small btn-quiet comment-edit", text: say("edit") });
      edit.addEventListener("click", function () { startEdit(thread, comment, item); });
      actions.append(edit);
    }
    if (canWrite) {
      const verb = comment.resolved ? "reopen" : "resolve";
      const toggle = el("button", { type: "button", class: "btn btn-small btn-quiet comment-" + verb, text: say(verb) });
      toggle.addEventListener("click", async function () {
        const result = await FC.api("POST", "/api/comments/" + comment.id + "/" + verb + "/");
        if (result.ok) replace(thread, result.data);
        else showError(thread, result);
      });
      actions.append(toggle);
    }
    const item = el("li", {
      class: "comment" + (comment.resolved ? " is-resolved" : ""),
      id: "comment-" + comment.id,
      "data-comment": comment.id,
    }, [meta, body, note, actions]);
    return item;
  }

  function startEdit(thread, comment, item) {
    const input = el("textarea", { class: "comment-input", rows: "2", maxlength: "5000", "aria-label": say("edit") });
    input.value = comment.body;
    const save = el("button", { type: "button", class: "btn btn-small", text: say("save") });
    const cancel = el("button", { type: "button", class: "btn btn-small btn-quiet", text: say("cancel") });
    const error = el("div", { class: "field-error", role: "alert", hidden: true });
    const form = el("div", { class: "comment-edit-form" }, [input, error, save, cancel]);
    item.querySelector(".comment-body").replaceWith(form);
    item.querySelector(".comment-actions").hidden = true;
    input.focus();
    cancel.addEventListener("click", function () { replace(thread, comment); });
    save.addEventListener("click", async function () {
      const result = await FC.api("PATCH", "/api/comments/" + comment.id + "/", { body: { body: input.value } });
      if (result.ok) replace(thread, result.data);
      else {
        error.hidden = false;
        error.textContent = say("failed", messageOf(result));
      }
    });
  }

  function messageOf(result) {
    const data = result.data || {};
    if (data.fields && data.fields.body) return data.fields.body.join(" ");
    return data.message || String(result.status);
  }

  function showError(thread, result) {
    const error = thread.box.querySelector(".comment-error");
    if (!error) return;
    error.hidden = false;
    error.textContent = say("failed", messageOf(result));
  }

  function replace(thread, comment) {
    const old = document.getElementById("comment-" + comment.id);
    const fresh = renderComment(thread, comment);
    if (old) old.replaceWith(fresh);
    else thread.box.querySelector(".comment-list").append(fresh);
  }

  function render(thread, comments) {
    const list = thread.box.querySelector(".comment-list");
    list.replaceChildren();
    if (!comments.length) list.append(el("li", { class: "comment-empty muted small", text: say("empty") }));
    for (const comment of comments) list.append(renderComment(thread, comment));
    if (thread === threads.article) {
      const summary = document.getElementById("article-comments-summary");
      summary.textContent = comments.length ? say("count", comments.length) : say("title");
    }
  }

  async function load(thread) {
    if (!thread.box || !thread.url) return;
    const url = thread.url;
    const result = await FC.api("GET", url);
    if (result.ok && url === thread.url) render(thread, result.data);
  }

  function wireForm(thread) {
    if (!thread.box) return;
    const form = thread.box.querySelector(".comment-form");
    if (!form) return;
    const input = form.querySelector(".comment-input");
    const error = form.querySelector(".comment-error");
    form.addEventListener("submit", async function (event) {
      event.preventDefault();
      if (!thread.url) return;
      error.hidden = true;
      const result = await FC.api("POST", thread.url, { body: { body: input.value } });
      if (!result.ok) {
        showError(thread, result);
        return;
      }
      input.value = "";
      const empty = thread.box.querySelector(".comment-empty");
      if (empty) empty.remove();
      replace(thread, result.data);
      FC.announce(say("posted"));
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        event.stopPropagation();
        form.requestSubmit();
      }
    });
  }

  function selectSentence(id) {
    const thread = threads.sentence;
    if (!thread.box || !id || id === thread.id) return;
    thread.id = id;
    thread.url = "/api/sentences/" + id + "/comments/";
    thread.box.querySelector(".comment-list").replaceChildren();
    load(thread);
  }

  document.addEventListener("fc:select", function (event) { selectSentence(event.detail.sentence); });
  document.addEventListener("fc:remote-comment", function (event) {
    const change = event.detail;
    if (change.by === config.user.username) return; // this page already shows its own
    if (change.sentence === null) load(threads.article);
    else if (change.sentence === threads.sentence.id) load(threads.sentence);
    if (change.action === "create") FC.announce(say("new", change.by || ""));
  });

  wireForm(threads.sentence);
  wireForm(threads.article);
  load(threads.article);
  const selected = document.querySelector('.sentence[aria-selected="true"]');
  const initial = selected ? Number(selected.dataset.sentenceId || selected.id.slice(2)) : Number(config.selected);
  if (initial) selectSentence(initial);
})();
