// The console page against a fake of its API (web/pages_console_fake_test.go serves both):
// the page's own behaviour, step by step. The whole flow against the real server is console.mjs.
//   BASE_URL=http://127.0.0.1:PORT SCREENSHOTS=dir CHROMIUM=/usr/bin/chromium node console-fake.mjs
import { chromium } from "playwright-core";
import assert from "node:assert/strict";
import { launch, watchPage, step, shot, noRuntimeProblems, failures } from "./console-steps.mjs";

const BASE = process.env.BASE_URL;
const browser = await launch(chromium);
const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
const page = await context.newPage();
const watch = watchPage(page, BASE);
const sent = async () => (await (await fetch(BASE + "/fake/sent")).json());

await step("console: going online brings an offer with a countdown", page, async () => {
  await page.goto(BASE + "/console");
  await page.locator("main[data-ready]").waitFor({ timeout: 5000 });
  await page.locator("#queue .item", { hasText: "Conversation 41" }).waitFor({ timeout: 5000 });
  await page.getByLabel(/your status/).selectOption("online");
  const offer = page.locator("#offers .offer[data-offer-id='901']");
  await offer.waitFor({ timeout: 5000 });
  assert.match(await offer.textContent(), /hardship · auto loan · EN/);
  assert.match(await offer.locator(".countdown").textContent(), /^\d+ s$/);
  // The masked preview is shown as it came: the card number stays masked.
  assert.match(await offer.textContent(), /•••• 4242/);
  assert.ok((await sent()).some((r) => r.path === "/api/v1/console/status" && r.body.status === "online"));
  await shot(page, "console-fake-01-offer");
});

await step("console: the a key accepts and opens the conversation with its context", page, async () => {
  await page.locator("body").press("a");
  await page.waitForURL(BASE + "/console/conversations/42", { timeout: 5000 });
  await page.locator("#transcript .msg.user", { hasText: "better rate" }).waitFor({ timeout: 5000 });
  assert.ok((await sent()).some((r) => r.path === "/api/v1/console/offers/901/accept"));
  assert.equal(await page.locator("#offers .offer").count(), 0, "the accepted offer is still shown");
  await page.locator("#mine .item[aria-current='true']", { hasText: "Conversation 42" }).waitFor({ timeout: 5000 });
  const packet = page.locator("#packet");
  for (const want of ["hardship", "Lost their job", "I'll keep an eye on new offers for you.", "First Bank", "15,000.00",
    "BetterBank — Auto Refi", "6.90%", "$45.10", "$1,850.00", "#3 · version of", "message 101", "APR vs interest rate"]) {
    assert.ok((await packet.textContent()).includes(want), `the context packet lacks "${want}"`);
  }
  // A private note sits in the transcript, marked as such.
  assert.match(await page.locator("#transcript .msg.note").textContent(), /Private note · Bea Lead \(#9\)/);
  // HTML a customer typed is text.
  assert.equal(await page.locator("#transcript img").count(), 0, "an <img> was created from a message");
  await shot(page, "console-fake-02-conversation");
});

await step("console: a supervisor reveals a masked card number, giving a reason", page, async () => {
  const masked = page.locator("#transcript .masked", { hasText: "•••• 4242" });
  await masked.waitFor({ timeout: 5000 });
  await page.getByRole("button", { name: "Reveal card number" }).click();
  await page.getByRole("button", { name: "Reveal", exact: true }).click();
  await page.getByText("Say why you need to see it.").waitFor({ timeout: 5000 });
  await page.getByLabel("Why do you need to see it?").fill("Customer asked which card is on file");
  await page.getByRole("button", { name: "Reveal", exact: true }).click();
  await page.locator("#transcript .revealed", { hasText: "4111 1111 1111 4242" }).waitFor({ timeout: 5000 });
  const r = (await sent()).find((x) => x.path === "/api/v1/console/conversations/42/reveal");
  assert.deepEqual(r.body, { message_id: 102, field: "card:1", reason: "Customer asked which card is on file" });
});

await step("console: a saved reply fills its placeholders and Enter sends it", page, async () => {
  await page.locator("body").press("/");
  assert.equal(await page.evaluate(() => document.activeElement.id), "reply-text", "/ did not focus the reply box");
  await page.keyboard.type("/hel");
  await page.locator("#canned-suggest li", { hasText: "/hello" }).waitFor({ timeout: 5000 });
  await page.keyboard.press("Tab");
  assert.equal(await page.locator("#reply-text").inputValue(), "Hi Ada, I'm Sam from Ratewise. I'm reading your conversation now.");
  await page.keyboard.press("Enter");
  await page.locator("#transcript .msg.agent", { hasText: "Hi Ada, I'm Sam" }).waitFor({ timeout: 5000 });
  const s = await sent();
  const m = s.find((x) => x.path === "/api/v1/console/conversations/42/messages");
  assert.equal(m.body.text, "Hi Ada, I'm Sam from Ratewise. I'm reading your conversation now.");
  assert.ok(m.body.client_id, "no client_id");
  assert.ok(s.some((x) => x.path.endsWith("/typing") && x.body.active === true), "typing was never sent");
  assert.equal(await page.locator("#reply-text").inputValue(), "");
});

await step("console: Alt+N writes a private note instead of a reply", page, async () => {
  await page.locator("#reply-text").focus();
  await page.keyboard.press("Alt+n");
  assert.ok(await page.locator("#reply-form.note-mode").count(), "not in note mode");
  await page.keyboard.type("Offered the hardship plan.");
  await page.keyboard.press("Enter");
  await page.locator("#transcript .msg.note", { hasText: "Offered the hardship plan." }).waitFor({ timeout: 5000 });
  const n = (await sent()).filter((x) => x.path === "/api/v1/console/conversations/42/notes");
  assert.deepEqual(n.map((x) => x.body), [{ text: "Offered the hardship plan." }]);
  assert.equal((await sent()).filter((x) => x.path.endsWith("/messages")).length, 1, "the note went to the customer");
  assert.equal(await page.locator("#reply-form.note-mode").count(), 0, "still in note mode after the note");
});

await step("console: a reply over 4,000 characters is refused before sending", page, async () => {
  await page.locator("#reply-text").evaluate((t) => { t.removeAttribute("maxlength"); t.value = "x".repeat(4001); });
  await page.locator("#reply-text").press("Enter");
  await page.getByText("At most 4000 characters; this has 4001.").waitFor({ timeout: 5000 });
  await page.locator("#reply-text").fill("");
});

await step("console: metrics draw charts with text alternatives", page, async () => {
  await page.keyboard.press("Escape");
  await page.locator("body").press("g");
  await page.locator("body").press("m");
  await page.waitForURL(BASE + "/console/metrics", { timeout: 5000 });
  await page.locator("#metrics figure[data-chart]").first().waitFor({ timeout: 5000 });
  const figs = page.locator("#metrics figure[data-chart]");
  assert.ok(await figs.count() >= 5, `only ${await figs.count()} charts`);
  for (let i = 0; i < await figs.count(); i++) {
    assert.equal(await figs.nth(i).locator("svg title").count(), 1);
    assert.ok((await figs.nth(i).locator("figcaption").textContent()).length > 10, "a chart has no caption");
  }
  const text = await page.locator("#metrics").textContent();
  assert.match(text, /assistant only: 120/);
  assert.match(text, /Handoff rate22\.0 %/);
  assert.match(text, /to first reply: p50 1 min, p90 3 min/);
  assert.match(text, /person only: no ratings/);
  await page.getByRole("button", { name: "30 days" }).click();
  await page.locator(".window button[aria-pressed='true']", { hasText: "30 days" }).waitFor({ timeout: 5000 });
  await shot(page, "console-fake-03-metrics");
});

await step("console: an answer in the review queue is rated bad with labels and a note", page, async () => {
  await page.getByRole("link", { name: "Reviews" }).click();
  const item = page.locator("#reviews .item[data-message-id='101']");
  await item.waitFor({ timeout: 5000 });
  assert.match(await item.textContent(), /quoted figures/);
  await item.getByRole("button", { name: "Save review" }).click();
  await item.getByText("Choose good or bad.").waitFor({ timeout: 5000 });
  await item.getByLabel("Bad").check();
  await item.getByLabel("Wrong figure").check();
  await item.getByLabel("Tone").check();
  await item.getByLabel("Note (optional)").fill("The saving is per month, not in total.");
  await item.getByRole("button", { name: "Save review" }).click();
  await page.getByText("Answer 101 reviewed: bad").waitFor({ timeout: 5000 });
  const r = (await sent()).find((x) => x.path === "/api/v1/console/messages/101/review");
  assert.deepEqual(r.body, { rating: "bad", labels: ["wrong_figure", "tone"], note: "The saving is per month, not in total." });
});

await step("console: the ? key lists the shortcuts", page, async () => {
  await page.locator("body").press("?");
  await page.getByRole("heading", { name: "Keyboard shortcuts" }).waitFor({ timeout: 5000 });
  await page.keyboard.press("Escape");
});

const tablet = await browser.newContext({ viewport: { width: 768, height: 1024 } });
const small = await tablet.newPage();
watchPage(small, BASE, watch);
for (const url of ["/console", "/console/conversations/42", "/console/metrics"]) {
  await step(`console at 768 px: ${url} has no horizontal scroll`, small, async () => {
    await small.goto(BASE + url);
    await small.locator("main[data-ready]").waitFor({ timeout: 5000 });
    await small.waitForTimeout(300);
    const m = await small.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: document.documentElement.clientWidth }));
    assert.ok(m.scroll <= m.width, `page is ${m.scroll} px wide in a ${m.width} px window`);
    await shot(small, "console-fake-768" + url.replace(/\//g, "-"));
  });
}

await step("console: no third-party requests, CSP violations or script errors", null, async () => noRuntimeProblems(watch));
await browser.close();
console.log(failures() ? `${failures()} step(s) failed` : "all console steps passed");
process.exit(failures());
