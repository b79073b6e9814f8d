/* The attribution check in the workspace panel: who the sentence quotes, what it says they
 * said, the desk's check of it (confirmed / misattributed / not found) and the evidence pages
 * where the words were found. Follows the panel's sentence (data-sentence on #panel-body). */
"use strict";

(function () {
  const section = document.getElementById("attribution");
  const body = document.getElementById("panel-body");
  if (!section || !body) return;
  const form = document.getElementById("attribution-form");
  const source = document.getElementById("attribution-source");
  const kind = document.getElementById("attribution-type");
  const url = document.getElementById("attribution-url");
  const rationale = document.getElementById("attribution-rationale");
  const state = document.getElementById("attribution-state");
  const error = document.getElementById("attribution-error");
  const saveState = document.getElementById("attribution-save-state");
  const found = document.getElementById("attribution-found");
  const el = FC.el;
  let sentence = null;
  let asked = 0;

  function t(key, arg) {
    const text = section.dataset[key] || key;
    return arg === undefined ? text : text.replace("{x}", String(arg));
  }

  function result() {
    const checked = form.querySelector('input[name="attribution-result"]:checked');
    return checked ? checked.value : "";
  }

  function show(data) {
    const check = data.check;
    section.hidden = !(data.words || check);
    document.getElementById("attribution-words").textContent = data.words || "";
    document.getElementById("attribution-suggested").textContent = data.suggested
      ? t("suggested", data.suggested.name) : "";
    for (const input of form.querySelectorAll('input[name="attribution-result"]')) {
      input.checked = Boolean(check) && input.value === check.result;
    }
    source.value = check ? check.source : (data.suggested ? data.suggested.name : "");
    kind.value = check ? check.source_type : (data.suggested ? data.suggested.type : "Person");
    url.value = check && check.evidence_url ? check.evidence_url : "";
    rationale.value = check ? check.rationale : "";
    if (FC.checkField) FC.checkField(rationale); // names its invisible and look-alike characters
    state.textContent = check ? t(check.result) : t("none");
    state.className = "state-pill attribution-" + (check ? check.result : "none");
    found.replaceChildren.apply(found, data.found_on.filter(function (f) { return f.match !== "not_found"; })
      .map(function (f) {
        return el("li", {}, [t("found") + " ", el("a", { href: f.url, target: "_blank", rel: "noopener noreferrer nofollow", text: FC.hostForms ? (FC.hostForms(f.url) || { unicode: f.url }).unicode : f.url }),
                             " (" + t(f.match) + "): ", el("q", { text: f.passage })]);
      }));
    error.hidden = true;
  }

  async function load(id) {
    const ticket = ++asked;
    const answer = await FC.api("GET", "/api/sentences/" + id + "/attribution/");
    if (ticket !== asked) return; // another sentence was chosen meanwhile
    if (answer.ok) show(answer.data);
    else section.hidden = true;
  }

  async function save(event) {
    event.preventDefault();
    if (sentence === null) return;
    const answer = await FC.api("PUT", "/api/sentences/" + sentence + "/attribution/", {
      body: { result: result(), source: source.value, source_type: kind.value,
              rationale: rationale.value, evidence_url: url.value.trim() },
    });
    if (!answer.ok) {
      const data = answer.data || {};
      error.textContent = data.message || String(answer.status);
      error.hidden = false;
      return;
    }
    show(answer.data);
    if (saveState) saveState.textContent = t("saved");
    FC.announce(t("saved"));
  }

  function follow() {
    const id = body.dataset.sentence;
    if (!id || id === sentence) return;
    sentence = id;
    if (saveState) saveState.textContent = "";
    section.hidden = true;
    load(id);
  }

  form.addEventListener("submit", save);
  new MutationObserver(follow).observe(body, { attributes: true, attributeFilter: ["data-sentence"] });
  follow(); // the page may have opened with a sentence chosen already
})();
