// The chat page: sends messages, follows the conversation's event stream (SSE) and draws
// messages, tool progress, offer cards, charts, citations and the hand-off to a person.
// Every message is keyed by its id, so a replayed or re-fetched message updates the one on
// screen instead of appearing twice.
//
// The same chat runs in the consumer's page and inside a merchant's widget (widget.js): the
// widget passes opts to say how it reaches its conversation (a bearer token instead of the
// cookie, a stream that can carry that header) and to hear what happens (opts.emit).
"use strict";
(function () {
// startChat wires the chat's elements. opts, all optional: EventSource (a constructor taking
// the stream URL), load() (the conversation to reopen, or null), create() (a new
// conversation), emit(name, data), signedOut(message) (the stream's credentials ended).
// It returns {open(conversation), reset(), focus()}.
function startChat(opts) {
  opts = opts || {};
  const { el, api, money, rate, uuid } = RW;
  const emit = opts.emit || (() => {});
  const $ = (id) => document.getElementById(id);
  const list = $("messages"), scroller = $("scroller"), statusLine = $("status"), progress = $("progress");
  const human = $("human"), form = $("composer"), input = $("text"), sendBtn = $("send"), sendError = $("send-error");
  const csat = $("csat"), csatForm = $("csat-form"), csatDone = $("csat-done"), csatError = $("csat-error");
  const announcer = $("announcer");
  if (!list || !form) return null;

  const MAX_LEN = 4000;
  const shown = new Map(); // message id → entry {li, text, role, done, cards}
  const pending = new Map(); // client_id → entry, until the server names the message
  const tools = new Map(); // running tool key → words
  let conv = null; // {id, state, rated}
  let es = null, retryTimer = 0, retryDelay = 1000, lastEventId = "";
  let agentName = "";
  let turn = null; // the assistant reply streaming in, until its message.completed names it
  let typingTimer = 0, typingText = "";
  // The page's own words follow the conversation's language: the server sends the language it
  // answers in with typing and tool.started (the tools' labels come translated), and the page
  // keeps the last one.
  const pageWords = {
    en: { assistant: "Ratewise assistant", person: "A person", typing: (n) => n + " is typing…", minute: "about 1 minute", minutes: (m) => "about " + m + " minutes",
      queued: (p, w) => `You're number ${p} in the queue, ${w}.`, queuedNoPos: "You're in the queue for a person.", withYou: (n) => n + " from Ratewise is with you.",
      closed: "This conversation is closed.", bot: "You're talking to the Ratewise assistant.", reconnecting: "Connection lost — reconnecting…", failed: "Something went wrong on our side. Please try again." },
    es: { assistant: "Asistente de Ratewise", person: "Una persona", typing: (n) => n + " está escribiendo…", minute: "aproximadamente 1 minuto", minutes: (m) => "aproximadamente " + m + " minutos",
      queued: (p, w) => `Eres el número ${p} en la cola, ${w}.`, queuedNoPos: "Estás en la cola para hablar con una persona.", withYou: (n) => n + " de Ratewise está contigo.",
      closed: "Esta conversación está cerrada.", bot: "Estás hablando con el asistente de Ratewise.", reconnecting: "Conexión perdida; reconectando…", failed: "Algo ha fallado por nuestra parte. Inténtalo de nuevo." },
    fr: { assistant: "Assistant Ratewise", person: "Un conseiller", typing: (n) => n + " est en train d'écrire…", minute: "environ 1 minute", minutes: (m) => "environ " + m + " minutes",
      queued: (p, w) => `Vous êtes numéro ${p} dans la file, ${w}.`, queuedNoPos: "Vous êtes dans la file pour un conseiller.", withYou: (n) => n + " de Ratewise est avec vous.",
      closed: "Cette conversation est terminée.", bot: "Vous parlez avec l'assistant Ratewise.", reconnecting: "Connexion perdue — reconnexion…", failed: "Un problème est survenu de notre côté. Veuillez réessayer." },
    de: { assistant: "Ratewise-Assistent", person: "Ein Mensch", typing: (n) => n + " schreibt…", minute: "etwa 1 Minute", minutes: (m) => "etwa " + m + " Minuten",
      queued: (p, w) => `Sie sind Nummer ${p} in der Warteschlange, ${w}.`, queuedNoPos: "Sie warten auf einen Menschen.", withYou: (n) => n + " von Ratewise ist für Sie da.",
      closed: "Dieses Gespräch ist beendet.", bot: "Sie sprechen mit dem Ratewise-Assistenten.", reconnecting: "Verbindung verloren — neuer Versuch…", failed: "Bei uns ist etwas schiefgegangen. Bitte versuchen Sie es noch einmal." },
    sv: { assistant: "Ratewise-assistenten", person: "En människa", typing: (n) => n + " skriver…", minute: "cirka 1 minut", minutes: (m) => "cirka " + m + " minuter",
      queued: (p, w) => `Du är nummer ${p} i kön, ${w}.`, queuedNoPos: "Du står i kö för att prata med en människa.", withYou: (n) => n + " från Ratewise är med dig.",
      closed: "Det här samtalet är avslutat.", bot: "Du pratar med Ratewise-assistenten.", reconnecting: "Anslutningen bröts — ansluter igen…", failed: "Något gick fel hos oss. Försök igen." },
  };
  let pageLang = "en";
  const say = (key, ...args) => {
    const w = (pageWords[pageLang] || pageWords.en)[key];
    return typeof w === "function" ? w(...args) : w;
  };
  function followLanguage(lang) {
    if (!lang || !pageWords[lang] || lang === pageLang) return;
    pageLang = lang;
    if (conv) setState(conv.state, lastState);
  }
  let lastState = {};

  // ---- drawing ----------------------------------------------------------------------------

  const nearBottom = () => scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 120;
  function keepBottom(wasNear) { if (wasNear) scroller.scrollTop = scroller.scrollHeight; }

  // A message names no author: an agent is the one agent.joined named.
  function who(role) {
    switch (role) {
      case "user": return "You";
      case "agent": return (agentName || "A person") + " from Ratewise · a person";
      case "system": return "";
      default: return "Ratewise assistant";
    }
  }

  function newEntry(role) {
    const text = el("div", { class: "text" });
    const li = el("li", { class: "msg " + role }, role === "system" ? null : el("p", { class: "who" }, who(role)), text);
    return { li, text, role, done: false, cards: false, citations: false, streamed: "" };
  }

  function place(entry, id) {
    const wasNear = nearBottom();
    if (id !== undefined) {
      entry.li.dataset.id = String(id);
      shown.set(String(id), entry);
    }
    if (!entry.li.isConnected) list.append(entry.li);
    keepBottom(wasNear);
  }

  // adopt finds the bubble a message was already shown in before the server named it: the
  // user's own pending bubble, or the reply that was streaming in.
  function adopt(m) {
    if (m.role !== "user") {
      if (turn && !turn.done && m.role === "assistant") {
        const t = turn;
        turn = null;
        return t;
      }
      return null;
    }
    for (const [cid, entry] of pending) {
      if (entry.sentText === m.text) {
        pending.delete(cid);
        return entry;
      }
    }
    return null;
  }

  // Message ids grow within a conversation. A reply-to id at or below the newest reply shown
  // belongs to a turn that is already answered: its deltas, tools and cards are a replay.
  let newestReply = 0;
  const answered = (replyTo) => replyTo !== undefined && replyTo !== null && Number(replyTo) <= newestReply;
  const awaiting = () => [...shown.values()].some((e) => e.role === "user" && Number(e.li.dataset.id) > newestReply) || pending.size > 0;

  // turnEntry is the bubble of the reply being streamed, made on its first piece.
  function turnEntry(replyTo) {
    if (turn && !turn.done) return turn;
    turn = newEntry("assistant");
    turn.replyTo = replyTo;
    place(turn);
    return turn;
  }

  // render puts a whole message on screen, or updates the one already there.
  function render(m) {
    if (!m || m.id === undefined || m.id === null) return null;
    const key = String(m.id);
    let entry = shown.get(key);
    if (!entry) {
      entry = adopt(m) || newEntry(m.role);
      entry.li.classList.remove("pending", "failed");
      const note = entry.li.querySelector(".note");
      if (note) note.remove();
      place(entry, key);
    }
    if (m.role !== "user" && Number(m.id) > newestReply) newestReply = Number(m.id);
    const wasNear = nearBottom();
    if (typeof m.text === "string" && (m.text !== "" || entry.done || !entry.streamed)) entry.text.textContent = m.text;
    if (Array.isArray(m.cards) && m.cards.length) addCards(entry, m.cards);
    if (Array.isArray(m.citations) && m.citations.length) addCitations(entry, m.citations);
    keepBottom(wasNear);
    return entry;
  }

  function system(text) {
    const entry = newEntry("system");
    entry.text.textContent = text;
    place(entry);
  }

  // ---- offer cards ------------------------------------------------------------------------

  // A card shows the consumer's own figures in words the server chose (title, product label,
  // conditions, notes) and numbers written in the card's currency and locale. Loans, balance
  // transfers and policies each show what matters for them; a policy shows no rate or fee.
  function card(c) {
    const cur = c.currency, loc = c.locale;
    const m = (v) => money(v, cur, loc), pct = (v) => rate(v, loc);
    const net = Number(c.net_saving);
    const row = (label, value, cls, key) => el("div", {}, el("dt", {}, label), el("dd", { class: cls || null, "data-field": key || null }, value));
    const title = c.title || (c.partner + " — " + c.name);
    const insurance = c.annual_premium !== undefined && c.annual_premium !== null;
    const bt = c.balance_transfer;
    let rows, sub = [];
    if (insurance) {
      rows = [
        row("Annual premium", m(c.annual_premium), null, "annual_premium"),
        c.monthly_premium ? row("Paying monthly", "12 × " + m(c.monthly_premium), null, "monthly_premium")
          : row("Spread over 12 months", m(c.monthly_payment) + " a month", null, "monthly_payment"),
        row("Cover up to", m(c.coverage_limit), null, "coverage_limit"),
        row("Deductible", m(c.deductible), null, "deductible"),
        row("You save a year", m(c.net_saving), net > 0 ? "saving" : "loss", "net_saving"),
      ];
    } else if (bt) {
      sub.push(pct(bt.promo_rate) + " for " + bt.promo_months + " months");
      rows = [
        row("Promotion", pct(bt.promo_rate) + " for " + bt.promo_months + " months, then " + pct(bt.revert_rate), null, "promotion"),
        row(c.fee_label || "Balance transfer fee", m(bt.transfer_fee), null, "fees"),
        row("Monthly payment", m(bt.monthly_payment), null, "monthly_payment"),
        row("Cleared in", bt.months_to_clear + " months (" + bt.current_months_to_clear + " on your card)", null, "months_to_clear"),
        row("Owed when the promotion ends", m(bt.balance_after_promo), null, "balance_after_promo"),
        row("Total saving", m(c.net_saving), net > 0 ? "saving" : "loss", "net_saving"),
        row("Fee earned back by", c.break_even_month ? "month " + c.break_even_month : (net > 0 ? "month 1" : "never"), null, "break_even_month"),
      ];
    } else {
      const aprLabel = c.rate_basis === "credit_score" ? "Your APR" : c.rate_basis === "representative" ? "APR at the representative rate" : "APR";
      if (c.term_months) sub.push(c.term_months + " months");
      sub.push(pct(c.apr) + " APR");
      rows = [
        row(aprLabel, pct(c.apr), null, "apr"),
        c.apr_min && c.apr_max ? row("APR depending on your credit", pct(c.apr_min) + " – " + pct(c.apr_max), null, "apr_range") : null,
        row("Representative APR", pct(c.representative_apr), null, "representative_apr"),
        row("Monthly payment", m(c.monthly_payment), null, "monthly_payment"),
        c.months_to_clear ? row("Cleared in", c.months_to_clear + " months (" + c.current_months_to_clear + " on your loan)", null, "months_to_clear") : null,
        row("Monthly saving", m(c.monthly_saving), Number(c.monthly_saving) > 0 ? "saving" : Number(c.monthly_saving) < 0 ? "loss" : null, "monthly_saving"),
        row("Total saving", m(c.net_saving), net > 0 ? "saving" : "loss", "net_saving"),
        row(c.fee_label || "Fees", m(c.fees), null, "fees"),
        row("Fees paid back by", c.break_even_month ? "month " + c.break_even_month : (Number(c.fees) > 0 ? (net > 0 ? "the end of the loan" : "never") : "no fees"), null, "break_even_month"),
      ];
    }
    // Whether the consumer looks eligible is said only when their profile supports it.
    let eligibility;
    switch (c.eligibility) {
      case "eligible": eligibility = el("p", { class: "eligibility" }, "You look eligible from your profile."); break;
      case "ineligible": eligibility = el("p", { class: "eligibility no" }, "You may not be eligible:"); break;
      default: eligibility = el("p", { class: "eligibility unknown" }, "Eligibility not known yet. What decides it:");
    }
    const link = el("a", { href: "/offers/" + encodeURIComponent(c.offer_id) }, "Offer details");
    link.append(el("span", { class: "visually-hidden" }, " for " + title));
    const list = (cls, items) => (Array.isArray(items) && items.length ? el("ul", { class: cls }, items.map((r) => el("li", {}, r))) : null);
    return el("article", {
      class: "card", "data-offer-id": c.offer_id, "data-monthly-payment": c.monthly_payment,
      "data-monthly-saving": c.monthly_saving, "data-net-saving": c.net_saving, "data-kind": insurance ? "insurance" : bt ? "transfer" : "loan",
    },
      el("h3", {}, title),
      el("p", { class: "product" }, [RW.capitalize(c.product_label || ""), ...sub].filter(Boolean).join(" · ")),
      eligibility,
      c.eligibility === "ineligible" ? list("reasons", c.reasons) : list("conditions", c.conditions),
      el("dl", {}, rows),
      c.cover_note ? el("p", { class: "cover" }, c.cover_note) : null,
      c.eligibility !== "ineligible" && insurance ? list("reasons", c.reasons) : null,
      list("notes", c.notes),
      c.representative_example ? el("p", { class: "example" }, c.representative_example) : null,
      link,
    );
  }

  function addCards(entry, cards) {
    if (entry.cards) return;
    entry.cards = true;
    const box = el("div", { class: "offers" });
    const fig = RW.chart ? RW.chart(cards) : null;
    if (fig) box.append(fig);
    for (const c of cards) box.append(card(c));
    entry.li.append(box);
    if (fig) RW.drawChart(fig); // once in the page, where its width is known
  }

  function addCitations(entry, cites) {
    if (entry.citations) return;
    entry.citations = true;
    const items = cites.map((c) => {
      if (c.slug) return el("li", {}, el("a", { href: "/kb/" + encodeURIComponent(c.slug) }, c.title));
      if (c.offer_id) return el("li", {}, el("a", { href: "/offers/" + encodeURIComponent(c.offer_id) }, c.title));
      return null;
    }).filter(Boolean);
    if (items.length) entry.li.append(el("ul", { class: "citations", "aria-label": "Sources" }, items));
  }

  // ---- what a screen reader hears ---------------------------------------------------------

  // The transcript is not a live region: a screen reader would read every piece of a streamed
  // answer, every card and every chart label. Instead a completed answer (or a person's
  // message) is announced once, in a few chunks of whole sentences, and the transcript is
  // aria-busy while an answer streams in. Announcing starts once the stream has replayed the
  // conversation's history (a second without events) or the reader sends something.
  const CHUNK = 240;
  let live = false, quietTimer = 0;
  const announced = new Set();
  function quiet() {
    clearTimeout(quietTimer);
    if (!live) quietTimer = setTimeout(() => { live = true; }, 1000);
  }
  function chunks(text) {
    const out = [];
    // A sentence ends at . ! or ? followed by a space, so "$15,000.00" and "p.a." stay whole.
    for (const sentence of String(text).match(/[\s\S]*?[.!?]+(?=\s|$)\s*|[\s\S]+$/g) || []) {
      const last = out.length - 1;
      if (last >= 0 && out[last].length + sentence.length <= CHUNK) out[last] += sentence;
      else out.push(sentence);
    }
    return out.map((c) => c.trim()).filter(Boolean);
  }
  function announce(m) {
    if (!announcer || !live || !m || m.role === "user" || announced.has(String(m.id)) || !m.text) return;
    announced.add(String(m.id));
    const from = m.role === "agent" ? (agentName || "A person") + " from Ratewise says: " : m.role === "system" ? "" : "Ratewise assistant says: ";
    announcer.replaceChildren(...chunks(from + m.text).map((c) => el("p", {}, c)));
  }
  function busy(on) {
    if (on) list.setAttribute("aria-busy", "true");
    else list.removeAttribute("aria-busy");
  }

  // ---- status and progress ----------------------------------------------------------------

  function minutes(secs) {
    const m = Math.max(1, Math.ceil(Number(secs || 0) / 60));
    return m === 1 ? say("minute") : say("minutes", m);
  }

  function setState(state, info) {
    if (conv) conv.state = state;
    info = info || {};
    lastState = info;
    switch (state) {
      case "queued":
        statusLine.textContent = info.position
          ? say("queued", info.position, minutes(info.eta_seconds))
          : say("queuedNoPos");
        human.disabled = true;
        break;
      case "assigned":
        statusLine.textContent = say("withYou", agentName || say("person"));
        human.disabled = true;
        break;
      case "closed":
        statusLine.textContent = say("closed");
        human.disabled = true;
        form.hidden = true;
        showCsat();
        break;
      default:
        statusLine.textContent = say("bot");
        human.disabled = false;
        form.hidden = false;
    }
  }

  function showProgress() {
    const words = [...tools.values()];
    progress.textContent = words.length ? words[words.length - 1] : typingText;
  }

  // ---- events -----------------------------------------------------------------------------

  // Each handler reads only the fields the server sends for its event (web/sse.go, the
  // OpenAPI document's Event* schemas); a test holds this file to them.
  const parse = (e) => { try { return JSON.parse(e.data); } catch (err) { return null; } };

  const handlers = {
    "message.created"(d) {
      const entry = render(d);
      if (entry && d.role !== "user") stopTyping();
      if (d.role === "agent" || d.role === "system") { announce(d); busy(false); }
      if (live && d.role === "agent") emit("message:received", { id: d.id, role: d.role });
    },
    "message.delta"(d) {
      if (answered(d.reply_to)) return;
      const entry = turnEntry(d.reply_to);
      if (entry.done) return; // a replay of a message already complete
      const wasNear = nearBottom();
      // reset: the text so far, as a stream that (re)connects mid-answer gets it, or the start
      // of a new attempt; it replaces what is shown.
      entry.streamed = d.reset ? d.delta : entry.streamed + d.delta;
      entry.text.textContent = entry.streamed;
      keepBottom(wasNear);
      stopTyping();
      busy(true);
    },
    "message.completed"(d) {
      const entry = render(d);
      if (entry) entry.done = true;
      tools.clear();
      stopTyping();
      busy(false);
      announce(d);
      if (live && d.role !== "user") emit("message:received", { id: d.id, role: d.role });
    },
    "tool.started"(d) {
      followLanguage(d.lang);
      if (answered(d.reply_to)) return;
      busy(true);
      tools.set(String(d.call_id), d.label);
      showProgress();
    },
    "tool.completed"(d) {
      const key = String(d.call_id);
      // What the step found ("Compared 42 car-loan offers; 3 are better…") stays on the
      // progress line until the answer replaces it.
      if (d.ok && d.summary && !answered(d.reply_to)) tools.set(key, d.summary + "…");
      else tools.delete(key);
      showProgress();
    },
    offers(cards) {
      if (!Array.isArray(cards) || !cards.length) return;
      if (!turn && !awaiting()) return; // cards of an answered turn: the message itself carries them
      const entry = turnEntry();
      const wasNear = nearBottom();
      addCards(entry, cards);
      keepBottom(wasNear);
    },
    "handoff.updated"(d) {
      if (d.state !== "bot") dropUnfinished();
      setState(d.state, d);
      busy(false);
      if (live) emit("handoff", { state: d.state, position: d.position });
    },
    "agent.joined"(d) {
      dropUnfinished();
      agentName = String(d.name || "").split(/\s+/)[0] || "A person";
      system(agentName + " from Ratewise joined.");
      setState("assigned", d);
      if (live) emit("agent_joined", { name: agentName });
    },
    typing(d) {
      if (d.role === "user") return; // the consumer's own typing, shown to the agent
      followLanguage(d.lang);
      if (!d.active) return stopTyping();
      if (d.role !== "agent" && !awaiting()) return; // a replay from an answered turn
      const name = d.role === "agent" ? (agentName || say("person")) : say("assistant");
      typingText = say("typing", name);
      showProgress();
      clearTimeout(typingTimer);
      typingTimer = setTimeout(stopTyping, 6000);
    },
    "conversation.closed"() { setState("closed"); },
    error(d) {
      if (d.code === "unauthenticated") return signedOut(d.message);
      // A turn that failed every attempt has its own message (flagged failed) already shown.
      if (!answered(d.reply_to)) system(d.message || say("failed"));
      tools.clear();
      showProgress();
      busy(false);
    },
  };

  // dropUnfinished takes away an answer that was still streaming in when the conversation went
  // to a person: the server drops it and never finishes it, so its start must not stay on
  // screen looking like something the assistant said.
  function dropUnfinished() {
    if (!turn || turn.done) return;
    turn.li.remove();
    turn = null;
    tools.clear();
    stopTyping();
  }

  function stopTyping() { typingText = ""; clearTimeout(typingTimer); showProgress(); }

  // signedOut stops following the conversation: the session the stream was opened with ended
  // (signed out here or in another tab, or expired), and reconnecting would only be refused.
  function signedOut(message) {
    if (opts.signedOut) return opts.signedOut(message);
    if (es) es.close();
    es = null;
    clearTimeout(retryTimer);
    delete progress.dataset.conn;
    tools.clear();
    stopTyping();
    system(message || "You were signed out. Sign in again to carry on.");
  }

  function connect() {
    if (!conv) return;
    if (es) es.close();
    clearTimeout(retryTimer);
    let url = `/api/v1/conversations/${encodeURIComponent(conv.id)}/events`;
    // A fresh EventSource cannot send Last-Event-ID; the query parameter carries it instead.
    if (lastEventId) url += "?last_event_id=" + encodeURIComponent(lastEventId);
    es = new (opts.EventSource || EventSource)(url);
    let opened;
    const ready = new Promise((resolve) => { opened = resolve; });
    es.onopen = () => { opened(); quiet(); retryDelay = 1000; if (progress.dataset.conn) { delete progress.dataset.conn; showProgress(); } };
    for (const [name, fn] of Object.entries(handlers)) {
      es.addEventListener(name, (e) => {
        if (name === "error" && e.data === undefined) return; // the connection's own error, below
        if (e.lastEventId) lastEventId = e.lastEventId;
        const d = parse(e);
        quiet();
        if (d !== null) fn(d);
      });
    }
    es.onerror = () => {
      // While the browser reconnects by itself (sending Last-Event-ID) there is nothing to do
      // but say so; if it gave up (the server answered with an error), open a new stream that
      // resumes after the last event seen.
      progress.dataset.conn = "1";
      progress.textContent = say("reconnecting");
      if (es.readyState === EventSource.CLOSED) {
        retryTimer = setTimeout(connect, retryDelay);
        retryDelay = Math.min(retryDelay * 2, 30000);
      }
    };
    return ready;
  }

  // open follows an existing conversation. The stream starts from its first event, so the
  // replay rebuilds the transcript in order (cards, joins and queue position included) and
  // then carries on live; nothing needs reading twice.
  function open(c) {
    conv = { id: c.id, state: c.state, rated: c.rated };
    setState(conv.state);
    // A transcript read with the conversation is shown at once; the stream's replay then
    // finds each message already on screen.
    for (const m of c.messages || []) render(m);
    connect();
  }

  async function ensureConversation() {
    if (conv) return conv;
    const c = opts.create ? await opts.create() : await api("POST", "/api/v1/conversations", {});
    conv = { id: c.id, state: c.state, rated: c.rated };
    // The first message waits (a few seconds at most) for the stream to be open: what a turn
    // shows while it runs (typing, the steps it takes) is not stored, and a turn can start
    // before a stream opened at the same time is listening.
    const ready = connect();
    await Promise.race([ready, new Promise((resolve) => setTimeout(resolve, 3000))]);
    return conv;
  }

  // ---- sending ----------------------------------------------------------------------------

  async function post(entry, text, clientId) {
    let lastErr;
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const res = await api("POST", `/api/v1/conversations/${encodeURIComponent(conv.id)}/messages`, { text, client_id: clientId });
        const m = res.message;
        emit("message:sent", { id: m.id });
        if (shown.has(String(m.id)) && shown.get(String(m.id)) !== entry) {
          entry.li.remove(); // the stream showed it first
        } else {
          pending.delete(clientId);
          entry.li.classList.remove("pending");
          place(entry, m.id);
        }
        return;
      } catch (err) {
        lastErr = err;
        if (err.status !== 0) break; // only a lost connection is worth retrying; the client_id makes it safe
        await new Promise((r) => setTimeout(r, 800 * (attempt + 1)));
      }
    }
    entry.li.classList.remove("pending");
    entry.li.classList.add("failed");
    busy(false);
    const retry = el("button", { type: "button", class: "link" }, "Try again");
    const note = el("p", { class: "note" }, lastErr.message + " ", retry);
    retry.addEventListener("click", () => { note.remove(); entry.li.classList.add("pending"); post(entry, text, clientId); });
    entry.li.append(note);
  }

  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    sendError.textContent = "";
    input.removeAttribute("aria-invalid");
    const text = input.value.trim();
    if (!text) return;
    if (text.length > MAX_LEN) {
      input.setAttribute("aria-invalid", "true");
      sendError.textContent = `Messages are at most ${MAX_LEN} characters; this one has ${text.length}.`;
      return;
    }
    sendBtn.disabled = true;
    live = true;
    try {
      await ensureConversation();
    } catch (err) {
      sendError.textContent = err.message;
      sendBtn.disabled = false;
      return;
    }
    const clientId = uuid();
    const entry = newEntry("user");
    entry.text.textContent = text;
    entry.sentText = text;
    entry.li.classList.add("pending");
    pending.set(clientId, entry);
    place(entry);
    // The transcript is busy from now until the answer is complete: a fast answer can be
    // stored before this page's stream has joined, and then no piece of it streams here.
    if (!conv.state || conv.state === "bot") busy(true);
    scroller.scrollTop = scroller.scrollHeight;
    input.value = "";
    grow();
    sendBtn.disabled = false;
    input.focus();
    await post(entry, text, clientId);
  });

  input.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter" && !ev.shiftKey && !ev.isComposing) {
      ev.preventDefault();
      form.requestSubmit();
    }
  });
  function grow() { input.style.height = "auto"; input.style.height = Math.min(input.scrollHeight + 2, 144) + "px"; }
  input.addEventListener("input", grow);

  // While a person has the conversation, they see when the consumer is typing: on while
  // typing, off after a pause or when the message is sent.
  let typingSent = false, typingIdle = 0;
  function myTyping(active) {
    if (typingSent === active || !conv || (active && conv.state !== "assigned")) return;
    typingSent = active;
    api("POST", `/api/v1/conversations/${encodeURIComponent(conv.id)}/typing`, { active }).catch(() => {});
  }
  input.addEventListener("input", () => {
    clearTimeout(typingIdle);
    if (!input.value.trim()) return myTyping(false);
    myTyping(true);
    typingIdle = setTimeout(() => myTyping(false), 4000);
  });
  form.addEventListener("submit", () => { clearTimeout(typingIdle); myTyping(false); });

  human.addEventListener("click", async () => {
    human.disabled = true;
    live = true;
    try {
      await ensureConversation();
      const res = await api("POST", `/api/v1/conversations/${encodeURIComponent(conv.id)}/handoff`, { reason: "Asked for a person from the chat page" });
      if (conv.state !== "assigned") setState(res.state, res);
    } catch (err) {
      human.disabled = false;
      system(err.message);
    }
  });

  // ---- rating -----------------------------------------------------------------------------

  // showCsat offers the rating when the conversation has ended, live or after a reload; one
  // already rated (in another tab, say) just says thank you.
  function showCsat() {
    if (!csat.hidden) return;
    const rated = !!(conv && conv.rated);
    csat.hidden = false;
    csatForm.hidden = rated;
    csatDone.hidden = !rated;
    scroller.scrollTop = scroller.scrollHeight;
  }

  csatForm.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    csatError.textContent = "";
    const data = new FormData(csatForm);
    const score = Number(data.get("score"));
    if (!score) { csatError.textContent = "Choose a rating from 1 to 5."; csatForm.querySelector("input[name=score]").focus(); return; }
    const body = { score };
    const comment = String(data.get("comment") || "").trim();
    if (comment) body.comment = comment;
    try {
      await api("POST", `/api/v1/conversations/${encodeURIComponent(conv.id)}/csat`, body);
      conv.rated = true;
      csatForm.hidden = true;
      csatDone.hidden = false;
      $("new-chat").focus();
    } catch (err) {
      csatError.textContent = err.message;
    }
  });

  // reset forgets the conversation on screen; the next message starts a new one.
  function reset() {
    if (es) es.close();
    es = null;
    clearTimeout(retryTimer);
    conv = null;
    lastEventId = "";
    newestReply = 0;
    turn = null;
    agentName = "";
    shown.clear();
    pending.clear();
    tools.clear();
    announced.clear();
    for (const li of [...list.children]) if (!li.classList.contains("intro")) li.remove();
    csat.hidden = true;
    csatForm.reset();
    stopTyping();
    setState("bot");
  }
  $("new-chat").addEventListener("click", () => {
    reset();
    input.focus();
  });

  // ---- start ------------------------------------------------------------------------------

  (async () => {
    try {
      if (opts.load) {
        const c = await opts.load();
        if (c) open(c);
        return;
      }
      const res = await api("GET", "/api/v1/conversations");
      const newest = res.conversations.slice().sort((a, b) => b.updated_at.localeCompare(a.updated_at));
      // An ongoing conversation comes back; otherwise the last one, if it ended without a
      // rating, comes back with the rating form (and a way to start afresh).
      const live = newest.find((c) => c.state !== "closed");
      if (live) open(live);
      else if (newest[0] && !newest[0].rated) open(newest[0]);
    } catch (err) {
      if (err.status !== 401) system("We couldn't load your conversation: " + err.message);
    } finally {
      // Marks that the page has decided which conversation to show (tests wait for it).
      list.dataset.loaded = "true";
    }
  })();
  return { open, reset, focus: () => input.focus() };
}

window.RW.startChat = startChat;
document.addEventListener("DOMContentLoaded", () => {
  if (document.body.classList.contains("page-chat")) startChat();
});
})();
