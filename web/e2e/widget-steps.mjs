// Browser steps for the partner widget, run by run.mjs with its browser (one launch for all):
// the demo shop (a second origin, with a strict CSP) embeds /embed.js from Ratewise's origin.
// Pages on a third origin, served here, play a site that is not on the partner's list, a site
// whose CSP forgot frame-src, and a frame that forges messages. From the environment:
// SHOP_SECRET, the demo merchant's secret key (it signs shoppers' identity tokens), and
// SHORT_URL / SHORT_SHOP_URL, a second server whose widget tokens last 10 seconds, and its shop.
import assert from "node:assert/strict";
import crypto from "node:crypto";
import http from "node:http";
import zlib from "node:zlib";

export async function widgetSteps({ browser, step, shot, base, shop }) {
  const RW = new URL(base).origin, SHOP = new URL(shop).origin;
  let key = "";

  // A third origin: pages that are not on the partner's allowed list.
  const pages = {};
  const foreign = http.createServer((req, res) => {
    const p = pages[new URL(req.url, "http://x").pathname];
    if (!p) { res.writeHead(404); res.end(); return; }
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", ...(p.csp ? { "Content-Security-Policy": p.csp } : {}) });
    res.end(p.body());
  });
  await new Promise((r) => foreign.listen(0, "127.0.0.1", r));
  const OTHER = `http://127.0.0.1:${foreign.address().port}`;
  const tag = () => `<script src="${RW}/embed.js" data-key="${key}" async></script>`;

  const SECRET = process.env.SHOP_SECRET || "", SHORT_SHOP = process.env.SHORT_SHOP_URL || "";
  const SHORT = process.env.SHORT_URL ? new URL(process.env.SHORT_URL).origin : "";
  // Every request of the widget's pages must go to one of these origins.
  const allowed = [RW, SHOP, OTHER];
  if (SHORT) allowed.push(SHORT, new URL(SHORT_SHOP).origin);
  const strays = [], errors = [], cspErrors = [];
  function watch(page) {
    page.on("request", (r) => {
      const u = r.url();
      if (!u.startsWith("data:") && !u.startsWith("about:") && !allowed.some((o) => u.startsWith(o + "/"))) strays.push(u);
    });
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => {
      if (m.type() === "error" && /Content Security Policy|Refused to/i.test(m.text())) cspErrors.push(m.text());
    });
    return page;
  }
  // The messages Ratewise's loader wrote to the console.
  const said = (page) => {
    const out = [];
    page.on("console", (m) => { if (m.text().startsWith("Ratewise:")) out.push(m.text()); });
    return out;
  };
  // host reaches into the loader's (open) shadow root.
  const launcher = (page) => page.locator("[data-ratewise] button.l");
  // The widget's frame (the newest, when another shopper's replaces it).
  const frameOf = (page) => page.frames().filter((f) => [RW, SHORT].some((o) => o && f.url().startsWith(o + "/widget"))).pop();
  async function events(page) {
    await page.evaluate(() => {
      window.__rw = [];
      for (const n of ["ready", "open", "close", "message:sent", "message:received", "handoff", "agent_joined", "offer:viewed", "offer:clicked", "offer:hidden", "session:ephemeral", "error"]) {
        Ratewise("on", n, (d) => window.__rw.push([n, d]));
      }
    });
  }
  const seen = (page, name) => page.evaluate((n) => window.__rw.filter((e) => e[0] === n).map((e) => e[1]), name);
  const financing = async (amount) => {
    const u = new URL(RW + "/api/v1/widget/financing");
    for (const [k, v] of Object.entries({ key, amount, currency: "USD", locale: "en-US" })) u.searchParams.set(k, v);
    const r = await fetch(u, { headers: { Origin: SHOP } });
    assert.equal(r.status, 200, "financing " + amount);
    return r.json();
  };

  const ctx = await browser.newContext({ viewport: { width: 1200, height: 850 } });
  const page = watch(await ctx.newPage());
  const shopSaid = said(page);
  const requests = [];
  page.on("request", (r) => requests.push(r.url()));

  await step("widget: the loader is at most 6 KB gzipped, served from Ratewise's origin", null, async () => {
    const r = await fetch(RW + "/embed.js");
    assert.equal(r.status, 200);
    assert.match(r.headers.get("content-type") || "", /javascript/);
    const body = Buffer.from(await r.arrayBuffer());
    const gz = zlib.gzipSync(body).length;
    console.log(`     embed.js: ${body.length} bytes, ${gz} gzipped`);
    assert.ok(gz <= 6 * 1024, `embed.js is ${gz} bytes gzipped`);
  });

  await step("widget: the demo shop sends a strict CSP and the loader costs nothing before intent", page, async () => {
    const res = await page.goto(shop);
    const csp = res.headers()["content-security-policy"] || "";
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    for (const d of ["script-src", "style-src", "frame-src", "connect-src"]) assert.match(csp, new RegExp(d + " [^;]*" + RW.replace(/[.:/]/g, "\\$&")), d);
    key = await page.locator("script[data-key]").getAttribute("data-key");
    assert.match(key, /^pk_/);
    await events(page);
    await launcher(page).waitFor({ timeout: 5000 });
    await page.locator("#product-offer").evaluate((o) => new Promise((r) => {
      const t = setInterval(() => { if (o.shadowRoot && o.shadowRoot.querySelector("button")) { clearInterval(t); r(); } }, 50);
    }));
    await page.waitForTimeout(300);
    const ours = requests.filter((u) => u.startsWith(RW));
    assert.deepEqual(ours.filter((u) => !u.startsWith(RW + "/embed.js") && !u.startsWith(RW + "/api/v1/widget/financing?")), [], "requests before intent");
    assert.equal(page.frames().length, 1, "a frame before intent");
    assert.deepEqual(await ctx.cookies(RW), [], "cookies before intent");
    assert.equal(await page.evaluate(() => localStorage.length), 0, "storage before intent");
    // The launcher is a real button, styled by the stylesheet the strict CSP still allows.
    const b = await launcher(page).evaluate((b) => ({ tag: b.tagName, pos: getComputedStyle(b).position, label: b.getAttribute("aria-label") }));
    assert.deepEqual(b, { tag: "BUTTON", pos: "fixed", label: "Chat with Ratewise" });
    await shot(page, "20-shop");
  });

  await step("widget: the financing message quotes offers' figures, follows the cart and hides with a reason", page, async () => {
    const text = () => page.locator("#cart-offer").evaluate((o) => o.shadowRoot ? o.shadowRoot.textContent : "");
    const want = await financing("1299.00");
    assert.ok(want.headline, "no financing for 1299.00 in the demo shop");
    assert.ok((await page.locator("#product-offer").evaluate((o) => o.shadowRoot.textContent)).includes(want.headline));
    // Client-side navigation to the cart: the launcher stays, a new message is made.
    await page.locator("#add").click();
    await page.waitForFunction(() => { const o = document.querySelector("#cart-offer"); return o && o.shadowRoot && o.shadowRoot.textContent.includes("/month"); }, null, { timeout: 5000 });
    assert.ok((await text()).includes(want.headline));
    // On screen, the cart's message says so (offer:viewed), with the figures it shows.
    await page.waitForFunction(() => window.__rw.some((e) => e[0] === "offer:viewed"), null, { timeout: 5000 });
    assert.equal((await seen(page, "offer:viewed"))[0].amount, "1299.00");
    const best = want.plans.filter((p) => p.monthly_payment).sort((a, b) => Number(a.monthly_payment) - Number(b.monthly_payment))[0];
    assert.ok((await text()).includes(best.disclosure), "the disclosure is not next to the figure");
    // The cart changes: the message follows, with the figures the API gives for the new amount.
    const two = await financing("2598.00");
    await page.locator("#qty").fill("2");
    await page.waitForFunction((h) => document.querySelector("#cart-offer").shadowRoot.textContent.includes(h), two.headline, { timeout: 5000 });
    assert.notEqual(two.headline, want.headline);
    // Above every plan's maximum: hidden, with the reason.
    await page.locator("#qty").fill("9");
    await page.waitForFunction(() => document.querySelector("#cart-offer").hidden, null, { timeout: 5000 });
    assert.equal(await page.locator("#cart-offer").getAttribute("data-hidden-reason"), "above_maximum");
    assert.ok((await seen(page, "offer:hidden")).some((d) => d.reason === "above_maximum"), "no offer:hidden event");
    await page.locator("#qty").fill("1");
    await page.waitForFunction(() => !document.querySelector("#cart-offer").hidden, null, { timeout: 5000 });
    assert.equal(await launcher(page).count(), 1, "the launcher after client-side navigation");
    await shot(page, "21-shop-cart");
  });

  let widget = null;
  await step("widget: hover warms the frame; opening moves focus in; a full chat streams an answer with cards", page, async () => {
    await launcher(page).hover();
    await page.waitForFunction((rw) => [...document.querySelector("[data-ratewise]").shadowRoot.querySelectorAll("iframe")].some((f) => f.src.startsWith(rw)), RW, { timeout: 5000 });
    const src = await page.locator("[data-ratewise]").evaluate((h) => h.shadowRoot.querySelector("iframe").src);
    assert.equal(new URL(src).search, "?key=" + key, "the frame's URL carries more than the publishable key");
    await launcher(page).click();
    await page.waitForFunction(() => window.__rw.some((e) => e[0] === "open"), null, { timeout: 10000 });
    widget = frameOf(page);
    await widget.waitForFunction(() => document.activeElement && document.activeElement.id === "text", null, { timeout: 5000 });
    assert.equal(await launcher(page).getAttribute("aria-expanded"), "true");
    await widget.locator("#text").fill("my car loan is 15,000 at 9.9% with 48 months left");
    await widget.locator("#text").press("Enter");
    await widget.locator("#messages .msg.assistant:not(.intro)").last().waitFor({ timeout: 20000 });
    await widget.locator("#messages .card").first().waitFor({ timeout: 20000 });
    await widget.waitForFunction(() => !document.getElementById("messages").hasAttribute("aria-busy"), null, { timeout: 20000 });
    assert.ok((await seen(page, "message:sent")).length >= 1, "no message:sent event");
    assert.ok((await seen(page, "message:received")).length >= 1, "no message:received event");
    // The token went to the frame over the channel and lives only there.
    assert.equal(await page.evaluate(() => localStorage.length), 0);
    await shot(page, "22-widget-chat");
  });

  await step("widget: talk to a person queues the conversation and the host hears it", page, async () => {
    await widget.locator("#human").click();
    await widget.locator("#status", { hasText: /in the queue/ }).waitFor({ timeout: 10000 });
    await page.waitForFunction(() => window.__rw.some((e) => e[0] === "handoff"), null, { timeout: 5000 });
  });

  await step("widget: a forged message from another frame does nothing", null, async () => {
    // A frame on another origin posts everything the real frame could say, to the shop page
    // and to the widget's frame. (This context ignores the shop's CSP so that frame may exist.)
    pages["/forger"] = { body: () => `<!doctype html><script>
      const forged = [{ type: "close" }, { type: "event", name: "handoff", data: {} }, { type: "hello", v: 1, session: true },
        { type: "need_session", token: "" }];
      for (const m of forged) parent.postMessage(m, "*");
      const ch = new MessageChannel();
      ch.port1.onmessage = (e) => parent.postMessage({ leaked: e.data }, "*");
      for (let i = 0; i < parent.frames.length; i++) try { parent.frames[i].postMessage({ type: "rw:init", v: 1, key: "${key}" }, "*", [ch.port2]); } catch (e) {}
      </script>` };
    const fctx = await browser.newContext({ bypassCSP: true });
    const p = watch(await fctx.newPage());
    const sent = [];
    p.on("request", (r) => sent.push(r.url()));
    await p.goto(shop);
    await events(p);
    await launcher(p).click();
    await p.waitForFunction(() => window.__rw.some((e) => e[0] === "open"), null, { timeout: 10000 });
    const w = frameOf(p);
    await w.locator("#messages").waitFor();
    await w.waitForFunction(() => document.getElementById("messages").dataset.loaded === "true", null, { timeout: 10000 });
    const before = await p.evaluate(() => window.__rw.length);
    const sessions = sent.filter((u) => u.startsWith(RW + "/api/v1/widget/session")).length;
    await p.evaluate((u) => new Promise((r) => { const f = document.createElement("iframe"); f.src = u; f.onload = r; document.body.append(f); }), OTHER + "/forger");
    await p.waitForTimeout(700);
    assert.equal(await p.evaluate(() => window.__rw.length), before, "the host reacted to a forged message");
    assert.equal(await launcher(p).getAttribute("aria-expanded"), "true", "a forged close closed the chat");
    assert.equal(sent.filter((u) => u.startsWith(RW + "/api/v1/widget/session")).length, sessions, "a forged need_session made a session");
    // The widget still talks to its real host.
    await w.locator("#text").fill("hello");
    await w.locator("#text").press("Enter");
    await p.waitForFunction(() => window.__rw.some((e) => e[0] === "message:sent"), null, { timeout: 10000 });
    await fctx.close();
  });

  await step("widget: Esc closes and focus returns to the launcher", page, async () => {
    await widget.locator("#text").focus();
    await page.keyboard.press("Escape");
    await page.waitForFunction(() => window.__rw.some((e) => e[0] === "close"), null, { timeout: 5000 });
    assert.equal(await launcher(page).getAttribute("aria-expanded"), "false");
    assert.equal(await page.evaluate(() => { const h = document.activeElement; return h && h.shadowRoot && h.shadowRoot.activeElement && h.shadowRoot.activeElement.className; }), "l");
  });

  await step("widget: a closed chat opened again is the same conversation", page, async () => {
    const asked = requests.filter((u) => u.startsWith(RW + "/api/v1/widget/session")).length;
    await launcher(page).click();
    await page.waitForFunction(() => window.__rw.filter((e) => e[0] === "open").length >= 2, null, { timeout: 10000 });
    await page.waitForTimeout(500);
    assert.equal(requests.filter((u) => u.startsWith(RW + "/api/v1/widget/session")).length, asked, "opening again asked for a new session");
    assert.ok((await widget.locator("#messages").innerText()).includes("15,000 at 9.9%"), "the earlier chat is gone");
    await page.evaluate(() => Ratewise("close"));
  });

  await step("widget: clicking the financing message opens the chat holding the cart, with the same figures", page, async () => {
    // A new visitor, so the chat starts from the cart.
    await page.evaluate(() => Ratewise("shutdown"));
    const want = await financing("1299.00");
    await page.locator("#cart-offer").evaluate((o) => o.shadowRoot.querySelector("button").click());
    await page.waitForFunction(() => window.__rw.filter((e) => e[0] === "open").length >= 3, null, { timeout: 10000 });
    const clicked = (await seen(page, "offer:clicked")).pop();
    assert.equal(clicked.amount, "1299.00");
    widget = frameOf(page);
    await widget.locator("#cart", { hasText: "$1,299.00" }).waitFor({ timeout: 5000 });
    const best = want.plans.find((p) => p.offer_id === clicked.offer_id);
    await widget.locator("#messages .msg.assistant:not(.intro)").first().waitFor({ timeout: 10000 });
    const said = await widget.locator("#messages").innerText();
    assert.ok(said.includes(best.disclosure), "the assistant does not quote the plan the shopper clicked:\n" + said.slice(0, 600));
    await shot(page, "23-widget-from-offer");
    await page.keyboard.press("Escape");
  });

  await step("widget: a bad identity token is refused", page, async () => {
    await page.evaluate(() => Ratewise("shutdown"));
    const h = Buffer.from(JSON.stringify({ alg: "HS256", typ: "JWT" })).toString("base64url");
    const p = Buffer.from(JSON.stringify({ sub: "shopper-1", aud: key, iat: Math.floor(Date.now() / 1000), exp: Math.floor(Date.now() / 1000) + 300 })).toString("base64url");
    await page.evaluate((t) => Ratewise("identify", { token: t }), `${h}.${p}.${Buffer.from("not the signature").toString("base64url")}`);
    const n = (await seen(page, "error")).length;
    await launcher(page).click();
    await page.waitForFunction((k) => window.__rw.filter((e) => e[0] === "error").length > k, n, { timeout: 10000 });
    const err = (await seen(page, "error")).pop();
    assert.ok(err.status === 401 || err.status === 403, "identity refused with " + JSON.stringify(err));
    assert.ok(shopSaid.some((m) => /identity token was refused/.test(m)), shopSaid.join("\n"));
    await page.keyboard.press("Escape");
  });

  await step("widget: loading the script twice is harmless; destroy removes everything", page, async () => {
    await page.evaluate((rw) => new Promise((r) => { const s = document.createElement("script"); s.src = rw + "/embed.js"; s.dataset.key = "pk_other"; s.onload = r; document.head.append(s); }), RW);
    assert.equal(await page.locator("[data-ratewise]").count(), 1);
    await page.evaluate(() => Ratewise("destroy"));
    assert.equal(await page.locator("[data-ratewise]").count(), 0);
    assert.equal(await page.evaluate(() => typeof window.Ratewise), "undefined");
    assert.equal(await page.locator("#cart-offer").evaluate((o) => o.shadowRoot.childNodes.length), 0);
  });

  await step("widget: on an origin not on the partner's list, one clear console message and no broken frame", null, async () => {
    pages["/"] = { body: () => `<!doctype html><title>Elsewhere</title><p>Another site</p>${tag()}` };
    const p = watch(await ctx.newPage());
    const out = said(p);
    await p.goto(OTHER + "/");
    await launcher(p).click();
    await p.waitForFunction(() => true);
    for (let i = 0; i < 100 && !out.length; i++) await p.waitForTimeout(100);
    assert.equal(out.length, 1, out.join("\n"));
    assert.match(out[0], /not on the allowed origins/);
    assert.equal(await p.locator("[data-ratewise]").evaluate((h) => h.shadowRoot.querySelectorAll("iframe").length), 0, "a frame was left");
    assert.equal(await launcher(p).getAttribute("aria-expanded"), "false");
    await p.close();
  });

  await step("widget: a host CSP that blocks the frame gets one message naming frame-src", null, async () => {
    // An allowed origin is not needed to see the host's own CSP refuse the frame.
    pages["/nocsp"] = { csp: `script-src ${RW}; frame-src 'none'; connect-src ${RW}`, body: () => `<!doctype html><p>Strict</p>${tag()}` };
    const p = await ctx.newPage();
    const out = said(p);
    await p.goto(OTHER + "/nocsp");
    await launcher(p).click();
    for (let i = 0; i < 100 && !out.length; i++) await p.waitForTimeout(100);
    await p.waitForTimeout(500);
    assert.equal(out.length, 1, out.join("\n"));
    assert.match(out[0], /frame-src/);
    await p.close();
  });

  await step("widget: calls queued by the stub before the loader arrives are replayed", null, async () => {
    const p = watch(await ctx.newPage());
    await p.addInitScript(() => {
      window.Ratewise = window.Ratewise || function () { (Ratewise.q = Ratewise.q || []).push(arguments); };
      Ratewise("on", "ready", () => { window.__ready = true; });
      Ratewise("setContext", { cart_amount: "1299.00", currency: "USD" });
    });
    await p.goto(shop);
    await p.waitForFunction(() => window.__ready === true, null, { timeout: 5000 });
    await p.close();
  });

  await step("widget: at 375 px the chat is full screen, with no sideways scroll and 16 px inputs", null, async () => {
    const m = await browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
    const p = watch(await m.newPage());
    await p.goto(shop);
    await launcher(p).click();
    await p.waitForFunction(() => { const h = document.querySelector("[data-ratewise]"); const f = h && h.shadowRoot.querySelector(".p.o"); return f && !f.hidden; }, null, { timeout: 10000 });
    await p.waitForTimeout(300);
    const box = await p.locator("[data-ratewise]").evaluate((h) => { const r = h.shadowRoot.querySelector(".p").getBoundingClientRect(); return [r.x, r.y, r.width, r.height]; });
    assert.deepEqual(box.map(Math.round), [0, 0, 375, 740], "the panel is not the whole screen");
    const f = frameOf(p);
    await f.locator("#text").waitFor({ timeout: 5000 });
    const inner = await f.evaluate(() => ({ sw: document.documentElement.scrollWidth, w: document.documentElement.clientWidth, font: parseFloat(getComputedStyle(document.getElementById("text")).fontSize) }));
    assert.ok(inner.sw <= inner.w, `the widget is ${inner.sw} px wide in ${inner.w}`);
    assert.ok(inner.font >= 16, `input font ${inner.font} px`);
    assert.ok(await p.evaluate(() => document.documentElement.scrollWidth <= innerWidth), "the shop scrolls sideways");
    await shot(p, "24-widget-375");
    await m.close();
  });


  // ---- identity, sessions and layout --------------------------------------------------------

  // identity signs a shopper identity token as the merchant's server does (HS256, its secret key).
  const b64 = (o) => Buffer.from(JSON.stringify(o)).toString("base64url");
  function identity(sub, { ago = 0, ttl = 300, secret = SECRET } = {}) {
    const iat = Math.floor(Date.now() / 1000) - ago;
    const h = b64({ alg: "HS256", typ: "JWT" }), p = b64({ sub, aud: key, iat, exp: iat + ttl });
    return `${h}.${p}.${crypto.createHmac("sha256", secret).update(h + "." + p).digest("base64url")}`;
  }
  // The widget sessions a page was given (or refused), in order.
  function sessionsOf(page) {
    const out = [];
    page.on("response", async (r) => {
      if (r.request().method() !== "POST" || !r.url().endsWith("/api/v1/widget/session")) return;
      try { out.push({ status: r.status(), ...(await r.json()) }); } catch (e) { out.push({ status: r.status() }); }
    });
    return out;
  }
  // sessionOf waits (up to 5 s) for the first answered session request sessionsOf recorded:
  // its body is read after the response event, so it can land after the chat has opened.
  async function sessionOf(page, got) {
    for (let i = 0; i < 50; i++) {
      const s = got.find((x) => x.status === 200);
      if (s) return s;
      await page.waitForTimeout(100);
    }
    return undefined;
  }
  // nextSession waits (up to 5 s) for a session answer after the first n sessionsOf recorded.
  async function nextSession(page, got, n) {
    for (let i = 0; i < 50 && got.length <= n; i++) await page.waitForTimeout(100);
    return got[n];
  }
  // openChat opens the widget and waits for its transcript.
  async function openChat(page) {
    const n = (await seen(page, "open")).length;
    await page.evaluate(() => Ratewise("open"));
    await page.waitForFunction((k) => window.__rw.filter((e) => e[0] === "open").length > k, n, { timeout: 20000 });
    const f = frameOf(page);
    await f.waitForFunction(() => document.getElementById("messages").dataset.loaded === "true", null, { timeout: 20000 });
    return f;
  }
  // say sends text in the widget and waits for the answer to it.
  async function sayInChat(page, text) {
    const f = frameOf(page);
    const answers = () => f.locator("#messages .msg.assistant:not(.intro)").count();
    const before = await answers();
    await f.locator("#text").fill(text);
    await f.locator("#text").press("Enter");
    await f.waitForFunction((n) => document.querySelectorAll("#messages .msg.assistant:not(.intro)").length > n &&
      !document.getElementById("messages").hasAttribute("aria-busy"), before, { timeout: 20000 });
  }
  const transcript = (page) => frameOf(page).locator("#messages").innerText();

  await step("widget: four financing messages with full US disclosures do not shift the page (CLS below 0.1 at 1200 and 375 px)", null, async () => {
    for (const viewport of [{ width: 1200, height: 850 }, { width: 375, height: 740 }]) {
      const c = await browser.newContext({ viewport });
      const p = watch(await c.newPage());
      await p.addInitScript(() => {
        window.__cls = 0;
        new PerformanceObserver((l) => { for (const e of l.getEntries()) if (!e.hadRecentInput) window.__cls += e.value; })
          .observe({ type: "layout-shift", buffered: true });
      });
      await p.goto(SHOP + "/catalogue");
      await p.waitForFunction(() => { const os = [...document.querySelectorAll("ratewise-offer")]; return os.length === 4 && os.every((o) => o.shadowRoot && o.shadowRoot.querySelector(".x")); }, null, { timeout: 10000 });
      for (const t of await p.evaluate(() => [...document.querySelectorAll("ratewise-offer")].map((o) => o.shadowRoot.querySelector(".x").textContent))) {
        assert.match(t, /Annual Percentage Rate \(APR\).*total of payments/, "a message without its full disclosure");
      }
      // A shift is reported once the frame that made it is painted.
      await p.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const cls = await p.evaluate(() => window.__cls);
      console.log(`     cumulative layout shift at ${viewport.width} px: ${cls.toFixed(3)}`);
      assert.ok(cls < 0.1, `the financing messages shifted the page: CLS ${cls.toFixed(3)} at ${viewport.width} px`);
      if (viewport.width === 375) await shot(p, "25-shop-catalogue-375");
      await c.close();
    }
  });

  await step("widget: data-session=\"ephemeral\" or a frame without storage keeps nothing: the chat does not come back after a reload (a stored one does)", null, async () => {
    for (const mode of ["stored", "ephemeral", "no storage"]) {
      const c = await browser.newContext();
      const p = watch(await c.newPage());
      if (mode === "ephemeral") {
        // The merchant's tag says data-session="ephemeral" (set before the loader runs).
        await p.addInitScript((shop) => {
          if (location.origin !== shop) return;
          new MutationObserver((_, o) => {
            const s = document.querySelector("script[data-key]");
            if (s) { s.dataset.session = "ephemeral"; o.disconnect(); }
          }).observe(document, { childList: true, subtree: true });
        }, SHOP);
      } else if (mode === "no storage") {
        // A browser that gives the widget's frame no storage.
        await p.addInitScript((rw) => {
          if (location.origin !== rw) return;
          Object.defineProperty(window, "localStorage", { get() { throw new DOMException("no storage here", "SecurityError"); } });
        }, RW);
      }
      const got = sessionsOf(p);
      await p.goto(shop);
      await events(p);
      await openChat(p);
      const first = await sessionOf(p, got);
      assert.ok(first, `${mode}: no session`);
      const ephemeral = (await seen(p, "session:ephemeral")).length > 0;
      assert.equal(ephemeral, mode !== "stored", `${mode}: session:ephemeral ${ephemeral ? "" : "not "}emitted`);
      if (mode !== "no storage") {
        const kept = await frameOf(p).evaluate(() => Object.keys(localStorage));
        assert.deepEqual(kept.length > 0, mode === "stored", `${mode}: the frame's storage holds ${JSON.stringify(kept)}`);
      }
      assert.equal(await p.evaluate(() => localStorage.length + document.cookie.length), 0, `${mode}: the shop's page got storage or a cookie`);
      await p.reload();
      await events(p);
      await openChat(p);
      // The conversation on screen: the stored session's, or the one a new session made.
      const shown = await frameOf(p).evaluate(() => RW.api("GET", "/api/v1/conversations").then((r) => r.conversations.map((c) => c.id)));
      assert.equal(shown.length, 1, `${mode}: the widget reaches ${shown.length} conversations`);
      assert.equal(shown[0] === first.conversation_id, mode === "stored",
        `${mode}: after a reload the chat is conversation ${shown[0]}, before it was ${first.conversation_id}`);
      await c.close();
    }
  });

  await step("widget: the token is renewed before it runs out; the chat goes on past the first token's life, open or closed", null, async () => {
    assert.ok(SHORT_SHOP, "SHORT_SHOP_URL is not set");
    const c = await browser.newContext();
    const p = watch(await c.newPage());
    const got = sessionsOf(p);
    await p.goto(SHORT_SHOP);
    await events(p);
    await openChat(p);
    await sayInChat(p, "hello");
    const first = got[0];
    assert.ok(first && first.status === 200, "no session: " + JSON.stringify(got));
    assert.ok(Date.parse(first.expires_at) - Date.now() <= 10000, "the short server's token lasts longer than 10 s: " + first.expires_at);
    // Open: past the first token's life the chat still answers, in the same conversation.
    await p.waitForTimeout(Math.max(0, Date.parse(first.expires_at) - Date.now()) + 2000);
    await sayInChat(p, "what is an APR?");
    // Closed: past the life of the token it had when closed, reopened, the chat is the same.
    await p.evaluate(() => Ratewise("close"));
    const held = got[got.length - 1];
    await p.waitForTimeout(Math.max(0, Date.parse(held.expires_at) - Date.now()) + 2000);
    await openChat(p);
    await sayInChat(p, "thank you");
    assert.ok(got.length >= 3, `${got.length} session answers: the token was not renewed`);
    assert.deepEqual([...new Set(got.map((s) => s.status + " " + s.conversation_id))], ["200 " + first.conversation_id],
      "a renewal failed or moved the chat to another conversation: " + JSON.stringify(got.map((s) => [s.status, s.conversation_id])));
    const shown = await transcript(p);
    for (const t of ["hello", "what is an APR?", "thank you"]) assert.ok(shown.includes(t), `"${t}" is not in the transcript`);
    assert.deepEqual(await seen(p, "error"), [], "errors on the host");
    await c.close();
  });

  await step("widget: a signed identity makes the chat the shopper's on any visit; another shopper sees none of it; a bad or expired signature is refused out loud", null, async () => {
    assert.ok(SECRET, "SHOP_SECRET is not set");
    const visit = async (token) => {
      const c = await browser.newContext();
      const p = watch(await c.newPage());
      const out = said(p), got = sessionsOf(p);
      await p.goto(shop);
      await events(p);
      if (token) await p.evaluate((t) => Ratewise("identify", { token: t }), token);
      await openChat(p);
      return { c, p, out, got };
    };
    const text = "I am Alice and I look at the 24-month plan";
    const one = await visit(identity("alice-e2e"));
    await sayInChat(one.p, text);
    await sessionOf(one.p, one.got);
    const alice = one.got[one.got.length - 1];
    assert.equal(alice.identified, true, "the identified session: " + JSON.stringify(alice));
    await one.c.close();
    // Another visit (another device: nothing stored), the same shopper: the same chat.
    const two = await visit(identity("alice-e2e"));
    const again = await sessionOf(two.p, two.got);
    assert.equal(again && again.conversation_id, alice.conversation_id, "Alice's second visit is another conversation: " + JSON.stringify(two.got));
    assert.ok((await transcript(two.p)).includes(text), "Alice's second visit does not show her chat");
    // Another shopper on this device: a chat of their own, none of Alice's.
    const before = two.got.length;
    await two.p.evaluate((t) => Ratewise("identify", { token: t }), identity("bob-e2e"));
    await openChat(two.p);
    const bob = await nextSession(two.p, two.got, before);
    assert.ok(bob && bob.identified && bob.conversation_id !== alice.conversation_id, "Bob got " + JSON.stringify(bob));
    assert.ok(!(await transcript(two.p)).includes(text), "Bob sees Alice's chat");
    await two.c.close();
    // Refused, with the reason, on the console and as an event; the shopper chats anonymously.
    for (const [why, token, reason] of [
      ["expired", identity("alice-e2e", { ago: 900 }), /expired/],
      ["signed with another key", identity("alice-e2e", { secret: "sk_" + "0".repeat(64) }), /signature/],
    ]) {
      const v = await visit(token);
      await v.p.waitForFunction(() => window.__rw.some((e) => e[0] === "error"), null, { timeout: 10000 });
      const err = (await seen(v.p, "error"))[0];
      assert.equal(err.status, 403, `${why}: ${JSON.stringify(err)}`);
      assert.match(err.message, reason, `${why}: the error event does not say why`);
      assert.ok(v.out.some((m) => /identity token was refused \(403\)/.test(m) && reason.test(m)), `${why}: the console says ${JSON.stringify(v.out)}`);
      await frameOf(v.p).waitForFunction(() => document.getElementById("messages").dataset.loaded === "true", null, { timeout: 10000 });
      const anon = await sessionOf(v.p, v.got);
      assert.ok(anon && !anon.identified && anon.conversation_id !== alice.conversation_id, `${why}: ${JSON.stringify(v.got)}`);
      assert.ok(!(await transcript(v.p)).includes(text), `${why}: Alice's chat was shown`);
      await v.c.close();
    }
  });

  await step("widget: no request left for a third-party origin; no CSP violation or script error", null, async () => {
    assert.deepEqual(strays, [], "requests to other origins");
    assert.deepEqual(errors, [], "script errors");
    assert.deepEqual(cspErrors.filter((e) => !/frame-src 'none'|frame-ancestors|\/nocsp/.test(e)), [], "CSP violations");
  });

  await ctx.close();
  foreign.close();
}
