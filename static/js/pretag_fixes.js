/* Correcting the pre-tagger's speakers, sources and dates of the panel's sentence: one small
 * labelled field per tag, saved with Enter or its button. Follows the panel's sentence
 * (data-sentence on #panel-body) and talks to /api/sentences/{id}/pretag-corrections/. */
"use strict";

(function () {
  const section = document.getElementById("pretag-fixes");
  const body = document.getElementById("panel-body");
  if (!section || !body) return;
  const list = document.getElementById("pretag-fixes-list");
  const configNode = document.getElementById("workspace-config");
  const config = configNode ? JSON.parse(configNode.textContent) : {};
  const canEdit = section.dataset.canEdit === "1" && !config.readonly;
  const el = FC.el;
  let sentence = null;
  let asked = 0;

  function say(key, arg) {
    const text = section.dataset[key] || key;
    return arg === undefined ? text : text.replace("{x}", String(arg));
  }

  function url(id) {
    return "/api/sentences/" + id + "/pretag-corrections/";
  }

  /** The tag's words in guillemets (a quote's own marks dropped), cut to fit a label. */
  function quoted(text) {
    const bare = text.replace(/^[«»„“”"‚‘’‹›']+|[«»„“”"‚‘’‹›']+$/g, "").trim();
    const words = bare.length > 40 ? bare.slice(0, 39) + "…" : bare;
    return "«" + words + "»";
  }

  function item(tag, index) {
    const id = "pretag-fix-" + index;
    const input = el("input", {
      type: "text", id: id, class: "pretag-fix-input", maxlength: "200", autocomplete: "off",
      spellcheck: "false",
    });
    input.value = tag.value;
    if (tag.field === "date") {
      input.placeholder = "2024-05-03";
      input.setAttribute("aria-describedby", id + "-hint");
    }
    if (!canEdit) input.readOnly = true;
    const was = el("p", { class: "muted small pretag-fix-was", id: id + "-was" });
    const error = el("p", { class: "field-error", role: "alert", hidden: "" });
    const row = el("div", { class: "pretag-fix-row" }, [input]);
    if (canEdit) {
      row.append(el("button", { type: "submit", class: "btn btn-small", text: say("save") }));
    }
    const form = el("form", { class: "pretag-fix-form", novalidate: "" }, [
      el("label", { for: id, text: say(tag.field, quoted(tag.text)) }),
      row,
      tag.field === "date" ? el("p", { class: "muted small", id: id + "-hint", text: say("dateHint") }) : null,
      was,
      error,
    ]);
    const node = el("li", { class: "pretag-fix" }, [form]);
    node.dataset.kind = tag.kind;
    node.dataset.start = String(tag.start);
    node.dataset.field = tag.field;
    mark(node, tag);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (canEdit) save(node, tag, input, error);
    });
    return node;
  }

  /** A corrected tag shows what the pre-tagger said, and carries data-corrected. */
  function mark(node, tag) {
    const corrected = Boolean(tag.correction);
    node.dataset.corrected = corrected ? "1" : "";
    node.classList.toggle("is-corrected", corrected);
    const was = node.querySelector(".pretag-fix-was");
    was.hidden = !corrected;
    was.textContent = corrected ? say("was", tag.pretag_value || say("unresolved")) : "";
  }

  function show(data) {
    list.replaceChildren.apply(list, data.tags.map(item));
    section.hidden = !data.tags.length;
  }

  async function load(id) {
    const ticket = ++asked;
    const answer = await FC.api("GET", url(id));
    if (ticket !== asked) return; // another sentence was chosen meanwhile
    if (answer.ok) show(answer.data);
    else section.hidden = true;
  }

  async function save(node, tag, input, error) {
    const id = sentence;
    const answer = await FC.api("PUT", url(id), {
      body: { kind: tag.kind, start: tag.start, field: tag.field, value: input.value },
    });
    if (!answer.ok) {
      error.textContent = say("failed", (answer.data && answer.data.message) || answer.status);
      error.hidden = false;
      input.setAttribute("aria-invalid", "true");
      return; // what was typed stays in the field
    }
    if (id !== sentence) return;
    error.hidden = true;
    input.removeAttribute("aria-invalid");
    const fresh = answer.data.tags.find(function (t) {
      return t.kind === tag.kind && t.start === tag.start && t.field === tag.field;
    });
    if (!fresh) return;
    Object.assign(tag, fresh);
    input.value = fresh.value;
    mark(node, fresh);
    FC.announce(fresh.correction ? say("saved") : say("withdrawn"));
  }

  function follow() {
    const id = body.dataset.sentence;
    if (!id || id === sentence) return;
    sentence = id;
    section.hidden = true;
    list.replaceChildren();
    load(id);
  }

  new MutationObserver(follow).observe(body, { attributes: true, attributeFilter: ["data-sentence"] });
  follow(); // the page may have opened with a sentence chosen already
})();
