// The help search over the knowledge base; articles open at /kb/{slug}.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const { el, api } = RW;
  const form = document.getElementById("help-form"), hits = document.getElementById("hits"), status = document.getElementById("help-status");
  const q = document.getElementById("q");
  if (!form) return;

  async function search(text) {
    hits.replaceChildren();
    if (!text) { status.textContent = ""; return; }
    status.textContent = "Searching…";
    try {
      const res = await api("GET", "/api/v1/kb/search?limit=10&q=" + encodeURIComponent(text));
      const list = res.hits;
      status.textContent = list.length ? `${list.length} result${list.length === 1 ? "" : "s"} for “${text}”.` : `Nothing found for “${text}”. Try other words, or ask in the chat.`;
      hits.replaceChildren(...list.map((h) => {
        const href = h.slug ? "/kb/" + encodeURIComponent(h.slug) : "/offers/" + encodeURIComponent(h.offer_id);
        return el("li", {},
          el("a", { href }, h.title),
          h.heading && h.heading !== h.title ? el("p", { class: "where" }, h.heading) : null,
          h.snippet ? el("p", { class: "snippet" }, h.snippet) : null);
      }));
    } catch (err) {
      status.textContent = err.message;
    }
  }

  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const text = q.value.trim();
    history.replaceState(null, "", text ? "?q=" + encodeURIComponent(text) : location.pathname);
    search(text);
  });
  const initial = new URLSearchParams(location.search).get("q");
  if (initial) { q.value = initial; search(initial); }
});
