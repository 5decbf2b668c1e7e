// The support console: presence and heartbeat, offers to accept or decline, the queue and the
// agent's own conversations, the conversation view with its context packet, replies, private
// notes, saved replies, hand-back and close, masked details a supervisor may reveal, the review
// queue, metrics, the saved replies (kept by supervisors), the audit log and the staff list. One page; the path says which view is open
// (/console, /console/conversations/{id}, /console/reviews, …) so links and reloads work.
// Everything the server or a person wrote is inserted as text.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const { el, api, money, rate, uuid } = RW;
  const $ = (id) => document.getElementById(id);
  const main = $("main");
  if (!main || !main.classList.contains("console")) return;

  const me = { id: Number(main.dataset.userId || 0), role: main.dataset.role || "agent", name: main.dataset.userName || "" };
  const supervisor = me.role === "supervisor" || me.role === "admin";
  const MAX_LEN = 4000;
  // The server says how often it wants the heartbeat (GET /status); until then, every 15 s.
  let heartbeatMs = 15000;

  // ---- small helpers ----------------------------------------------------------------------

  const conn = $("conn");
  function say(text) { conn.textContent = text || ""; }

  const firstName = (s) => String(s || "").trim().split(/\s+/)[0] || "";
  const typeWords = {
    personal_loan: "personal loan", auto_loan: "auto loan", mortgage: "mortgage", student_loan: "student loan",
    credit_card: "credit card", auto_insurance: "car insurance", home_insurance: "home insurance",
    renters_insurance: "renters insurance", travel_insurance: "travel insurance", life_insurance: "life insurance",
  };
  const product = (t) => typeWords[t] || (t ? String(t).replace(/_/g, " ") : "");
  const words = (s) => String(s || "").replace(/_/g, " ");

  function waited(secs) {
    secs = Math.max(0, Math.round(Number(secs) || 0));
    if (secs < 60) return secs + " s";
    if (secs < 3600) return Math.floor(secs / 60) + " min";
    return Math.floor(secs / 3600) + " h " + Math.floor((secs % 3600) / 60) + " min";
  }
  function clock(at) {
    if (!at) return "";
    const d = new Date(at);
    if (isNaN(d)) return "";
    const today = new Date().toDateString() === d.toDateString();
    return today ? d.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }) : d.toLocaleString([], { dateStyle: "medium", timeStyle: "short" });
  }

  function errorText(err) {
    if (err.status === 404) return "Not found, or not yours to open.";
    if (err.status === 403) return "Your role cannot do that.";
    return err.message;
  }

  // ---- routing ----------------------------------------------------------------------------

  const views = ["inbox", "conversation", "reviews", "metrics", "canned", "audit", "staff"];
  let view = "inbox";

  function parsePath(p) {
    const m = /^\/console\/conversations\/([^/]+)\/?$/.exec(p);
    if (m) return { view: "conversation", id: decodeURIComponent(m[1]) };
    const v = /^\/console\/([a-z]+)\/?$/.exec(p);
    if (v && views.includes(v[1])) return { view: v[1] };
    return { view: "inbox" };
  }

  function go(path, replace) {
    if (path !== location.pathname) history[replace ? "replaceState" : "pushState"]({}, "", path);
    route();
  }

  function route() {
    const r = parsePath(location.pathname);
    if (r.view !== "conversation") leaveConversation();
    else $("inbox-note").textContent = "";
    if (r.view === "conversation" && current && String(current.id) !== r.id) leaveConversation();
    view = r.view;
    for (const v of views) $("view-" + v).hidden = v !== view;
    main.classList.toggle("in-conv", view === "conversation");
    for (const a of document.querySelectorAll("#console-nav a")) {
      const current = a.dataset.view === view || (view === "conversation" && a.dataset.view === "inbox");
      if (current) a.setAttribute("aria-current", "page"); else a.removeAttribute("aria-current");
    }
    switch (view) {
      case "conversation": openConversation(r.id); break;
      case "reviews": loadReviews(); break;
      case "metrics": loadMetrics(); break;
      case "canned": loadCannedView(); break;
      case "audit": loadAudit(); break;
      case "staff": loadStaff(); break;
    }
    markCurrent();
  }

  // Links inside the page open their view without a reload.
  document.addEventListener("click", (ev) => {
    const a = ev.target.closest("a[href^='/console']");
    if (!a || ev.defaultPrevented || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey || a.target) return;
    ev.preventDefault();
    go(a.getAttribute("href"));
  });
  window.addEventListener("popstate", route);

  // ---- presence ---------------------------------------------------------------------------

  const presence = $("presence"), dot = $("presence-dot");
  let status = "offline", heartbeat = 0;

  function showStatus(s) {
    status = s;
    presence.value = s;
    dot.className = "dot " + s;
    $("offers-empty").textContent = s === "online"
      ? "Waiting for a conversation. Accept with a, decline with d."
      : "Go online to receive conversations. Accept with a, decline with d.";
  }

  async function setStatus(s) {
    try {
      const res = await api("POST", "/api/v1/console/status", { status: s });
      showStatus((res && res.status) || s);
      say("");
    } catch (err) {
      say("Could not change your status: " + err.message);
      showStatus(status);
      return;
    }
    clearInterval(heartbeat);
    // The heartbeat is the status again; without it the server sets the agent away.
    if (status !== "offline") heartbeat = setInterval(beat, heartbeatMs);
  }

  async function beat() {
    try {
      const res = await api("POST", "/api/v1/console/status", { status });
      if (res && res.status && res.status !== status) showStatus(res.status);
    } catch (err) {
      if (err.status === 0) say("Connection lost — your status will be kept when it comes back.");
    }
  }

  presence.addEventListener("change", () => setStatus(presence.value));
  document.addEventListener("visibilitychange", () => { if (!document.hidden && status !== "offline") beat(); });

  // ---- offers -----------------------------------------------------------------------------

  const offersList = $("offers");
  const offers = new Map(); // offer id → {data, li, timer}

  function previewLine(p) {
    p = p || {};
    const bits = [p.reason ? words(p.reason) : "", product(p.product_type), p.language ? p.language.toUpperCase() : ""].filter(Boolean);
    return bits.join(" · ");
  }

  function addOffer(d) {
    const id = String(d.offer_id);
    if (offers.has(id)) return;
    const left = el("span", { class: "countdown" });
    const accept = el("button", { type: "button", "aria-keyshortcuts": "a" }, "Accept");
    const decline = el("button", { type: "button", class: "secondary", "aria-keyshortcuts": "d" }, "Decline");
    const msg = el("p", { class: "error", role: "alert" });
    const li = el("li", { class: "item offer", "data-offer-id": id, "data-conversation-id": d.conversation_id },
      el("p", { class: "title" }, el("span", {}, "Conversation " + d.conversation_id), left),
      el("p", { class: "meta" }, previewLine(d), " · waiting " + waited(d.waiting_seconds),
        d.priority > 0 ? [" ", el("span", { class: "badge high" }, "priority")] : null),
      d.preview ? el("p", { class: "preview" }, d.preview) : null,
      el("div", { class: "actions" }, accept, decline), msg);
    const o = { data: d, li, timer: 0, msg };
    const expires = Date.parse(d.expires_at);
    const tick = () => {
      const s = Math.max(0, Math.ceil((expires - Date.now()) / 1000));
      left.textContent = isNaN(s) ? "" : s + " s";
      if (s <= 0 && !isNaN(s)) expireOffer(id);
    };
    tick();
    o.timer = setInterval(tick, 500);
    accept.addEventListener("click", () => acceptOffer(id));
    decline.addEventListener("click", () => declineOffer(id));
    offers.set(id, o);
    offersList.prepend(li);
    $("offers-empty").hidden = true;
    document.title = "(" + offers.size + ") Offer · Console · Ratewise";
  }

  function dropOffer(id) {
    const o = offers.get(String(id));
    if (!o) return;
    clearInterval(o.timer);
    o.li.remove();
    offers.delete(String(id));
    $("offers-empty").hidden = offers.size > 0;
    document.title = (offers.size ? "(" + offers.size + ") Offer · " : "") + "Console · Ratewise";
  }

  function expireOffer(id) {
    const o = offers.get(String(id));
    if (!o || o.li.classList.contains("expired")) return;
    o.li.classList.add("expired");
    clearInterval(o.timer);
    for (const b of o.li.querySelectorAll("button")) b.disabled = true;
    o.msg.textContent = "Expired — offered to someone else.";
    setTimeout(() => dropOffer(id), 4000);
  }

  const newestOffer = () => [...offers.values()].filter((o) => !o.li.classList.contains("expired")).pop();

  async function acceptOffer(id) {
    const o = offers.get(String(id));
    if (!o) return;
    for (const b of o.li.querySelectorAll("button")) b.disabled = true;
    try {
      await api("POST", `/api/v1/console/offers/${encodeURIComponent(id)}/accept`);
      dropOffer(id);
      await loadMine();
      go("/console/conversations/" + encodeURIComponent(o.data.conversation_id));
    } catch (err) {
      o.msg.textContent = err.status === 409 ? "Too late — it expired or someone else took it." : err.message;
      if (err.status === 409) expireOffer(id);
      else for (const b of o.li.querySelectorAll("button")) b.disabled = false;
    }
  }

  async function declineOffer(id) {
    const o = offers.get(String(id));
    if (!o) return;
    try {
      await api("POST", `/api/v1/console/offers/${encodeURIComponent(id)}/decline`, {});
    } catch (err) {
      if (err.status !== 409 && err.status !== 404) { o.msg.textContent = err.message; return; }
    }
    dropOffer(id);
  }

  // ---- queue and my conversations ---------------------------------------------------------

  let queueItems = [], mineItems = [];

  // convItem is one row of the queue (QueueItem: masked preview, waiting time) or of my
  // conversations (HeldConversation: the last message, whether the customer awaits an answer).
  function convItem(c, opts) {
    const id = String(c.id);
    const href = "/console/conversations/" + encodeURIComponent(id);
    const meta = opts.claim
      ? [previewLine(c), "waiting " + waited(c.waiting_seconds)]
      : [words(c.reason), c.agent_id !== null && c.agent_id !== undefined && Number(c.agent_id) !== me.id ? "agent #" + c.agent_id : "", clock(c.updated_at)];
    const text = opts.claim ? c.preview : (c.last_message ? (c.last_role === "user" ? "Customer: " : "") + c.last_message : "");
    const li = el("li", { class: "item", "data-conversation-id": id },
      el("a", { class: "open", href },
        el("p", { class: "title" }, el("span", {}, "Conversation " + id),
          c.awaits_answer ? el("span", { class: "badge unread" }, "awaits you") : null,
          c.priority > 0 ? el("span", { class: "badge high" }, "priority") : null,
          c.overdue ? el("span", { class: "badge high overdue" }, "waiting too long") : null,
          c.requeued ? el("span", { class: "badge" }, "back in queue") : null,
          c.offered ? el("span", { class: "badge" }, "being offered") : null),
        el("p", { class: "meta" }, meta.filter(Boolean).join(" · ")),
        text ? el("p", { class: "preview" }, text) : null));
    if (opts.claim) {
      const claim = el("button", { type: "button", class: "secondary" }, "Claim");
      claim.append(el("span", { class: "visually-hidden" }, " conversation " + id));
      const msg = el("p", { class: "error", role: "alert" });
      claim.addEventListener("click", () => claimConversation(id, msg, claim));
      li.append(el("div", { class: "actions" }, claim), msg);
    }
    return li;
  }

  function drawList(listId, countId, emptyId, items, opts) {
    const list = $(listId);
    list.replaceChildren(...items.map((c) => convItem(c, opts)));
    $(countId).textContent = items.length ? String(items.length) : "";
    $(emptyId).hidden = items.length > 0;
    markCurrent();
  }

  async function loadQueue() {
    try {
      const res = await api("GET", "/api/v1/console/queue");
      queueItems = res.conversations;
      drawList("queue", "queue-count", "queue-empty", queueItems, { claim: true });
    } catch (err) {
      $("queue-empty").hidden = false;
      $("queue-empty").textContent = "Could not load the queue: " + err.message;
    }
  }

  async function loadMine() {
    try {
      const res = await api("GET", "/api/v1/console/conversations");
      mineItems = res.conversations.filter((c) => c.state !== "closed");
      drawList("mine", "mine-count", "mine-empty", mineItems, {});
    } catch (err) {
      $("mine-empty").hidden = false;
      $("mine-empty").textContent = "Could not load your conversations: " + err.message;
    }
  }

  function markCurrent() {
    const id = current ? String(current.id) : "";
    for (const li of document.querySelectorAll(".inbox .item[data-conversation-id]")) {
      if (view === "conversation" && li.dataset.conversationId === id) li.setAttribute("aria-current", "true");
      else li.removeAttribute("aria-current");
    }
  }

  async function claimConversation(id, msg, button) {
    if (button) button.disabled = true;
    try {
      await api("POST", `/api/v1/console/conversations/${encodeURIComponent(id)}/claim`);
      await Promise.all([loadQueue(), loadMine()]);
      go("/console/conversations/" + encodeURIComponent(id));
    } catch (err) {
      const text = err.status === 409 ? "Someone else took it first." : errorText(err);
      if (msg) msg.textContent = text; else say(text);
      if (button) button.disabled = false;
      loadQueue();
    }
  }

  // ---- the conversation view --------------------------------------------------------------

  const transcript = $("transcript"), packetBody = $("packet-body");
  const replyForm = $("reply-form"), replyText = $("reply-text"), replyError = $("reply-error"), sendBtn = $("reply-send");
  const typingLine = $("conv-typing");
  let current = null; // {id, data, shown: Map(key → li), mine, consumerName}
  let loadSeq = 0;

  function leaveConversation() {
    if (current) stopMyTyping();
    current = null;
  }

  const holds = (d) => !!d && d.state === "assigned" && Number(d.agent_id) === me.id;

  async function openConversation(id) {
    const mySeq = ++loadSeq;
    if (!current || String(current.id) !== String(id)) {
      transcript.replaceChildren();
      packetBody.replaceChildren();
      $("conv-title").textContent = "Conversation " + id;
      $("conv-meta").textContent = "Loading…";
      typingLine.textContent = "";
      replyError.textContent = "";
    }
    let d;
    try {
      d = await api("GET", `/api/v1/console/conversations/${encodeURIComponent(id)}`);
    } catch (err) {
      if (mySeq !== loadSeq) return;
      current = null;
      $("conv-meta").textContent = errorText(err);
      setControls(null);
      return;
    }
    if (mySeq !== loadSeq) return;
    const conv = d;
    current = { id: conv.id, data: conv, shown: new Map() };
    current.consumerName = (conv.consumer && conv.consumer.first_name) || "";
    $("conv-title").textContent = (current.consumerName ? current.consumerName + " · " : "") + "Conversation " + current.id;
    drawMeta();
    drawTranscript(conv);
    drawPacket(conv.packet);
    setControls(conv);
    markCurrent();
    transcript.scrollTop = transcript.scrollHeight;
  }

  function drawMeta() {
    const c = current.data, h = (c.packet && c.packet.handoff) || {};
    const bits = [words(c.state)];
    if (c.agent_id !== null && c.agent_id !== undefined) bits.push(Number(c.agent_id) === me.id ? "with you" : "with agent #" + c.agent_id);
    if (h.language) bits.push(String(h.language).toUpperCase());
    if (h.product_type) bits.push(product(h.product_type));
    bits.push("started " + clock(c.created_at));
    $("conv-meta").textContent = bits.filter(Boolean).join(" · ");
  }

  function setControls(c) {
    const mine = holds(c);
    const open = c && c.state !== "closed";
    $("release").hidden = !mine;
    $("close-conv").hidden = !mine;
    $("claim").hidden = !(c && c.state === "queued");
    replyForm.hidden = !mine;
    const ro = $("conv-readonly");
    ro.hidden = mine || !c;
    if (c && !mine) {
      ro.textContent = !open ? "This conversation is closed." :
        c.state === "queued" ? "Waiting in the queue. Claim it to reply." :
        c.state === "bot" ? "The assistant is handling this conversation." :
        "Someone else is handling this conversation; you can read it.";
    }
  }

  // Transcript entries: messages and private notes, in time order. Keyed so that the same
  // message arriving by the stream and by a reload is shown once.
  function drawTranscript(c) {
    transcript.replaceChildren();
    current.shown.clear();
    const items = (c.messages || []).map((m) => ({ kind: "message", m }))
      .concat((c.notes || []).map((n) => ({ kind: "note", m: n })));
    items.sort((a, b) => String(a.m.created_at || "").localeCompare(String(b.m.created_at || "")) || (Number(a.m.id) - Number(b.m.id)));
    for (const it of items) addEntry(it.kind === "note" ? Object.assign({ role: "note", note_kind: it.m.kind }, it.m) : it.m);
  }

  // A message names no author (an agent's reply is "Agent"); a note names its author when it
  // is the viewer's own, and says when it was written on handing back.
  function whoLabel(m) {
    switch (m.role) {
      case "user": return current.consumerName || "Customer";
      case "assistant": return "Assistant";
      case "agent": return "Agent";
      case "note": return (m.note_kind === "release" ? "Note on handing back" : "Private note") +
        (m.author_id !== undefined && m.author_id !== null ? " · " + staffName(m.author_id, m.author_name) : "");
      default: return "";
    }
  }

  // staffName names a staff member by their display name, keeping the id beside it (two
  // people may share a name); the viewer is "you".
  function staffName(id, name) {
    if (Number(id) === me.id) return "you";
    return name ? name + " (#" + id + ")" : "staff #" + id;
  }

  function addEntry(m) {
    if (!current || !m) return null;
    const key = (m.role === "note" ? "n" : "m") + String(m.id);
    let li = current.shown.get(key);
    const atBottom = transcript.scrollHeight - transcript.scrollTop - transcript.clientHeight < 120;
    const text = el("div", { class: "text" });
    drawText(text, m);
    const fresh = el("li", { class: "msg " + (m.role || "system"), "data-id": m.id !== undefined ? String(m.id) : null, "data-kind": m.role === "note" ? "note" : "message" },
      m.role === "system" ? null : el("p", { class: "who" }, whoLabel(m), " ", el("span", { class: "when" }, clock(m.created_at))),
      text,
      Array.isArray(m.flags) && m.flags.length ? el("p", { class: "flags" }, "Flagged: " + m.flags.map(words).join(", ")) : null,
      Array.isArray(m.cards) && m.cards.length ? el("p", { class: "tools" }, m.cards.length + " offer card" + (m.cards.length > 1 ? "s" : "") + " shown: " +
        m.cards.map((c) => c.partner + " " + c.name).join("; ")) : null,
      Array.isArray(m.citations) && m.citations.length ? el("p", { class: "tools" }, "Sources: " + m.citations.map((c) => c.title).join("; ")) : null,
      m.role === "assistant" && m.id !== undefined ? reviewWidget(m) : null);
    if (li) li.replaceWith(fresh); else transcript.append(fresh);
    current.shown.set(key, fresh);
    if (atBottom || m.role === "agent" || m.role === "note") transcript.scrollTop = transcript.scrollHeight;
    return fresh;
  }

  // drawText writes a message's text, with each masked detail as its own element; for a
  // supervisor each carries a Reveal button. The server lists what it masked in "masked"
  // [{field, kind, display}], display being the masked form as it appears in the text.
  function drawText(node, m) {
    const text = String(m.text || "");
    const spans = [];
    for (const k of m.masked || []) {
      let from = 0, at;
      while (k.display && (at = text.indexOf(k.display, from)) >= 0) {
        if (!spans.some((s) => at < s.end && at + k.display.length > s.start)) { spans.push({ start: at, end: at + k.display.length, field: k.field, kind: k.kind }); break; }
        from = at + 1;
      }
    }
    spans.sort((a, b) => a.start - b.start);
    let pos = 0;
    for (const s of spans) {
      if (s.start > pos) node.append(text.slice(pos, s.start));
      const span = el("span", { class: "masked", "data-field": s.field, title: "Masked " + kindWords(s.kind) }, text.slice(s.start, s.end));
      node.append(span);
      if (supervisor && m.id !== undefined) {
        const b = el("button", { type: "button", class: "link reveal", "data-field": s.field }, "Reveal");
        b.append(el("span", { class: "visually-hidden" }, " " + kindWords(s.kind)));
        b.addEventListener("click", () => askReveal(m, s, span, b));
        node.append(b);
      }
      pos = s.end;
    }
    if (pos < text.length) node.append(text.slice(pos));
  }

  const kindWords = (k) => ({ card: "card number", iban: "IBAN", ssn: "social security number", account: "account number", email: "email address", phone: "phone number" })[k] || "detail";

  // ---- reveal (supervisors) ---------------------------------------------------------------

  const revealDialog = $("reveal-dialog"), revealForm = $("reveal-form");
  let revealing = null;
  function askReveal(m, s, span, button) {
    revealing = { m, s, span, button, convId: current.id };
    $("reveal-what").textContent = "Message " + m.id + ": the " + kindWords(s.kind) + " shown as " + span.textContent;
    $("reveal-error").textContent = "";
    revealForm.reset();
    revealDialog.showModal();
  }
  revealForm.addEventListener("submit", async (ev) => {
    if (ev.submitter && ev.submitter.value === "cancel") return;
    ev.preventDefault();
    const reason = $("reveal-reason").value.trim();
    if (!reason) { $("reveal-error").textContent = "Say why you need to see it."; $("reveal-reason").focus(); return; }
    const r = revealing;
    try {
      const res = await api("POST", `/api/v1/console/conversations/${encodeURIComponent(r.convId)}/reveal`,
        { message_id: Number(r.m.id), field: String(r.s.field), reason });
      const value = res && (res.value !== undefined ? res.value : res.text);
      r.span.textContent = String(value);
      r.span.classList.remove("masked");
      r.span.classList.add("revealed");
      r.span.title = "Revealed by you; recorded in the audit log";
      r.button.remove();
      revealDialog.close();
    } catch (err) {
      $("reveal-error").textContent = err.field ? err.message + " (" + err.field + ")" : errorText(err);
    }
  });

  // ---- context packet ---------------------------------------------------------------------

  function section(title, body) {
    return [el("h3", {}, title), body];
  }
  const empty = (t) => el("p", { class: "empty" }, t);

  // drawPacket shows the context packet: why a person, a summary, what the assistant promised,
  // the holdings, every recommendation with its figures and offer version, the sources.
  function drawPacket(p) {
    p = p || {};
    const parts = [];
    const h = p.handoff;
    parts.push(section("Why a person", h ? el("dl", {},
      el("dt", {}, "Reason"), el("dd", {}, words(h.reason) || "—", h.self_reported ? " (their own words)" : ""),
      el("dt", {}, "Trigger"), el("dd", {}, words(h.trigger) || "—", h.cause ? " · by " + words(h.cause) : ""),
      el("dt", {}, "Priority"), el("dd", {}, h.priority > 0 ? "high (" + h.priority + ")" : "normal"),
      el("dt", {}, "Queued"), el("dd", {}, clock(h.queued_at), h.requeued ? " · back in the queue" : ""),
      h.summary ? [el("dt", {}, "They said"), el("dd", {}, h.summary)] : null,
    ) : empty("Not handed off.")));

    const summary = p.summary || [];
    parts.push(section("Summary", summary.length ? el("ul", {}, summary.map((s) => el("li", {}, s))) : empty("No summary.")));

    const promises = p.promises || [];
    parts.push(section("What the assistant promised", promises.length
      ? el("ul", { class: "promises" }, promises.map((x) => el("li", { class: "promise", "data-message-id": x.message_id }, x.text)))
      : empty("No commitments found in its answers.")));

    const holdings = p.holdings || [];
    parts.push(section("Holdings", holdings.length ? el("ul", {}, holdings.map(holdingLine)) : empty("None recorded.")));

    const recs = p.recommendations || [];
    parts.push(section("Recommendations made", recs.length ? el("ul", { class: "recs" }, recs.map(recommendation)) : empty("No offers shown yet.")));

    const cites = p.citations || [];
    parts.push(section("Sources shown", cites.length ? el("ul", {}, cites.map((c) => el("li", {},
      c.slug ? el("a", { href: "/kb/" + encodeURIComponent(c.slug), target: "_blank", rel: "noopener" }, c.title || c.slug)
        : c.offer_id ? el("a", { href: "/offers/" + encodeURIComponent(c.offer_id), target: "_blank", rel: "noopener" }, c.title || "Offer " + c.offer_id)
          : (c.title || "")))) : empty("None.")));
    packetBody.replaceChildren(...parts.flat());
  }

  function holdingLine(h) {
    const bits = [product(h.product_type), h.provider];
    if (h.kind === "insurance" || h.premium) {
      bits.push(h.premium ? "premium " + money(h.premium) + (h.premium_frequency ? " " + h.premium_frequency : "") : "");
      if (h.coverage_limit) bits.push("cover " + money(h.coverage_limit));
    } else {
      if (h.balance) bits.push(money(h.balance) + " owed");
      if (h.apr) bits.push(rate(h.apr) + " APR");
      if (h.remaining_months) bits.push(h.remaining_months + " months left");
      if (h.monthly_payment) bits.push(money(h.monthly_payment) + "/month");
    }
    return el("li", {}, bits.filter(Boolean).join(" · "));
  }

  // recommendation is one offer card the assistant showed: its figures as they were, the
  // offer's version (its updated_at when the card was made) and when it was shown.
  function recommendation(r) {
    const c = r.card || {};
    return el("li", { class: "rec", "data-offer-id": r.offer_id },
      el("p", {}, el("strong", {}, (c.partner ? c.partner + " — " : "") + (c.name || "Offer " + r.offer_id))),
      el("dl", {},
        c.representative_apr ? [el("dt", {}, "APR"), el("dd", {}, rate(c.representative_apr, c.locale))] : null,
        c.monthly_payment ? [el("dt", {}, "Monthly"), el("dd", {}, money(c.monthly_payment, c.currency, c.locale))] : null,
        c.monthly_saving ? [el("dt", {}, "Saves / month"), el("dd", {}, money(c.monthly_saving, c.currency, c.locale))] : null,
        c.net_saving ? [el("dt", {}, "Saves in total"), el("dd", {}, money(c.net_saving, c.currency, c.locale))] : null,
        c.fees ? [el("dt", {}, "Fees"), el("dd", {}, money(c.fees, c.currency, c.locale))] : null,
        c.eligible !== undefined ? [el("dt", {}, "Eligible"), el("dd", {}, c.eligible ? "yes" : "maybe not")] : null,
        [el("dt", {}, "Offer"), el("dd", { class: "version" }, "#" + r.offer_id + (r.offer_version ? " · version of " + clock(r.offer_version) : ""))],
        [el("dt", {}, "Shown"), el("dd", {}, clock(r.created_at), " · message " + r.message_id)],
      ));
  }

  // ---- replying ---------------------------------------------------------------------------

  const mode = () => (replyForm.querySelector("input[name=mode]:checked") || {}).value || "reply";
  function setMode(m) {
    for (const r of replyForm.querySelectorAll("input[name=mode]")) r.checked = r.value === m;
    replyForm.classList.toggle("note-mode", m === "note");
    sendBtn.textContent = m === "note" ? "Add note" : "Send";
    replyText.placeholder = m === "note" ? "A private note for staff — the customer never sees it" : "Write a reply… type / for a saved reply";
  }
  for (const r of replyForm.querySelectorAll("input[name=mode]")) r.addEventListener("change", () => setMode(mode()));

  // Placeholders the page knows are filled in before sending; any it does not know are left
  // for the server to fill.
  function fill(text) {
    const vals = { first_name: current && current.consumerName, agent_name: me.name, agent_first_name: firstName(me.name) };
    return text.replace(/\{([a-z_]+)\}/g, (all, k) => (vals[k] ? vals[k] : all));
  }

  replyForm.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    if (!current) return;
    replyError.textContent = "";
    replyText.removeAttribute("aria-invalid");
    const text = fill(replyText.value.trim());
    if (!text) return;
    if (text.length > MAX_LEN) {
      replyText.setAttribute("aria-invalid", "true");
      replyError.textContent = `At most ${MAX_LEN} characters; this has ${text.length}.`;
      return;
    }
    const note = mode() === "note";
    sendBtn.disabled = true;
    try {
      const path = `/api/v1/console/conversations/${encodeURIComponent(current.id)}/` + (note ? "notes" : "messages");
      const res = await api("POST", path, note ? { text } : { text, client_id: uuid() });
      const m = note ? res.note : res.message;
      if (m) addEntry(note ? Object.assign({ role: "note", note_kind: m.kind }, m) : m);
      replyText.value = "";
      stopMyTyping();
      if (note) setMode("reply");
    } catch (err) {
      replyError.textContent = err.status === 404 ? "You no longer hold this conversation." : err.message;
      if (err.status === 404) openConversation(current.id);
    } finally {
      sendBtn.disabled = false;
      replyText.focus();
    }
  });

  // Typing reaches the customer: on while the agent types, off after a pause or on sending.
  let typingOn = false, typingIdle = 0;
  function myTyping(active) {
    if (!current || mode() === "note" || typingOn === active) return;
    typingOn = active;
    api("POST", `/api/v1/console/conversations/${encodeURIComponent(current.id)}/typing`, { active }).catch(() => {});
  }
  function stopMyTyping() { clearTimeout(typingIdle); myTyping(false); }
  replyText.addEventListener("input", () => {
    suggest();
    if (!replyText.value.trim()) return stopMyTyping();
    myTyping(true);
    clearTimeout(typingIdle);
    typingIdle = setTimeout(() => myTyping(false), 4000);
  });

  // ---- saved replies ----------------------------------------------------------------------

  const suggestList = $("canned-suggest");
  let canned = [], picks = [], pick = 0;
  async function loadCanned() {
    try { canned = (await api("GET", "/api/v1/console/canned")).canned; } catch (err) { canned = []; }
  }
  function suggest() {
    const m = /^\/(\S*)$/.exec(replyText.value);
    if (!m) { suggestList.hidden = true; picks = []; return; }
    const q = m[1].toLowerCase();
    picks = canned.filter((c) => String(c.shortcut).toLowerCase().replace(/^\//, "").startsWith(q)).slice(0, 8);
    pick = 0;
    suggestList.replaceChildren(...picks.map((c, i) => {
      const li = el("li", { role: "option", id: "canned-" + i, "aria-selected": i === 0 ? "true" : "false" },
        el("span", { class: "shortcut" }, "/" + String(c.shortcut).replace(/^\//, "")), c.text);
      li.addEventListener("mousedown", (e) => { e.preventDefault(); usePick(i); });
      return li;
    }));
    if (!picks.length) suggestList.append(el("li", { role: "option", "aria-disabled": "true" }, canned.length ? "No saved reply starts with that." : "No saved replies yet."));
    suggestList.hidden = false;
    replyText.setAttribute("aria-activedescendant", picks.length ? "canned-0" : "");
  }
  function usePick(i) {
    const c = picks[i];
    if (!c) return;
    replyText.value = fill(c.text);
    suggestList.hidden = true;
    picks = [];
    replyText.removeAttribute("aria-activedescendant");
    replyText.focus();
  }

  replyText.addEventListener("keydown", (ev) => {
    if (!suggestList.hidden && picks.length) {
      if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
        ev.preventDefault();
        pick = (pick + (ev.key === "ArrowDown" ? 1 : picks.length - 1)) % picks.length;
        suggestList.querySelectorAll("li").forEach((li, i) => li.setAttribute("aria-selected", i === pick ? "true" : "false"));
        replyText.setAttribute("aria-activedescendant", "canned-" + pick);
        return;
      }
      if (ev.key === "Tab" || ev.key === "Enter") { ev.preventDefault(); usePick(pick); return; }
    }
    if (ev.key === "Escape") { suggestList.hidden = true; replyText.blur(); return; }
    if (ev.key === "Enter" && !ev.shiftKey && !ev.isComposing) {
      ev.preventDefault();
      replyForm.requestSubmit();
    }
  });

  // ---- hand back and close ----------------------------------------------------------------

  const releaseDialog = $("release-dialog"), releaseForm = $("release-form");
  $("release").addEventListener("click", () => { releaseForm.reset(); $("release-error").textContent = ""; releaseDialog.showModal(); });
  releaseForm.addEventListener("submit", async (ev) => {
    if (ev.submitter && ev.submitter.value === "cancel") return;
    ev.preventDefault();
    const note = $("release-note").value.trim(), id = current.id;
    try {
      await api("POST", `/api/v1/console/conversations/${encodeURIComponent(id)}/release`, note ? { note } : {});
      releaseDialog.close();
      done(id, "Conversation " + id + " is back with the assistant.");
    } catch (err) {
      $("release-error").textContent = errorText(err);
    }
  });

  // done ends the agent's part in the open conversation: a supervisor stays on it (they see
  // every conversation); an agent, who no longer holds it, goes back to the inbox.
  function done(id, message) {
    loadMine();
    if (supervisor) return openConversation(id);
    // Leave first, so the conversation.updated this caused finds nothing open to react to.
    leaveConversation();
    go("/console");
    $("inbox-note").textContent = message;
  }

  const closeDialog = $("close-dialog"), closeForm = $("close-form");
  $("close-conv").addEventListener("click", () => { closeForm.reset(); $("close-error").textContent = ""; closeDialog.showModal(); });
  closeForm.addEventListener("submit", async (ev) => {
    if (ev.submitter && ev.submitter.value === "cancel") return;
    ev.preventDefault();
    const resolution = $("close-resolution").value;
    if (!resolution) { $("close-error").textContent = "Choose how it ended."; $("close-resolution").focus(); return; }
    const id = current.id;
    try {
      await api("POST", `/api/v1/console/conversations/${encodeURIComponent(id)}/close`, { resolution });
      closeDialog.close();
      done(id, "Conversation " + id + " is closed; the customer is asked to rate it.");
    } catch (err) {
      $("close-error").textContent = errorText(err);
    }
  });

  $("claim").addEventListener("click", () => { if (current) claimConversation(current.id, null, $("claim")); });

  // ---- reviews ----------------------------------------------------------------------------

  const LABELS = [
    ["wrong_figure", "Wrong figure"], ["wrong_offer", "Wrong offer"], ["missing_disclosure", "Missing disclosure"],
    ["late_handoff", "Should have handed off earlier"], ["tone", "Tone"], ["unsafe", "Unsafe"], ["other", "Other"],
  ];
  let reviewSeq = 0;

  // reviewForm rates one assistant message good or bad, with labels and a note.
  function reviewForm(messageId, done) {
    const n = ++reviewSeq;
    const err = el("p", { class: "error", role: "alert" });
    const note = el("textarea", { id: "rv-note-" + n, name: "note", rows: 2, maxlength: MAX_LEN });
    const form = el("form", { class: "review-form", novalidate: true, "data-message-id": messageId },
      el("fieldset", {}, el("legend", {}, "This answer was"),
        el("label", {}, el("input", { type: "radio", name: "rating", value: "good" }), "Good"),
        el("label", {}, el("input", { type: "radio", name: "rating", value: "bad" }), "Bad")),
      el("fieldset", {}, el("legend", {}, "What was wrong (for a bad answer)"),
        LABELS.map(([v, t]) => el("label", {}, el("input", { type: "checkbox", name: "labels", value: v }), t))),
      el("label", { for: "rv-note-" + n }, "Note (optional)"), note,
      el("div", { class: "actions" }, el("button", { type: "submit" }, "Save review")), err);
    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      err.textContent = "";
      const data = new FormData(form);
      const rating = data.get("rating");
      if (!rating) { err.textContent = "Choose good or bad."; return; }
      const body = { rating, labels: data.getAll("labels") };
      const text = String(data.get("note") || "").trim();
      if (text.length > MAX_LEN) { err.textContent = `A note is at most ${MAX_LEN} characters.`; return; }
      if (text) body.note = text;
      try {
        await api("POST", `/api/v1/console/messages/${encodeURIComponent(messageId)}/review`, body);
        done(rating, body.labels);
      } catch (e) {
        err.textContent = e.field ? e.message + " (" + e.field + ")" : errorText(e);
      }
    });
    return form;
  }

  function reviewWidget(m) {
    const d = el("details", { class: "review" }, el("summary", {}, "Review this answer"));
    d.addEventListener("toggle", () => {
      if (!d.open || d.querySelector("form")) return;
      d.append(reviewForm(m.id, (rating, labels) => {
        d.replaceChildren(el("summary", {}, "Reviewed: " + rating + (labels.length ? " (" + labels.map(words).join(", ") + ")" : "")));
        d.open = false;
      }));
    });
    return d;
  }

  // loadReviews lists the review queue: each assistant answer with why it is there and any
  // reviews it already has (several reviewers may each add their own).
  async function loadReviews() {
    const st = $("reviews-status"), list = $("reviews");
    st.textContent = "Loading…";
    try {
      const items = (await api("GET", "/api/v1/console/reviews?status=pending")).reviews;
      st.textContent = items.length ? items.length + " waiting for review." : "Nothing waiting for review.";
      list.replaceChildren(...items.map((r) => {
        const done = (r.reviews || []).map((x) => x.rating + (x.labels.length ? " (" + x.labels.map(words).join(", ") + ")" : "")).join("; ");
        const li = el("li", { class: "item", "data-message-id": r.message_id },
          el("p", { class: "title" }, el("span", {}, "Answer " + r.message_id), el("span", {}, (r.why || []).map((w) => el("span", { class: "badge" }, words(w))))),
          el("p", { class: "meta" }, clock(r.created_at), " · ", el("a", { href: "/console/conversations/" + encodeURIComponent(r.conversation_id) }, "conversation " + r.conversation_id),
            (r.flags || []).length ? " · flagged " + r.flags.map(words).join(", ") : "", done ? " · reviewed: " + done : ""),
          el("div", { class: "text" }, r.text));
        li.append(reviewForm(r.message_id, (rating) => {
          li.replaceChildren(el("p", { class: "title" }, "Answer " + r.message_id + " reviewed: " + rating));
          setTimeout(() => li.remove(), 1500);
        }));
        return li;
      }));
    } catch (err) {
      st.textContent = "Could not load the review queue: " + errorText(err);
      list.replaceChildren();
    }
  }

  // ---- metrics ----------------------------------------------------------------------------

  let metricsWindow = "7d";
  for (const b of document.querySelectorAll(".window button")) {
    b.addEventListener("click", () => {
      metricsWindow = b.dataset.window;
      for (const o of document.querySelectorAll(".window button")) o.setAttribute("aria-pressed", o === b ? "true" : "false");
      loadMetrics();
    });
  }

  const tile = (title, body) => el("section", { class: "tile" }, el("h3", {}, title), body);
  const figures = (pairs) => el("dl", { class: "figures" }, pairs.map(([k, v]) => [el("dt", {}, k), el("dd", {}, v)]));
  const secs = (v) => (v === null || v === undefined ? "—" : waited(v));
  const share = (v) => (v === null || v === undefined ? "—" : (v * 100).toFixed(1) + " %");
  const byCount = (m) => Object.entries(m || {}).sort((a, b) => b[1] - a[1]);

  // loadMetrics draws the window's figures, each computed by the server from the transition
  // log: cohorts with their rating and durable resolution, handoffs and why, time to a person,
  // offers, agents online, reviews and the grounding guard.
  async function loadMetrics() {
    const st = $("metrics-status"), box = $("metrics");
    st.textContent = "Loading…";
    let m;
    try {
      m = await api("GET", "/api/v1/console/metrics?window=" + encodeURIComponent(metricsWindow));
    } catch (err) {
      st.textContent = "Could not load the metrics: " + errorText(err);
      box.replaceChildren();
      return;
    }
    st.textContent = m.conversations + " conversations from " + clock(m.from) + " to " + clock(m.to) + ".";
    const C = RW.charts, cohorts = m.cohorts || [];
    const cohortName = (c) => words(c.name);
    const h = m.handoffs, t = m.time_to_person, o = m.offers, r = m.reviews, g = m.grounding;
    box.replaceChildren(
      tile("Conversations by cohort", C.bars("Conversations by cohort",
        cohorts.map((c, i) => ({ label: cohortName(c), value: c.conversations, cls: "s" + i })))),
      tile("Durable resolution by cohort", C.bars("Durable resolution by cohort: no new conversation from the same customer within 7 days",
        cohorts.map((c, i) => ({ label: cohortName(c), value: (c.durable_resolution_rate || 0) * 100, cls: "s" + i,
          text: c.durable_resolution_rate === null ? "too recent" : share(c.durable_resolution_rate) + " of " + c.durable_eligible })), { max: 100 })),
      tile("Rating by cohort", C.bars("Average rating (1 to 5) by cohort",
        cohorts.map((c, i) => ({ label: cohortName(c), value: c.average_rating || 0, cls: "s" + i,
          text: c.average_rating === null ? "no ratings" : c.average_rating.toFixed(2) + " (" + c.rated + ")" })), { max: 5 })),
      tile("Handoffs and offers", figures([
        ["Handoff rate", share(h.rate)], ["Handoffs", String(h.count)],
        ["Offers accepted", share(o.acceptance_rate)], ["Offers made", String(o.made)],
        ["Declined", String(o.declined)], ["Timed out", String(o.expired)],
      ])),
      tile("Why people were handed off", C.bars("Handoff reasons", byCount(h.reasons).map(([k, v]) => ({ label: words(k), value: v })))),
      tile("Time to a person (p50 and p90)", C.columns("Time from handoff to offer, to acceptance and to the first reply, p50 and p90",
        [["to offer", t.offer_p50, t.offer_p90], ["to accept", t.accept_p50, t.accept_p90], ["to first reply", t.first_reply_p50, t.first_reply_p90]]
          .map(([label, p50, p90]) => ({ label, values: [{ name: "p50", value: p50 || 0, text: secs(p50) }, { name: "p90", value: p90 || 0, text: secs(p90) }] })))),
      tile("Agents online", C.line("Agents online over time", (m.agents_online || []).map((p) => ({ t: p.at, v: p.online })))),
      tile("Review outcomes", C.bars("Reviews: good, bad, and the labels of bad answers",
        [{ label: "good", value: r.good, cls: "s1" }, { label: "bad", value: r.bad, cls: "s3" }]
          .concat(byCount(r.labels).map(([k, v]) => ({ label: words(k), value: v, cls: "s2" }))))),
      tile("Grounding guard", figures([
        ["Answers", String(g.answers)], ["Flagged ungrounded", String(g.ungrounded)],
        ["Planner fallback", String(g.fallback)], ["Failed turns", String(g.failed)],
      ])),
    );
  }

  // ---- audit and staff --------------------------------------------------------------------

  const cell = (...c) => el("td", {}, ...c);
  async function loadAudit() {
    const st = $("audit-status"), body = $("audit").tBodies[0];
    st.textContent = "Loading…";
    try {
      const rows = (await api("GET", "/api/v1/console/audit")).entries;
      st.textContent = rows.length ? "" : "Nothing recorded yet.";
      body.replaceChildren(...rows.map((r) => {
        const cid = r.conversation_id;
        const details = [r.field ? "field " + r.field : "", r.message_id ? "message " + r.message_id : "", r.reason ? "reason: " + r.reason : ""].filter(Boolean).join(" · ");
        return el("tr", { "data-action": r.action },
          cell(clock(r.created_at)), cell(r.actor_id !== null && r.actor_id !== undefined ? staffName(r.actor_id, r.actor_name) : "—"),
          cell(words(r.action)),
          cell(cid ? el("a", { href: "/console/conversations/" + encodeURIComponent(cid) }, String(cid)) : ""), cell(details));
      }));
    } catch (err) {
      st.textContent = "Could not load the audit log: " + errorText(err);
      body.replaceChildren();
    }
  }

  async function loadStaff() {
    const st = $("staff-status"), body = $("staff").tBodies[0];
    st.textContent = "Loading…";
    try {
      const rows = (await api("GET", "/api/v1/console/staff")).staff;
      st.textContent = rows.length ? "" : "No staff yet.";
      body.replaceChildren(...rows.map((s) => el("tr", {},
        cell(s.display_name, el("br"), el("span", { class: "hint" }, s.email)),
        cell(words(s.role)),
        cell(el("span", { class: "dot " + s.status, "aria-hidden": "true" }), " ", s.status),
        cell(s.active + " / " + s.capacity),
        cell(s.languages.join(", ").toUpperCase()),
        cell(s.skills.map(product).join(", "), s.sensitive ? [" ", el("span", { class: "badge high" }, "sensitive cases")] : null))));
    } catch (err) {
      st.textContent = "Could not load the staff list: " + errorText(err);
      body.replaceChildren();
    }
  }

  // ---- the saved replies view --------------------------------------------------------------

  // Placeholders as the server lists them; the form checks braces against them before sending,
  // and the server checks again.
  let placeholders = ["first_name", "name", "agent_name", "agent_first_name"];
  async function loadCannedView() {
    const st = $("canned-status"), body = $("canned").tBodies[0];
    st.textContent = "Loading…";
    try {
      const res = await api("GET", "/api/v1/console/canned");
      canned = res.canned;
      if (Array.isArray(res.placeholders) && res.placeholders.length) placeholders = res.placeholders;
      $("canned-placeholders").textContent = placeholders.map((p) => "{" + p + "}").join(", ");
      st.textContent = canned.length ? "" : "No saved replies yet.";
      body.replaceChildren(...canned.map((c) => el("tr", { "data-shortcut": c.shortcut },
        cell(el("code", {}, c.shortcut)), cell(c.text), cell(clock(c.created_at)))));
    } catch (err) {
      st.textContent = "Could not load the saved replies: " + errorText(err);
      body.replaceChildren();
    }
  }

  const cannedForm = $("canned-form");
  if (cannedForm) {
    cannedForm.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      const error = $("canned-error");
      error.textContent = "";
      const shortcut = $("canned-shortcut").value.trim(), text = $("canned-text").value.trim();
      const fail = (msg, field) => { error.textContent = msg; $(field === "shortcut" ? "canned-shortcut" : "canned-text").focus(); };
      if (!/^\/?[\p{L}\p{N}][\p{L}\p{N}_-]*$/u.test(shortcut) || shortcut.replace(/^\//, "").length > 39) {
        return fail("A shortcut is a slash and 1 to 39 letters, digits, - or _, like /greet.", "shortcut");
      }
      if (!text) return fail("Write the reply.", "text");
      if (text.length > 3800) return fail("A saved reply is at most 3,800 characters.", "text");
      const unknown = (text.match(/\{[^{}]*\}?/g) || []).find((p) => !p.endsWith("}") || !placeholders.includes(p.slice(1, -1)));
      if (unknown || /}/.test(text.replace(/\{[^{}]*\}?/g, ""))) {
        return fail("Unknown placeholder " + (unknown || "}") + "; braces are only for " + placeholders.map((p) => "{" + p + "}").join(", ") + ".", "text");
      }
      try {
        await api("POST", "/api/v1/console/canned", { shortcut, text });
        cannedForm.reset();
        $("canned-status").textContent = "Saved.";
        await loadCannedView();
      } catch (e) {
        if (e.status === 409) return fail(e.message, "shortcut");
        if (e.field) return fail(e.message, e.field);
        error.textContent = errorText(e);
      }
    });
  }

  // ---- the console event stream -----------------------------------------------------------

  let es = null, retry = 0, retryDelay = 1000;
  let queueReload = 0;
  const soon = (fn) => { clearTimeout(queueReload); queueReload = setTimeout(fn, 150); };
  const parse = (e) => { try { return JSON.parse(e.data); } catch (err) { return null; } };
  const inCurrent = (d) => current && d && d.conversation_id !== undefined && String(d.conversation_id) === String(current.id);
  let theirTyping = 0;

  const handlers = {
    "offer.created"(d) { addOffer(d); },
    // An offer ends by timing out, being declined, accepted (here or in another tab) or
    // cancelled (the customer left the queue).
    "offer.expired"(d) { if (d.reason === "expired") expireOffer(d.offer_id); else dropOffer(d.offer_id); },
    "queue.updated"() { soon(loadQueue); },
    // A conversation waited past the SLA: the queue shows it as overdue, and the inbox says so.
    "sla.warning"(d) {
      soon(loadQueue);
      $("inbox-note").textContent = "Conversation " + d.conversation_id + " has waited " + waited(d.waiting_seconds) + " for a person.";
    },
    "conversation.updated"(d) {
      loadMine();
      soon(loadQueue);
      if (!inCurrent(d)) return;
      // An agent who no longer holds the open conversation (handed back, requeued after they
      // went missing, closed) may not read it any more: back to the inbox, saying why.
      if (!supervisor && d.agent_id !== me.id && d.phase !== "offered") {
        $("inbox-note").textContent = "Conversation " + d.conversation_id + " is no longer with you: " + words(d.state) + ".";
        return go("/console");
      }
      openConversation(current.id);
    },
    "presence.updated"(d) { if (d.agent_id === me.id) showStatus(d.status); },
    "message.created"(d) {
      if (inCurrent(d)) addEntry(d);
      else if (d.role === "user") markUnread(d.conversation_id);
    },
    "message.completed"(d) { if (inCurrent(d)) addEntry(d); },
    "note.created"(d) { if (inCurrent(d) && !current.shown.has("n" + d.note_id)) openConversation(current.id); },
    typing(d) {
      if (!inCurrent(d) || d.role === "agent") return;
      clearTimeout(theirTyping);
      typingLine.textContent = d.active ? (d.role === "user" ? (current.consumerName || "The customer") + " is typing…" : "The assistant is writing…") : "";
      if (d.active) theirTyping = setTimeout(() => { typingLine.textContent = ""; }, 6000);
    },
    // Ownership changes come as conversation.updated; these two only move the lists.
    "handoff.updated"() { soon(loadQueue); },
    "conversation.closed"() { loadMine(); },
  };

  function markUnread(id) {
    const li = document.querySelector(`#mine .item[data-conversation-id="${CSS.escape(String(id))}"] .title`);
    if (!li) return;
    let b = li.querySelector(".badge.unread");
    if (!b) { b = el("span", { class: "badge unread" }, "new"); li.append(b); }
  }

  function connect() {
    if (es) es.close();
    clearTimeout(retry);
    es = new EventSource("/api/v1/console/events");
    es.onopen = () => {
      retryDelay = 1000;
      say("");
      // Whatever happened while disconnected: read the lists again.
      loadQueue();
      loadMine();
    };
    for (const [name, fn] of Object.entries(handlers)) {
      es.addEventListener(name, (e) => { const d = parse(e); if (d !== null) fn(d); });
    }
    es.addEventListener("error", (e) => {
      const d = e.data !== undefined ? parse(e) : null;
      if (d && d.code === "unauthenticated") { es.close(); say("You were signed out. Sign in again to carry on."); return; }
      if (e.data !== undefined) return;
      say("Connection lost — reconnecting…");
      if (es.readyState === EventSource.CLOSED) {
        retry = setTimeout(connect, retryDelay);
        retryDelay = Math.min(retryDelay * 2, 30000);
      }
    });
  }

  // ---- keyboard ---------------------------------------------------------------------------

  const typingInField = (t) => t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
  let gPressed = 0;
  document.addEventListener("keydown", (ev) => {
    if (document.querySelector("dialog[open]")) return;
    if (ev.altKey && !ev.ctrlKey && !ev.metaKey) {
      const k = ev.key.toLowerCase();
      if (k === "n" && current && !replyForm.hidden) { ev.preventDefault(); setMode(mode() === "note" ? "reply" : "note"); replyText.focus(); return; }
      if (k === "h" && current && !$("release").hidden) { ev.preventDefault(); $("release").click(); return; }
      if (k === "c" && current && !$("close-conv").hidden) { ev.preventDefault(); $("close-conv").click(); return; }
      return;
    }
    if (ev.ctrlKey || ev.metaKey || typingInField(ev.target)) return;
    if (gPressed && Date.now() - gPressed < 1200) {
      gPressed = 0;
      const to = { i: "/console", r: "/console/reviews", m: "/console/metrics" }[ev.key];
      if (to) { ev.preventDefault(); go(to); }
      return;
    }
    switch (ev.key) {
      case "a": { const o = newestOffer(); if (o) { ev.preventDefault(); acceptOffer(o.data.offer_id); } break; }
      case "d": { const o = newestOffer(); if (o) { ev.preventDefault(); declineOffer(o.data.offer_id); } break; }
      case "/": if (view === "conversation" && !replyForm.hidden) { ev.preventDefault(); replyText.focus(); } break;
      case "?": ev.preventDefault(); $("shortcuts").showModal(); break;
      case "g": gPressed = Date.now(); break;
      case "j": case "k": {
        const links = [...document.querySelectorAll("#mine .item a.open")];
        if (!links.length) break;
        const at = links.findIndex((a) => a.closest(".item").getAttribute("aria-current") === "true");
        const next = links[(at + (ev.key === "j" ? 1 : links.length - 1) + (at < 0 && ev.key === "k" ? 1 : 0)) % links.length] || links[0];
        ev.preventDefault();
        go(next.getAttribute("href"));
        break;
      }
    }
  });
  $("shortcuts-open").addEventListener("click", () => $("shortcuts").showModal());

  // ---- start ------------------------------------------------------------------------------

  // The status is the server's: a reload, or a second tab, carries on where it was, and the
  // offers still open are shown again.
  (async () => {
    try {
      const st = await api("GET", "/api/v1/console/status");
      heartbeatMs = st.heartbeat_seconds * 1000;
      showStatus(st.status);
      if (st.status !== "offline") setStatus(st.status);
      for (const o of (await api("GET", "/api/v1/console/offers")).offers) addOffer(o);
    } catch (err) {
      say("Could not read your status: " + err.message);
    }
  })();
  setMode("reply");
  loadCanned();
  connect();
  route();
  main.dataset.ready = "true";
});
