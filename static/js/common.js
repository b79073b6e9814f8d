/* Shared helpers for the editor pages: translated strings, API calls, announcements, links.
 * User data only ever reaches the page through textContent and attributes, never as markup. */
"use strict";

window.FC = (function () {
  let strings = {};
  try {
    strings = JSON.parse(document.getElementById("js-strings").textContent) || {};
  } catch (_error) {
    strings = {};
  }

  /** A translated string; "%s" is replaced by the argument. */
  function t(key, arg) {
    const text = strings[key] || key;
    return arg === undefined ? text : text.replace("%s", String(arg));
  }

  function cookie(name) {
    const prefix = name + "=";
    for (const part of document.cookie.split(";")) {
      const item = part.trim();
      if (item.startsWith(prefix)) return decodeURIComponent(item.slice(prefix.length));
    }
    return "";
  }

  /** Call the JSON API with the session cookie and the CSRF token; never throws on HTTP errors.
   * Resolves to {ok, status, data, etag}; a network failure gives status 0. */
  async function api(method, url, options) {
    const opts = options || {};
    const headers = { Accept: "application/json" };
    if (method !== "GET") headers["X-CSRFToken"] = cookie("csrftoken");
    if (opts.body !== undefined) headers["Content-Type"] = "application/json";
    Object.assign(headers, opts.headers || {});
    let response;
    try {
      response = await fetch(url, {
        method: method,
        headers: headers,
        credentials: "same-origin",
        body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      });
    } catch (_error) {
      return { ok: false, status: 0, data: { message: t("network_error") }, etag: null };
    }
    let data = null;
    const type = response.headers.get("Content-Type") || "";
    if (type.includes("json")) {
      try {
        data = await response.json();
      } catch (_error) {
        data = null;
      }
    }
    return { ok: response.ok, status: response.status, data: data, etag: response.headers.get("ETag") };
  }

  /** Say something to screen-reader users through the page's polite live region. */
  function announce(text) {
    const region = document.getElementById("announcer");
    if (!region) return;
    region.textContent = "";
    window.setTimeout(function () {
      region.textContent = text;
    }, 30);
  }

  /** Build an element: el("a", {class: "x", href: u}, ["text", child]). Text stays text. */
  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name === "text") node.textContent = value;
      else node.setAttribute(name, value === true ? "" : String(value));
    }
    for (const child of children || []) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  // --- internationalised domain names: RFC 3492 punycode, decode only -------------------------
  function decodePunycode(input) {
    const base = 36, tMin = 1, tMax = 26, skew = 38, damp = 700;
    const output = [];
    let i = 0, n = 128, bias = 72;
    let basic = input.lastIndexOf("-");
    if (basic < 0) basic = 0;
    for (let j = 0; j < basic; j++) output.push(input.charCodeAt(j));
    function adapt(delta, numPoints, first) {
      let k = 0;
      delta = first ? Math.floor(delta / damp) : delta >> 1;
      delta += Math.floor(delta / numPoints);
      for (; delta > ((base - tMin) * tMax) >> 1; k += base) delta = Math.floor(delta / (base - tMin));
      return Math.floor(k + ((base - tMin + 1) * delta) / (delta + skew));
    }
    for (let index = basic > 0 ? basic + 1 : 0; index < input.length; ) {
      const oldi = i;
      for (let w = 1, k = base; ; k += base) {
        if (index >= input.length) throw new Error("bad punycode");
        const c = input.charCodeAt(index++);
        const digit = c - 48 < 10 ? c - 22 : c - 65 < 26 ? c - 65 : c - 97 < 26 ? c - 97 : base;
        if (digit >= base) throw new Error("bad punycode");
        i += digit * w;
        const tt = k <= bias ? tMin : k >= bias + tMax ? tMax : k - bias;
        if (digit < tt) break;
        w *= base - tt;
      }
      const out = output.length + 1;
      bias = adapt(i - oldi, out, oldi === 0);
      n += Math.floor(i / out);
      i %= out;
      output.splice(i++, 0, n);
    }
    return String.fromCodePoint.apply(null, output);
  }

  /** A link's host as read (Unicode) and as resolved (punycode); null when not http(s). */
  function hostForms(url) {
    let parsed;
    try {
      parsed = new URL(url);
    } catch (_error) {
      return null;
    }
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return null;
    const ascii = parsed.hostname;
    const unicode = ascii
      .split(".")
      .map(function (label) {
        if (!label.startsWith("xn--")) return label;
        try {
          return decodePunycode(label.slice(4));
        } catch (_error) {
          return label;
        }
      })
      .join(".");
    return { ascii: ascii, unicode: unicode, href: parsed.href };
  }

  // --- dates as the newsroom writes them (annotations/formats.py is the server's twin) -------
  /** The desk's date style: the data-date-format of the page (a newsroom's setting), else
   * "language" (the interface language decides, as on the server). */
  function dateStyle() {
    const node = document.querySelector("[data-date-format]");
    return (node && node.dataset.dateFormat) || "language";
  }

  function two(n) {
    return String(n).padStart(2, "0");
  }

  /** "2024-11-30" is a day, not midnight UTC: read it in local time so it stays that day. */
  function toDate(value) {
    if (value instanceof Date) return value;
    const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(value));
    return day ? new Date(Number(day[1]), Number(day[2]) - 1, Number(day[3])) : new Date(value);
  }

  /** A date (``withTime``: and 24-hour time) in the desk's style: 30.11.2024, 30 Nov 2024,
   * 2024-11-30, 30/11/2024 or 11/30/2024; "" for nothing or an unreadable value. */
  function formatDate(value, options) {
    if (value === null || value === undefined || value === "") return "";
    const date = toDate(value);
    if (Number.isNaN(date.getTime())) return "";
    const withTime = Boolean(options && options.withTime);
    const style = (options && options.style) || dateStyle();
    const lang = document.documentElement.lang || undefined;
    const d = two(date.getDate()), m = two(date.getMonth() + 1), y = String(date.getFullYear());
    let text;
    if (style === "dmy_numeric") text = d + "." + m + "." + y;
    else if (style === "d_mon_yyyy") {
      const month = new Intl.DateTimeFormat(lang, { month: "short" }).format(date);
      text = date.getDate() + " " + month + " " + y;
    } else if (style === "iso") text = y + "-" + m + "-" + d;
    else if (style === "dmy_slash") text = d + "/" + m + "/" + y;
    else if (style === "mdy_slash") text = m + "/" + d + "/" + y;
    else {
      return withTime
        ? date.toLocaleString(lang, { dateStyle: "medium", timeStyle: "short" })
        : date.toLocaleDateString(lang);
    }
    return withTime ? text + " " + two(date.getHours()) + ":" + two(date.getMinutes()) : text;
  }

  return {
    t: t, api: api, announce: announce, el: el, hostForms: hostForms, formatDate: formatDate,
  };
})();
