// Browser tests of the consumer pages, driven by web/e2e/e2e_test.go against a real server.
//   BASE_URL=http://127.0.0.1:PORT SCREENSHOTS=dir CHROMIUM=/usr/bin/chromium node run.mjs
// Each step prints "ok" or "FAIL" with the reason; the exit code is the number of failures.
import { chromium } from "playwright-core";
import assert from "node:assert/strict";
import path from "node:path";

const BASE = process.env.BASE_URL;
const SHOTS = process.env.SCREENSHOTS || "screenshots";
const EXE = process.env.CHROMIUM || "/usr/bin/chromium";
if (!BASE) {
  console.error("BASE_URL is not set");
  process.exit(2);
}

const browser = await chromium.launch({
  executablePath: EXE,
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run"],
});

let failures = 0;
const watch = { thirdParty: [], scriptErrors: [], cspViolations: [], dialogs: [], confirm: false };

function watchPage(page) {
  page.on("request", (r) => {
    const u = r.url();
    if (!u.startsWith(BASE) && !u.startsWith("data:")) watch.thirdParty.push(u);
  });
  page.on("pageerror", (e) => watch.scriptErrors.push(e.message));
  page.on("console", (m) => {
    if (m.type() === "error" && /Content Security Policy|Refused to/i.test(m.text())) watch.cspViolations.push(m.text());
  });
  page.on("dialog", async (d) => {
    if (d.type() === "confirm" && watch.confirm) {
      watch.confirm = false;
      await d.accept();
      return;
    }
    watch.dialogs.push(d.type() + ": " + d.message());
    await d.dismiss();
  });
}

async function shot(page, name) {
  try {
    await page.screenshot({ path: path.join(SHOTS, name + ".png"), fullPage: false });
  } catch (e) {
    console.log("     (no screenshot: " + e.message + ")");
  }
}

async function step(name, page, fn) {
  try {
    await fn();
    console.log("ok   " + name);
    return true;
  } catch (e) {
    failures++;
    console.log("FAIL " + name + "\n     " + String(e.message).split("\n").join("\n     "));
    if (page) await shot(page, "FAIL-" + name.replace(/[^a-z0-9]+/gi, "-").toLowerCase());
    return false;
  }
}

// inPage calls the JSON API from the page, with its session cookie, like the page's own code.
async function inPage(page, method, url, body) {
  return page.evaluate(async ([method, url, body]) => {
    const res = await fetch(url, {
      method, credentials: "same-origin",
      headers: body ? { "Content-Type": "application/json" } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, body: res.status === 204 ? null : await res.json() };
  }, [method, url, body]);
}

// agent drives the stand-in support agent of e2e_test.go.
async function agent(action, params) {
  const u = new URL(process.env.PROXY_CONTROL + "/agent/" + action);
  for (const [k, v] of Object.entries(params)) u.searchParams.set(k, String(v));
  const r = await fetch(u);
  const body = await r.text();
  assert.ok(r.ok, `agent ${action}: ${r.status} ${body}`);
  return body;
}

const context = await browser.newContext({ viewport: { width: 1100, height: 850 } });
const page = await context.newPage();
watchPage(page);
const email = `e2e-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`;
let holdingId = 0;
let convId = 0;
let offerHref = "";

await step("pages carry a strict CSP and refuse framing", page, async () => {
  const res = await page.goto(BASE + "/signup");
  const h = res.headers();
  assert.match(h["content-security-policy"] || "", /frame-ancestors 'none'/);
  assert.match(h["content-security-policy"], /script-src 'self'/);
  assert.doesNotMatch(h["content-security-policy"], /unsafe-inline/);
  assert.equal(h["x-frame-options"], "DENY");
});

await step("sign up using only the keyboard", page, async () => {
  await page.goto(BASE + "/signup");
  for (let i = 0; i < 20; i++) {
    await page.keyboard.press("Tab");
    if (await page.evaluate(() => document.activeElement && document.activeElement.id === "name")) break;
  }
  assert.equal(await page.evaluate(() => document.activeElement.id), "name", "Tab never reached the name field");
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, "none", "the focused field shows no focus outline");
  await page.keyboard.type("Ada");
  await page.keyboard.press("Tab");
  await page.keyboard.type(email);
  await page.keyboard.press("Tab");
  await page.keyboard.type("short");
  await page.keyboard.press("Enter");
  await page.getByText("Use at least 10 characters").waitFor({ timeout: 5000 });
  await page.keyboard.press("Control+A");
  await page.keyboard.type("a long and unusual passphrase");
  await page.keyboard.press("Enter");
  await page.waitForURL(BASE + "/", { timeout: 10000 });
  await page.getByText("Hi Ada!").waitFor({ timeout: 5000 });
  await shot(page, "01-chat-empty");
});

await step("add an auto loan, with inline validation", page, async () => {
  await page.goto(BASE + "/holdings");
  await page.getByLabel("What is it?").selectOption("auto_loan");
  await page.getByLabel("Provider").fill("First Bank");
  await page.getByLabel("Amount still owed").fill("-5");
  await page.getByLabel("Interest rate (APR, %)").fill("11.9");
  await page.getByLabel("Monthly payments left").fill("48");
  await page.getByRole("button", { name: "Add" }).click();
  const err = page.locator("#h-balance-error");
  await err.waitFor({ state: "visible", timeout: 5000 });
  assert.match(await err.textContent(), /amount still owed can.t be negative/i);
  assert.equal(await page.getByLabel("Amount still owed").getAttribute("aria-invalid"), "true");
  await shot(page, "02-holdings-invalid");
  await page.getByLabel("Amount still owed").fill("18000");
  await page.getByRole("button", { name: "Add" }).click();
  await page.locator(".holding", { hasText: "Auto loan — First Bank" }).waitFor({ timeout: 5000 });
  assert.equal(await err.textContent(), "");
  const list = await inPage(page, "GET", "/api/v1/holdings");
  assert.equal(list.status, 200);
  assert.equal(list.body.holdings.length, 1);
  assert.equal(list.body.holdings[0].balance, "18000.00");
  assert.equal(list.body.holdings[0].apr, "11.90");
  holdingId = list.body.holdings[0].id;
  await shot(page, "03-holdings");
});

await step("edit a holding, add a policy and delete it", page, async () => {
  await page.getByRole("button", { name: "Edit Auto loan — First Bank" }).click();
  await page.getByLabel("Provider").fill("First National");
  await page.getByRole("button", { name: "Save changes" }).click();
  await page.locator(".holding", { hasText: "Auto loan — First National" }).waitFor({ timeout: 5000 });
  await page.getByLabel("What is it?").selectOption("home_insurance");
  assert.ok(await page.getByLabel("Amount still owed").isHidden(), "loan fields shown for a policy");
  await page.getByLabel("Premium").fill("95");
  await page.getByLabel("Paid").selectOption("monthly");
  await page.getByRole("button", { name: "Add" }).click();
  await page.locator(".holding", { hasText: "Home insurance" }).waitFor({ timeout: 5000 });
  watch.confirm = true;
  await page.getByRole("button", { name: "Delete Home insurance" }).click();
  await page.locator(".holding", { hasText: "Home insurance" }).waitFor({ state: "detached", timeout: 5000 });
  const list = await inPage(page, "GET", "/api/v1/holdings");
  assert.deepEqual(list.body.holdings.map((h) => [h.id, h.provider, h.apr]), [[holdingId, "First National", "11.90"]]);
});

await step("save the comparison profile, with inline validation", page, async () => {
  await page.getByLabel("Credit score").fill("900");
  await page.getByRole("button", { name: "Save" }).click();
  await page.locator("#p-credit_score-error", { hasText: "300 to 850" }).waitFor({ timeout: 5000 });
  await page.getByLabel("Credit score").fill("720");
  await page.getByLabel("Yearly income before tax").fill("52,000");
  await page.getByLabel("Where you live").fill("us-ca");
  await page.getByRole("button", { name: "Save" }).click();
  await page.locator("#p-status", { hasText: "Saved." }).waitFor({ timeout: 5000 });
  const p = await inPage(page, "GET", "/api/v1/me/profile");
  assert.deepEqual(p.body.profile, { credit_score: 720, annual_income: "52000.00", region: "US-CA", monthly_debt_payments: null });
});

await step("ask for a better rate: offer cards match POST /api/v1/compare", page, async () => {
  await page.goto(BASE + "/");
  // Record every text the progress line shows, however briefly.
  await page.evaluate(() => {
    window.__progress = [];
    const p = document.getElementById("progress");
    new MutationObserver(() => { if (p.textContent) window.__progress.push(p.textContent); })
      .observe(p, { childList: true, characterData: true, subtree: true });
  });
  const box = page.getByLabel("Your message");
  await box.fill("Can you find me a better rate on my auto loan?");
  await box.press("Enter");
  await page.locator(".msg.user .text", { hasText: "better rate on my auto loan" }).waitFor({ timeout: 5000 });
  const cards = page.locator(".card[data-offer-id]");
  await cards.first().waitFor({ timeout: 60000 });
  await shot(page, "04-offer-cards");
  const progress = await page.evaluate(() => window.__progress);
  // The tool.started label, counted from the catalogue before the comparison runs.
  const label = progress.map((t) => /^Comparing (\d+) car-loan offers? with your car loan…$/.exec(t)).find(Boolean);
  assert.ok(label, "the comparison's progress was not shown in words; saw " + JSON.stringify(progress));
  assert.ok(Number(label[1]) >= await cards.count(), `the label counts ${label[1]} offers but ${await cards.count()} cards are shown`);

  const cmp = await inPage(page, "POST", "/api/v1/compare", { holding_id: holdingId });
  assert.equal(cmp.status, 200, JSON.stringify(cmp.body));
  const n = await cards.count();
  for (let i = 0; i < n; i++) {
    const c = cards.nth(i);
    const offerId = await c.getAttribute("data-offer-id");
    const opt = cmp.body.options.find((o) => String(o.offer.id) === offerId);
    assert.ok(opt, `card for offer ${offerId} is not among compare's options`);
    assert.equal(await c.getAttribute("data-monthly-payment"), opt.cost.monthly_payment, `offer ${offerId} monthly payment`);
    assert.equal(await c.getAttribute("data-monthly-saving"), opt.monthly_saving, `offer ${offerId} monthly saving`);
    assert.equal(await c.getAttribute("data-net-saving"), opt.net_saving, `offer ${offerId} total saving`);
    // What the person reads is the same number, only grouped.
    const shown = (await c.locator('[data-field="monthly_payment"]').textContent()).replace(/,/g, "");
    assert.equal(shown, opt.cost.monthly_payment);
    for (const label of ["Representative APR", "Monthly payment", "Monthly saving", "Total saving", "Fees", "Pays off from"]) {
      assert.ok(await c.getByText(label, { exact: true }).count(), `card lacks "${label}"`);
    }
    assert.ok(await c.getByRole("link", { name: /Offer details/ }).count(), "card has no link to the offer");
    offerHref = offerHref || await c.getByRole("link", { name: /Offer details/ }).getAttribute("href");
  }
});

await step("the comparison has a chart with a text alternative", page, async () => {
  const fig = page.locator("figure[data-chart]").first();
  await fig.waitFor({ timeout: 5000 });
  assert.ok(await fig.locator("svg polyline").count() >= 2, "fewer than two lines in the chart");
  assert.ok(await fig.locator("svg title").count() === 1 && await fig.locator("svg desc").count() === 1);
  assert.match(await fig.locator("figcaption").textContent(), /Your current loan: [\d,.]+ in total by month \d+/);
  await fig.scrollIntoViewIfNeeded();
  await shot(page, "05-chart");
});

await step("a message with HTML in it is shown as text and runs nothing", page, async () => {
  const evil = "<img src=x onerror=alert(1)>";
  const box = page.getByLabel("Your message");
  await box.fill(evil);
  await box.press("Enter");
  await page.locator(".msg.user .text", { hasText: evil }).waitFor({ timeout: 5000 });
  await page.waitForTimeout(500); // room for a handler to fire if one could
  assert.equal(await page.locator("#messages img").count(), 0, "an <img> element was created");
  assert.deepEqual(watch.dialogs, [], "a dialog opened");
});

await step("an answer from the guides links its sources to /kb/{slug}", page, async () => {
  const box = page.getByLabel("Your message");
  await box.fill("What does APR mean?");
  await box.press("Enter");
  const link = page.locator(".citations a[href^='/kb/']").first();
  await link.waitFor({ timeout: 30000 });
  const href = await link.getAttribute("href");
  const res = await page.request.get(BASE + href);
  assert.equal(res.status(), 200, href + " does not open");
});

await step("ask for a person: the queue position shows", page, async () => {
  await page.getByRole("button", { name: "Talk to a person" }).click();
  await page.locator("#status", { hasText: /You're number \d+ in the queue, about \d+ minutes?\./ }).waitFor({ timeout: 15000 });
  await shot(page, "06-queued");
});

await step("a person joins: named, and their messages marked as from a person", page, async () => {
  const list = await inPage(page, "GET", "/api/v1/conversations");
  convId = list.body.conversations.find((c) => c.state !== "closed").id;
  await agent("join", { conversation: convId, name: "Maria Lopez" });
  await page.locator(".msg.system .text", { hasText: "Maria from Ratewise joined." }).waitFor({ timeout: 10000 });
  await page.locator("#status", { hasText: "Maria from Ratewise is with you." }).waitFor({ timeout: 5000 });
  await agent("say", { conversation: convId, text: "Hello, I'm Maria. I can see your auto loan." });
  const m = page.locator(".msg.agent", { hasText: "I can see your auto loan" });
  await m.waitFor({ timeout: 10000 });
  assert.match(await m.locator(".who").textContent(), /^Maria from Ratewise · a person$/);
  assert.ok(await page.getByRole("button", { name: "Talk to a person" }).isVisible(), "Talk to a person is not visible");
  // The conversation follows new messages: the newest is in view.
  assert.ok(await page.evaluate(() => {
    const s = document.getElementById("scroller");
    return s.scrollHeight - s.scrollTop - s.clientHeight < 2;
  }), "the chat did not scroll to the newest message");
  await shot(page, "07-agent");
});

await step("a dropped connection resumes: no message lost or shown twice", page, async () => {
  const control = (what) => fetch(process.env.PROXY_CONTROL + "/" + what);
  await control("down");
  try {
    await page.locator("#progress", { hasText: "reconnecting" }).waitFor({ timeout: 15000 });
    // While the page is cut off a message is stored: sent straight to the server with the
    // same session, as another tab would.
    const direct = process.env.DIRECT_URL;
    const cookie = (await context.cookies(BASE)).map((c) => `${c.name}=${c.value}`).join("; ");
    const headers = { Cookie: cookie, Origin: direct, "Content-Type": "application/json" };
    const list = await (await fetch(direct + "/api/v1/conversations", { headers })).json();
    const conv = list.conversations.find((c) => c.state !== "closed");
    const text = "sent while the page was offline " + Date.now();
    const res = await fetch(`${direct}/api/v1/conversations/${conv.id}/messages`, {
      method: "POST", headers, body: JSON.stringify({ text, client_id: "offline-" + Date.now() }),
    });
    assert.equal(res.status, 202, await res.text());
    await page.waitForTimeout(1000);
    assert.equal(await page.locator(".msg .text", { hasText: text }).count(), 0, "the cut-off page saw the message");
    await control("up");
    await page.locator(".msg.user .text", { hasText: text }).waitFor({ timeout: 30000 });
    await page.waitForTimeout(1000);
    assert.equal(await page.locator(".msg .text", { hasText: text }).count(), 1);
    const ids = await page.locator("#messages li[data-id]").evaluateAll((els) => els.map((e) => e.dataset.id));
    assert.equal(new Set(ids).size, ids.length, "a message is shown twice: " + ids.join(","));
    assert.equal(await page.locator("#progress", { hasText: "reconnecting" }).count(), 0, "still says reconnecting");
  } finally {
    await control("up");
  }
});

await step("after a reload every message is shown once", page, async () => {
  await page.reload();
  await page.locator(".card[data-offer-id]").first().waitFor({ timeout: 10000 });
  const ids = await page.locator("#messages li[data-id]").evaluateAll((els) => els.map((e) => e.dataset.id));
  assert.equal(new Set(ids).size, ids.length, "a message is shown twice: " + ids.join(","));
  assert.ok(await page.locator(".msg.user").count() >= 2);
  await page.locator("#status", { hasText: "Maria from Ratewise is with you." }).waitFor({ timeout: 10000 });
  assert.equal(await page.locator(".msg.system", { hasText: "Maria from Ratewise joined." }).count(), 1);
  assert.equal(await page.locator(".msg.agent").count(), 1);
});

const phone = await browser.newContext({ viewport: { width: 375, height: 740 }, storageState: await context.storageState(), isMobile: true, hasTouch: true });
const small = await phone.newPage();
watchPage(small);
for (const [name, url] of [["chat", "/"], ["holdings", "/holdings"], ["help", "/help"], ["help-article", "/kb/credit-score-bands"]]) {
  await step(`375 px wide: ${name} has no horizontal scroll and 16 px inputs`, small, async () => {
    await small.goto(BASE + url);
    await small.waitForLoadState("networkidle").catch(() => {});
    const m = await small.evaluate(() => ({
      scroll: document.documentElement.scrollWidth, width: document.documentElement.clientWidth,
      smallInputs: [...document.querySelectorAll("input:not([type=radio]):not([type=hidden]), select, textarea")]
        .filter((e) => e.offsetParent !== null && parseFloat(getComputedStyle(e).fontSize) < 16).map((e) => e.id),
    }));
    assert.ok(m.scroll <= m.width, `page is ${m.scroll} px wide in a ${m.width} px window`);
    assert.deepEqual(m.smallInputs, [], "inputs under 16 px");
    await shot(small, `07-mobile-${name}`);
  });
}

await step("when the conversation closes it can be rated 1 to 5 with a comment", page, async () => {
  const early = await inPage(page, "POST", `/api/v1/conversations/${convId}/csat`, { score: 5 });
  assert.equal(early.status, 409, "a conversation still with a person took a rating");
  await agent("close", { conversation: convId });
  await page.getByRole("heading", { name: "How did we do?" }).waitFor({ timeout: 10000 });
  assert.ok(await page.locator("#composer").isHidden(), "the message box is still there");
  // After a reload the closed conversation comes back with its transcript and the form.
  await page.reload();
  await page.getByRole("heading", { name: "How did we do?" }).waitFor({ timeout: 10000 });
  await page.locator(".msg.agent", { hasText: "I can see your auto loan" }).waitFor({ timeout: 10000 });
  assert.ok(await page.locator("#composer").isHidden(), "the message box is back after the reload");
  await page.getByRole("button", { name: "Send rating" }).click();
  await page.getByText("Choose a rating from 1 to 5.").waitFor({ timeout: 5000 });
  await page.getByLabel("4", { exact: true }).check();
  await page.getByLabel("Anything to add? (optional)").fill("Maria was quick and clear.");
  await page.getByRole("button", { name: "Send rating" }).click();
  await page.getByText("Thank you for your rating.").waitFor({ timeout: 5000 });
  assert.deepEqual(JSON.parse(await agent("rating", { conversation: convId })), { score: 4, comment: "Maria was quick and clear." });
  await shot(page, "09-rated");
  // Rated: a reload starts afresh instead of asking again.
  await page.reload();
  await page.locator("#messages[data-loaded]").waitFor({ state: "attached", timeout: 10000 });
  assert.ok(await page.locator("#composer").isVisible(), "no message box after the reload");
  assert.equal(await page.locator(".msg.agent").count(), 0, "the rated conversation was opened again");
  assert.equal(await page.getByRole("heading", { name: "How did we do?" }).count(), 0, "the rating is asked for again");
});

await step("help search finds articles that open", page, async () => {
  await page.goto(BASE + "/help");
  await page.getByLabel("Search our guides").fill("how is APR calculated");
  await page.getByLabel("Search our guides").press("Enter");
  const first = page.locator("#hits li a").first();
  await first.waitFor({ timeout: 10000 });
  assert.match(await page.locator("#help-status").textContent(), /\d+ results? for/);
  await shot(page, "08-help");
  await first.click();
  await page.waitForURL(/\/(kb|offers)\//, { timeout: 5000 });
  assert.ok((await page.locator("h1").textContent()).length > 3, "the article has no title");
  await page.goBack();
  await page.waitForURL(/\/help/);
});

await step("an offer's details page shows its terms", page, async () => {
  await page.goto(BASE + offerHref);
  await page.locator("#offer dt", { hasText: "Representative APR" }).waitFor({ timeout: 5000 });
  assert.notEqual(await page.locator("h1").textContent(), "Offer details", "the title is still the placeholder");
  await shot(page, "10-offer");
});

await step("no third-party requests, CSP violations or script errors", null, async () => {
  assert.deepEqual(watch.thirdParty, [], "requests to other origins");
  assert.deepEqual(watch.cspViolations, [], "CSP violations");
  assert.deepEqual(watch.scriptErrors, [], "uncaught script errors");
  assert.deepEqual(watch.dialogs, [], "dialogs");
});

await browser.close();
console.log(failures ? `${failures} step(s) failed` : "all browser steps passed");
process.exit(failures);
