// The chat inside a merchant's widget frame (/widget, opened by /embed.js on the merchant's
// page). It is the consumer chat (chat.js) with three differences: it is signed in by a short
// widget token instead of the cookie, the token reaches it from the host page over a
// MessageChannel (never in a URL), and what happens in the chat is told to the host page's
// loader as events. The token is kept in this frame's own storage, which browsers partition by
// the top-level site; without storage the chat still works for the page's lifetime.
"use strict";
(function () {
  // The scripts are deferred: the page's elements are all there.
  const main = document.getElementById("main");
  const key = main.dataset.key || "";
  // The pages the partner allows to frame this one: the only parents the handshake accepts.
  let origins = [];
  try { origins = JSON.parse(main.dataset.origins || "[]"); } catch (err) { origins = []; }
  const slot = "rw_widget:" + key;
  let port = null, sub = "", session = null, waiters = [], refreshTimer = 0, chat = null;
  let whenOpened = null;
  const openedOnce = new Promise((r) => { whenOpened = r; });

  // Storage may be refused (a browser blocking third-party storage, private modes), or the
  // merchant may ask for none: then the session lives in memory and the host page hears
  // session:ephemeral.
  let store = null;
  try {
    localStorage.setItem(slot + ":probe", "1");
    localStorage.removeItem(slot + ":probe");
    store = localStorage;
  } catch (err) { store = null; }

  function stored() {
    try {
      const s = store && JSON.parse(store.getItem(slot) || "null");
      if (s && typeof s.token === "string" && s.sub === sub && Date.parse(s.expires_at) - Date.now() > 60000) return s;
    } catch (err) { /* unreadable: start afresh */ }
    return null;
  }
  function keep() {
    if (!store) return;
    try {
      if (session) store.setItem(slot, JSON.stringify(session));
      else store.removeItem(slot);
    } catch (err) { /* full or revoked: memory only */ }
  }

  function send(msg) { if (port) port.postMessage(msg); }
  function emit(name, data) { send({ type: "event", name, data: data || {} }); }

  RW.useBearer(() => session && session.token, () => renew());

  // A session is asked of the host page, which creates it on Ratewise from its own origin (the
  // one the partner allowed) and hands it here.
  function current() {
    return session ? Promise.resolve(session) : new Promise((resolve) => waiters.push(resolve));
  }
  // One request for a session at a time: a second asked while the first is out (the chat
  // loading, a call answered 401 meanwhile) waits for it, instead of making the host create
  // another session, for another conversation.
  let asking = null;
  function ask(renewing) {
    if (asking) return asking;
    send({ type: "need_session", token: renewing && session ? session.token : "" });
    asking = new Promise((resolve) => waiters.push(resolve)).finally(() => { asking = null; });
    return asking;
  }
  function renew() { return ask(true); }

  function adopt(s) {
    const before = session;
    session = { token: s.token, expires_at: s.expires_at, conversation_id: s.conversation_id, sub };
    keep();
    clearTimeout(refreshTimer);
    const due = Date.parse(s.expires_at) - Date.now() - 120000;
    // Renewed two minutes before it runs out (at the soonest 5 s on), open or closed: a
    // shopper who closes the chat and comes back later on the same page finds it still there.
    refreshTimer = setTimeout(renew, Math.max(due, 5000));
    for (const w of waiters.splice(0)) w(session);
    // Another shopper, or a new conversation: what is on screen goes.
    if (before && String(before.conversation_id) !== String(session.conversation_id) && chat) {
      chat.reset();
      // Opened only if it is still the session's when it arrives (another may have come).
      conversation(session).then((c) => { if (session && String(session.conversation_id) === String(c.id)) chat.open(c); }).catch(() => {});
    }
  }

  async function conversation(s) {
    const c = await RW.api("GET", "/api/v1/conversations/" + encodeURIComponent(s.conversation_id));
    return { id: c.id, state: c.state, rated: c.rated, messages: c.messages };
  }

  // BearerStream is the part of EventSource the chat uses, over fetch, so the stream can be
  // opened with the Authorization header (EventSource cannot send one).
  class BearerStream {
    constructor(url) {
      this.readyState = 0;
      this.listeners = {};
      this.onopen = null;
      this.onerror = null;
      this.abort = new AbortController();
      this.run(url);
    }
    addEventListener(name, fn) { (this.listeners[name] = this.listeners[name] || []).push(fn); }
    close() { this.readyState = 2; this.abort.abort(); }
    async run(url) {
      try {
        const s = await current();
        const res = await fetch(url, {
          headers: { Accept: "text/event-stream", Authorization: "Bearer " + s.token },
          credentials: "omit", cache: "no-store", signal: this.abort.signal,
        });
        if (res.status === 401) renew();
        if (!res.ok || !res.body) throw new Error("stream " + res.status);
        this.readyState = 1;
        if (this.onopen) this.onopen();
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buf = "", name = "", data = [], id = "";
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buf += value;
          let nl;
          while ((nl = buf.indexOf("\n")) >= 0) {
            const line = buf.slice(0, nl).replace(/\r$/, "");
            buf = buf.slice(nl + 1);
            if (line === "") {
              if (data.length && this.readyState === 1) {
                const ev = { type: name || "message", data: data.join("\n"), lastEventId: id };
                for (const fn of this.listeners[ev.type] || []) fn(ev);
              }
              name = "";
              data = [];
              continue;
            }
            const colon = line.indexOf(":");
            if (colon === 0) continue; // a comment (the heartbeat)
            const field = colon < 0 ? line : line.slice(0, colon);
            const val = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
            if (field === "event") name = val;
            else if (field === "data") data.push(val);
            else if (field === "id") id = val;
          }
        }
      } catch (err) { /* reported below as the connection's error */ }
      if (this.readyState === 2) return;
      this.readyState = 2;
      if (this.onerror) this.onerror();
    }
  }

  // ---- the host page ----------------------------------------------------------------------

  // The parent's origin as the browser reports it, where it does; frame-ancestors already keeps
  // the page out of any frame on an origin the partner did not allow.
  function parentOrigin() {
    if (location.ancestorOrigins && location.ancestorOrigins.length) return location.ancestorOrigins[0];
    try { return document.referrer ? new URL(document.referrer).origin : ""; } catch (err) { return ""; }
  }

  const str = (v) => typeof v === "string";
  // Every message from the host is checked against its shape; anything else is dropped.
  function fromHost(e) {
    const m = e.data;
    if (!m || typeof m !== "object" || !str(m.type)) return;
    switch (m.type) {
      case "session":
        if (str(m.token) && m.token && str(m.expires_at) && (str(m.conversation_id) || Number.isInteger(m.conversation_id))) adopt(m);
        break;
      case "session_failed":
        for (const w of waiters.splice(0)) w(null);
        break;
      case "open":
        whenOpened();
        if (chat) chat.focus();
        break;
      case "context":
        showCart(m.context);
        break;
      case "shutdown":
        session = null;
        keep();
        if (store) try { store.removeItem(slot); } catch (err) { /* nothing kept */ }
        send({ type: "bye" });
        break;
    }
  }

  // The one handshake: the host page posts rw:init with a MessagePort. It must come from the
  // parent window, from the parent's origin, and only once; everything after goes over the port.
  function handshake(e) {
    const m = e.data;
    if (port || e.source !== window.parent || window.parent === window) return;
    const expected = parentOrigin();
    if ((expected && e.origin !== expected) || origins.indexOf(e.origin) < 0) return;
    if (!m || typeof m !== "object" || m.type !== "rw:init" || m.v !== 1 || m.key !== key || !e.ports || e.ports.length !== 1) return;
    window.removeEventListener("message", handshake);
    sub = str(m.sub) ? m.sub : "";
    port = e.ports[0];
    port.addEventListener("message", fromHost);
    port.start();
    // The merchant asked for nothing to be kept (data-session="ephemeral"): the chat lives in
    // this frame's memory only, and an earlier visit's token is dropped.
    if (m.session === "ephemeral" && store) {
      try { store.removeItem(slot); } catch (err) { /* nothing kept */ }
      store = null;
    }
    session = stored();
    if (session) adopt(session);
    send({ type: "hello", v: 1, session: !!session });
    if (!store) emit("session:ephemeral");
    if (m.context) showCart(m.context);
  }
  window.addEventListener("message", handshake);

  // The cart the shopper opened the chat from, in the words the financing message used; the
  // composer offers the question so the answer can quote the same figures.
  function showCart(ctx) {
    const box = document.getElementById("cart");
    const input = document.getElementById("text");
    if (!ctx || typeof ctx !== "object" || !str(ctx.cart_amount) || !str(ctx.currency)) return;
    const amount = RW.money(ctx.cart_amount, ctx.currency, str(ctx.locale) ? ctx.locale : undefined);
    const months = Number.isInteger(ctx.term_months) ? ctx.term_months : 0;
    box.textContent = "Your cart: " + amount + (months ? " · paying over " + months + " months" : "");
    box.hidden = false;
    if (input && !input.value) {
      input.value = months ? `How would paying ${amount} over ${months} months work?` : `How could I pay ${amount} over time?`;
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    chat = RW.startChat({
      EventSource: BearerStream,
      emit,
      // The conversation is the session's; the first one is asked for when the shopper opens
      // the chat, not when the frame is only warmed up.
      async load() {
        if (!session) await openedOnce;
        const s = session || (await ask(false));
        if (!s) return null;
        const c = await conversation(s);
        // A session for another conversation came meanwhile: adopt() opens that one. Shown
        // with it, this one took the shopper's messages to a conversation the token was not
        // for ("conversation not found").
        return session && String(session.conversation_id) !== String(s.conversation_id) ? null : c;
      },
      async create() {
        session = null;
        keep();
        const s = await ask(false);
        if (!s) throw new RW.ApiError(0, null, 0);
        return conversation(s);
      },
      signedOut() { renew(); },
    });
    document.getElementById("widget-close").addEventListener("click", () => send({ type: "close" }));
    document.addEventListener("keydown", (e) => {
      if (e.key === "Escape" && !e.defaultPrevented) send({ type: "close" });
    });
  });
})();
