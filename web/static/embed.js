/* Ratewise for merchants (docs/widget.md). Nothing but the launcher and <ratewise-offer> until
   the shopper shows intent; no inline script or style, no HTML parsing, no postMessage to '*'. */
((w, d) => {
  "use strict";
  var prev = w.Ratewise;
  if (prev && prev._rw) return; // loaded twice: the first copy stays in charge
  var me = d.currentScript || d.querySelector("script[data-key][src*='/embed.js']");
  if (!me) return;
  var ORIGIN = new URL(me.src, location.href).origin;
  var ds = me.dataset, KEY = ds.key || "";
  var SHEET = ".l,.p{position:fixed;right:20px;z-index:2147483000;box-shadow:0 4px 16px #0006}" +
    ".l{bottom:20px;width:56px;height:56px;border-radius:50%;border:0;background:var(--c,#0b5cab);color:#fff;cursor:pointer;display:grid;place-items:center}" +
    ".l:focus-visible,.m:focus-visible{outline:3px solid #1a1f2b;outline-offset:3px}" +
    ".p{bottom:88px;width:380px;height:min(640px,calc(100vh - 108px));border-radius:12px;overflow:hidden;background:#fff;opacity:0;transition:opacity .15s}" +
    ".p.o{opacity:1}.p[hidden]{display:none}.left .l,.left .p{right:auto;left:20px}iframe{border:0;width:100%;height:100%;display:block}" +
    "@media (max-width:640px){.p{inset:0;width:100%;height:100%;border-radius:0}.p.o~.l{display:none}}" +
    "@media (prefers-reduced-motion:reduce){.p{transition:none}}" +
    ":host(ratewise-offer){display:block;min-height:var(--ratewise-offer-height,5.5em)}:host([hidden]){display:none}" +
    ".m{all:unset;cursor:pointer}.m b{color:var(--c,#0b5cab)}.m u{font-size:.9em}.x{margin:.2em 0 0;font-size:.9em}";

  var sheet = null, listeners = {}, ctx = {}, identity = null, alive = true, warned = false;
  var host, root, btn, panel, frame, port, ready = null, isOpen = false, hadFocus = null;
  var narrow = w.matchMedia("(max-width:640px)");
  if (ds.amount) ctx.cart_amount = ds.amount;
  ctx.currency = ds.currency || "USD";
  if (ds.locale) ctx.locale = ds.locale;

  function el(tag, attrs, kids, ns) {
    var n = ns ? d.createElementNS(ns, tag) : d.createElement(tag);
    for (var k in attrs || {}) n.setAttribute(k, attrs[k]);
    (kids || []).forEach((c) => n.append(c));
    return n;
  }
  function adopt(r) {
    if (!sheet) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(SHEET);
    }
    r.adoptedStyleSheets = [sheet];
  }
  function emit(name, data) {
    (listeners[name] || []).slice().forEach((fn) => {
      try { fn(data || {}); } catch (e) { setTimeout(() => { throw e; }); }
    });
  }
  function say(msg) { console.error("Ratewise: " + msg); }

  // One console message naming the directive, when the host page's CSP blocks something of ours.
  function onViolation(e) {
    if (warned || String(e.blockedURI).indexOf(ORIGIN) !== 0) return;
    warned = true;
    say("this page's Content-Security-Policy blocks " + ORIGIN + " (" + e.effectiveDirective + "). Add " + ORIGIN + " to " + e.effectiveDirective + ".");
    emit("error", { code: "csp", directive: e.effectiveDirective });
  }

  function icon() {
    var ns = "http://www.w3.org/2000/svg";
    return el("svg", { viewBox: "0 0 24 24", width: 26, height: 26, "aria-hidden": "true" },
      [el("path", { fill: "currentColor", d: "M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z" }, [], ns)], ns);
  }

  function mount() {
    if (!alive || host) return;
    host = el("div", { "data-ratewise": "" });
    root = host.attachShadow({ mode: "open" });
    adopt(root);
    var box = el("div", { class: ds.position === "left" ? "left" : "" });
    panel = el("div", { class: "p", role: "dialog", "aria-label": "Chat with Ratewise", hidden: "" });
    btn = el("button", { type: "button", class: "l", "aria-label": "Chat with Ratewise", "aria-expanded": "false" }, [icon()]);
    if (ds.color && w.CSS && CSS.supports("color", ds.color)) host.style.setProperty("--c", ds.color);
    btn.addEventListener("click", () => { isOpen ? close() : open(); });
    btn.addEventListener("pointerenter", warm);
    btn.addEventListener("focus", warm);
    box.append(panel, btn);
    root.append(box);
    d.body.append(host);
    // A single-page app may replace the body's children: the launcher comes back.
    new MutationObserver(() => { if (alive && host && !host.isConnected) d.body.append(host); })
      .observe(d.body, { childList: true });
  }

  // the chat frame

  function jwtSub(t) {
    try { return String(JSON.parse(atob(t.split(".")[1].replace(/-/g, "+").replace(/_/g, "/"))).sub || ""); } catch (e) { return ""; }
  }
  async function identityToken() {
    var t = await (typeof identity === "function" ? identity() : identity);
    return typeof t === "string" ? t : "";
  }

  // warm makes the frame (hidden) and shakes hands; open() shows it once it answered.
  function warm() {
    if (ready || !alive) return ready;
    ready = identityToken().then((token) => new Promise((resolve, reject) => {
      var f = (frame = el("iframe", { title: "Chat with Ratewise", src: ORIGIN + "/widget?key=" + encodeURIComponent(KEY) }));
      var ch = new MessageChannel();
      // A frame refused by frame-ancestors or this page's CSP loads an error page that never answers.
      var timer = setTimeout(fail, 15000);
      function fail() { timer = 0; reject(new Error("no answer from the chat frame")); }
      port = ch.port1;
      port.onmessage = (e) => {
        var m = e.data;
        if (!m || typeof m !== "object" || typeof m.type !== "string") return;
        if (m.type === "hello" && m.v === 1 && timer) {
          clearTimeout(timer);
          timer = 0;
          resolve();
        } else fromFrame(m);
      };
      f.addEventListener("load", () => {
        f.contentWindow.postMessage({ type: "rw:init", v: 1, key: KEY, sub: jwtSub(token), context: ctx, session: ds.session }, ORIGIN, [ch.port2]);
        clearTimeout(timer);
        timer = setTimeout(fail, 4000);
      }, { once: true });
      panel.append(f);
    })).catch((e) => {
      unframe();
      if (!warned) {
        warned = true;
        say("the chat did not load on " + location.origin + ": it is not on the allowed origins of key " + KEY + ", or " + ORIGIN + " is unreachable.");
      }
      emit("error", { code: "unavailable", message: String(e.message) });
      throw e;
    });
    ready.catch(() => {});
    return ready;
  }
  // forget: the frame is told to drop its session first, and removed once it said so (or 1 s on).
  function unframe(forget) {
    var f = frame, p = port;
    frame = port = ready = null;
    if (isOpen) close(true);
    if (!p) return f && f.remove();
    var done = () => { p.close(); if (f) f.remove(); };
    if (!forget) return done();
    p.onmessage = (e) => { if (e.data && e.data.type === "bye") done(); };
    p.postMessage({ type: "shutdown" });
    setTimeout(done, 1000);
  }
  function post(m) { if (port) port.postMessage(m); }

  var EVENTS = ["message:sent", "message:received", "handoff", "agent_joined", "session:ephemeral"];
  function fromFrame(m) {
    if (m.type === "close") close();
    else if (m.type === "need_session") session(typeof m.token === "string" ? m.token : "");
    else if (m.type === "event" && EVENTS.indexOf(m.name) >= 0) emit(m.name, m.data && typeof m.data === "object" ? m.data : {});
  }

  // The token is asked for from this page's origin, the one the partner allowed; renewing sends
  // the token it replaces. A refused identity leaves the shopper anonymous, not without a chat.
  var asking = null;
  function session(old) {
    return asking || (asking = ask(old).finally(() => { asking = null; }));
  }
  async function ask(old) {
    var idt = await identityToken(), body = { publishable_key: KEY }, h = { "Content-Type": "application/json" }, r, j;
    if (ctx.cart_amount) body.context = ctx;
    if (idt) body.identity_token = idt;
    if (old) h.Authorization = "Bearer " + old;
    try {
      r = await fetch(ORIGIN + "/api/v1/widget/session", { method: "POST", headers: h, body: JSON.stringify(body), credentials: "omit" });
      j = await r.json();
    } catch (e) {
      r = r || { status: 0 };
      j = {};
    }
    if (r.ok) return post({ type: "session", token: j.token, expires_at: j.expires_at, conversation_id: j.conversation_id });
    var err = j.error || {};
    if (old && r.status === 401) return ask("");
    emit("error", { status: r.status, code: err.code || "unavailable", message: err.message || "" });
    say((idt ? "the identity token was refused (" : "no chat session (") + r.status + "): " + (err.message || ""));
    if (idt && (r.status === 401 || r.status === 403)) { identity = null; return ask(""); }
    post({ type: "session_failed" });
  }

  function follow() {
    var vv = w.visualViewport;
    if (!panel) return;
    var s = panel.style;
    if (isOpen && vv && narrow.matches) {
      // Full screen on a phone, sized to the visual viewport so the keyboard never covers the input.
      s.top = vv.offsetTop + "px";
      s.height = vv.height + "px";
    } else s.top = s.height = "";
  }

  function open(from) {
    if (!alive) return;
    mount();
    hadFocus = from && from.focus ? from : d.activeElement;
    return warm().then(() => {
      if (isOpen) return;
      isOpen = true;
      panel.hidden = false;
      requestAnimationFrame(() => { panel.classList.add("o"); });
      btn.setAttribute("aria-expanded", "true");
      if (narrow.matches) d.documentElement.style.overflow = "hidden";
      follow();
      frame.focus();
      // The frame asks for a session (need_session) when it has none; asking here too would
      // start a new conversation each time a closed chat is opened again.
      post({ type: "open" });
      emit("open");
    }, () => {});
  }
  function close(quiet) {
    if (!isOpen) return;
    isOpen = false;
    panel.classList.remove("o");
    panel.hidden = true;
    btn.setAttribute("aria-expanded", "false");
    d.documentElement.style.overflow = "";
    follow();
    if (!quiet) {
      (hadFocus && hadFocus !== d.body && hadFocus.isConnected && hadFocus !== host ? hadFocus : btn).focus();
      emit("close");
    }
  }
  function onKey(e) { if (e.key === "Escape" && isOpen) close(); }

  // <ratewise-offer>

  var offers = new Set();
  function render(o) {
    if (!o._r) {
      o._r = o.attachShadow({ mode: "open" });
      adopt(o._r);
    }
    clearTimeout(o._t);
    o._t = setTimeout(() => { load(o); }, 100);
  }
  function load(o) {
    var amount = o.getAttribute("amount") || ctx.cart_amount || "";
    var cur = o.getAttribute("currency") || ctx.currency;
    var loc = o.getAttribute("locale") || ctx.locale || navigator.language;
    var asked = amount + cur + loc;
    if (o._asked === asked) return;
    o._asked = asked;
    // A GET with no custom header is a simple request: no CORS preflight round trip.
    fetch(ORIGIN + "/api/v1/widget/financing?" + new URLSearchParams({ key: KEY, amount: amount, currency: cur, locale: loc }), { credentials: "omit" }).then((r) => {
      return r.json().then((j) => { return r.ok ? j : { plans: [], hidden_reason: (j.error && j.error.code) || "unavailable" }; });
    }).catch(() => { return { plans: [], hidden_reason: "unavailable" }; }).then((j) => {
      if (o._asked !== asked || !alive) return;
      // The headline's plan: the lowest monthly payment, else the first (pay-in-N) plan.
      var plans = j.plans || [], best = null;
      plans.forEach((p) => { if (p.monthly_payment && (!best || Number(p.monthly_payment) < Number(best.monthly_payment))) best = p; });
      best = best || plans[0];
      if (!best) {
        var why = j.hidden_reason || "no_plans";
        o._r.replaceChildren();
        o.hidden = true;
        o.setAttribute("data-hidden-reason", why);
        emit("offer:hidden", { reason: why, message: j.hidden_message || "", amount: amount, currency: cur });
        return;
      }
      o.hidden = false;
      o.removeAttribute("data-hidden-reason");
      var b = el("button", { type: "button", class: "m", part: "message" }, [el("b", {}, [j.headline || best.name]), " ", el("u", {}, ["See the plans"])]);
      var info = { amount: amount, currency: cur, offer_id: best.offer_id, term_months: best.term_months, payment: best.payment, impression_id: j.impression_id };
      b.addEventListener("click", () => {
        emit("offer:clicked", info);
        set({ cart_amount: amount, currency: cur, locale: loc, offer_id: best.offer_id, term_months: best.term_months, impression_id: j.impression_id });
        open(b);
      });
      o._r.replaceChildren(b, el("p", { class: "x", part: "disclosure" }, [best.disclosure || best.representative_example || ""]));
      watch(o, info);
    });
  }
  // offer:viewed once a message is at least half on screen.
  function watch(o, info) {
    if (o._io) o._io.disconnect();
    o._io = new IntersectionObserver((es) => {
      if (es[0].isIntersecting) { o._io.disconnect(); emit("offer:viewed", info); }
    }, { threshold: 0.5 });
    o._io.observe(o);
  }
  if (!customElements.get("ratewise-offer")) {
    customElements.define("ratewise-offer", class extends HTMLElement {
      static get observedAttributes() { return ["amount", "currency", "locale"]; }
      connectedCallback() { var r = w.Ratewise; if (r && r._rw) r._rw.add(this); }
      disconnectedCallback() { var r = w.Ratewise; if (r && r._rw) r._rw.drop(this); }
      attributeChangedCallback() { if (this.isConnected) this.connectedCallback(); }
    });
  }

  // commands

  function set(c) {
    c = c || {};
    ["cart_amount", "currency", "locale", "offer_id", "term_months", "impression_id"].forEach((k) => { if (c[k] !== undefined) ctx[k] = c[k]; });
    offers.forEach((o) => { if (!o.getAttribute("amount") || !o.getAttribute("currency")) render(o); });
    post({ type: "context", context: ctx });
  }
  function shutdown() {
    identity = null;
    unframe(true);
  }
  var cmds = {
    open: open,
    close: () => { close(); },
    identify: (o) => {
      identity = (o && o.token) || null;
      // Another shopper on this device starts afresh: the frame is made again for them.
      if (ready) { unframe(true); if (identity) warm(); }
    },
    setContext: set,
    on: (n, fn) => { if (typeof fn === "function") (listeners[n] = listeners[n] || []).push(fn); },
    off: (n, fn) => { listeners[n] = fn ? (listeners[n] || []).filter((f) => { return f !== fn; }) : []; },
    shutdown: shutdown,
    destroy: () => {
      shutdown();
      alive = false;
      if (host) host.remove();
      host = null;
      offers.forEach((o) => { if (o._r) o._r.replaceChildren(); if (o._io) o._io.disconnect(); });
      offers.clear();
      d.removeEventListener("keydown", onKey);
      d.removeEventListener("securitypolicyviolation", onViolation);
      viewport("removeEventListener");
      listeners = {};
      delete w.Ratewise;
    },
  };
  function Ratewise(cmd) {
    var f = cmds[cmd];
    if (!f) return say("unknown command " + JSON.stringify(cmd));
    return f.apply(null, [].slice.call(arguments, 1));
  }
  for (var k in cmds) Ratewise[k] = cmds[k];
  Ratewise._rw = { add: (o) => { offers.add(o); render(o); }, drop: (o) => { offers.delete(o); } };
  w.Ratewise = Ratewise;

  d.addEventListener("securitypolicyviolation", onViolation);
  d.addEventListener("keydown", onKey);
  function viewport(f) { if (w.visualViewport) ["resize", "scroll"].forEach((e) => w.visualViewport[f](e, follow)); }
  viewport("addEventListener");

  function start() {
    mount();
    d.querySelectorAll("ratewise-offer").forEach((o) => { Ratewise._rw.add(o); });
    ((prev && prev.q) || []).forEach((a) => { Ratewise.apply(null, a); });
    emit("ready");
  }
  if (d.body) start();
  else d.addEventListener("DOMContentLoaded", start);
})(window, document);
