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

  // Money and rates arrive as exact decimal strings; they are shown as they are, only
  // grouped, so the page never rounds differently from the server.
  function money(s) {
    if (s === null || s === undefined || s === "") return "—";
    const str = String(s);
    const neg = str.startsWith("-");
    const [whole, frac] = (neg ? str.slice(1) : str).split(".");
    const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    return (neg ? "−" : "") + grouped + (frac !== undefined ? "." + frac : "");
  }
  const rate = (s) => (s === null || s === undefined || s === "" ? "—" : String(s) + " %");

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

  window.RW = { el, svg, api, ApiError, money, rate, clearErrors, showError, uuid };

  document.addEventListener("DOMContentLoaded", () => {
    const out = document.getElementById("logout");
    if (out) out.addEventListener("click", async () => {
      try { await api("POST", "/api/v1/auth/logout"); } catch (err) { /* signed out either way */ }
      location.assign("/login");
    });
  });
})();
