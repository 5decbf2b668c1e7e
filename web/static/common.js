// Shared helpers for the Ratewise pages. Every piece of text that comes from a person, the
// model or the server goes into the page as a text node, never parsed as HTML.
"use strict";
(function () {
  const SVG_NS = "http://www.w3.org/2000/svg";

  // el builds an element. attrs are attributes (false/null skip them); children are nodes or
  // strings, and strings become text nodes.
  function build(doc, ns, tag, attrs, children) {
    const node = ns ? doc.createElementNS(ns, tag) : doc.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === false || v === null || v === undefined) continue;
      node.setAttribute(k, v === true ? "" : String(v));
    }
    for (const c of children.flat(Infinity)) {
      if (c === null || c === undefined || c === false) continue;
      node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return node;
  }
  const el = (tag, attrs, ...children) => build(document, null, tag, attrs, children);
  const svg = (tag, attrs, ...children) => build(document, SVG_NS, tag, attrs, children);

  class ApiError extends Error {
    constructor(status, body, retryAfter) {
      const e = (body && body.error) || {};
      super(e.message || (status === 0 ? "We can't reach Ratewise. Check your connection and try again." : "Something went wrong. Please try again."));
      this.status = status;
      this.code = e.code || "";
      this.field = e.field || "";
      this.retryAfter = retryAfter;
    }
  }

  // api calls the JSON API on this origin; the session cookie goes along by itself.
  async function api(method, path, body) {
    const init = { method, credentials: "same-origin", headers: { Accept: "application/json" } };
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    let res;
    try {
      res = await fetch(path, init);
    } catch (err) {
      throw new ApiError(0, null, 0);
    }
    if (res.status === 204) return null;
    let data = null;
    try { data = await res.json(); } catch (err) { data = null; }
    if (!res.ok) {
      if (res.status === 401 && !path.startsWith("/api/v1/auth/")) {
        location.assign("/login?next=" + encodeURIComponent(location.pathname + location.search));
      }
      throw new ApiError(res.status, data, Number(res.headers.get("Retry-After")) || 0);
    }
    return data;
  }

  // Money and rates arrive as exact decimal strings with two places. They are written with
  // Intl.NumberFormat in the locale the server names (a card's, an offer's, the holdings
  // list's), which follows the same CLDR rules as the server's offers.FormatMoney — the browser
  // tests check the two agree on every locale and currency the server knows. The string goes
  // to format() as it is, so nothing is rounded through a float.
  const formats = new Map();
  function numberFormat(locale, options) {
    const key = locale + JSON.stringify(options);
    if (!formats.has(key)) formats.set(key, new Intl.NumberFormat(locale, options));
    return formats.get(key);
  }
  const pageLocale = () => document.documentElement.lang || "en-US";
  function money(s, currency, locale, wholeUnits) {
    if (s === null || s === undefined || s === "") return "—";
    const digits = wholeUnits ? 0 : 2;
    const options = { minimumFractionDigits: digits, maximumFractionDigits: digits, signDisplay: "negative" };
    if (currency) Object.assign(options, { style: "currency", currency });
    return numberFormat(locale || pageLocale(), options).format(String(s));
  }
  // percentFraction turns "7.98" (percent) into "0.0798" by moving the point, not by dividing.
  function percentFraction(pct) {
    const neg = pct.startsWith("-");
    const [w, d = ""] = pct.replace("-", "").split(".");
    const digits = w.padStart(3, "0");
    return (neg ? "-" : "") + digits.slice(0, -2) + "." + digits.slice(-2) + d;
  }
  function rate(s, locale) {
    if (s === null || s === undefined || s === "") return "—";
    const options = { style: "percent", minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: "negative" };
    return numberFormat(locale || pageLocale(), options).format(percentFraction(String(s)));
  }
  const capitalize = (s) => (s ? s[0].toUpperCase() + s.slice(1) : "");

  // fieldErrors clears a form's messages, then shows err next to its field (ids are
  // prefix + field + "-error") or in the form-level slot.
  function clearErrors(form) {
    for (const p of form.querySelectorAll(".error")) p.textContent = "";
    for (const i of form.querySelectorAll("[aria-invalid]")) i.removeAttribute("aria-invalid");
  }
  function showError(form, prefix, formSlot, field, message) {
    const slot = field && document.getElementById(prefix + field + "-error");
    const input = field && document.getElementById(prefix + field);
    if (slot && input && !input.closest("[hidden]")) {
      slot.textContent = message;
      input.setAttribute("aria-invalid", "true");
      input.focus();
      return;
    }
    document.getElementById(formSlot).textContent = message;
  }

  const uuid = () => (crypto.randomUUID ? crypto.randomUUID() :
    Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join(""));

  window.RW = { el, svg, api, ApiError, money, rate, capitalize, clearErrors, showError, uuid };

  document.addEventListener("DOMContentLoaded", () => {
    const out = document.getElementById("logout");
    if (out) out.addEventListener("click", async () => {
      try { await api("POST", "/api/v1/auth/logout"); } catch (err) { /* signed out either way */ }
      location.assign("/login");
    });
  });
})();
