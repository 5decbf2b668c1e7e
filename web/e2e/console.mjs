// The support console end to end against the real server (driven by console_test.go): a
// consumer asks for a person; an agent goes online, accepts the offer and replies; the consumer
// sees a person's reply; the agent hands back and the assistant answers again; a supervisor
// reveals a masked card number and finds the reveal in the audit log.
//   BASE_URL=… AGENT_EMAIL=… SUPERVISOR_EMAIL=… STAFF_PASSWORD=… node console.mjs
import { chromium } from "playwright-core";
import assert from "node:assert/strict";
import { launch, watchPage, step, shot, noRuntimeProblems, failures } from "./console-steps.mjs";

const BASE = process.env.BASE_URL;
const CARD = "4111 1111 1111 1111";
const browser = await launch(chromium);
let watch;

async function newPage(viewport) {
  const ctx = await browser.newContext({ viewport });
  const page = await ctx.newPage();
  watch = watchPage(page, BASE, watch);
  return page;
}

// signIn signs a staff member in on the ordinary sign-in page; with no next, staff land on the console.
async function signIn(page, email, next) {
  await page.goto(BASE + (next === "/console" ? "/login" : "/login?next=" + encodeURIComponent(next)));
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(process.env.STAFF_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(BASE + next, { timeout: 10000 });
  await page.locator("main[data-ready]").waitFor({ timeout: 10000 });
}

const consumer = await newPage({ width: 1000, height: 800 });
const agent = await newPage({ width: 1280, height: 800 });
const supervisor = await newPage({ width: 1280, height: 800 });
let convId = "";

await step("a consumer gives a card number, then asks for a person", consumer, async () => {
  await consumer.goto(BASE + "/signup");
  const email = `e2e-console-${Date.now()}@example.com`;
  const res = await consumer.evaluate(async (email) => (await fetch("/api/v1/auth/signup", {
    method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email, password: "a long consumer passphrase", name: "Ada Byron" }),
  })).status, email);
  assert.equal(res, 201);
  await consumer.goto(BASE + "/");
  const box = consumer.getByLabel("Your message");
  await box.fill(`Can you find me a better rate on my car loan? My card is ${CARD}.`);
  await box.press("Enter");
  await consumer.locator(".msg.assistant:not(.intro)").first().waitFor({ timeout: 60000 });
  await consumer.getByRole("button", { name: "Talk to a person" }).click();
  await consumer.locator("#status", { hasText: /queue|no one|nobody|person/i }).waitFor({ timeout: 15000 });
  assert.doesNotMatch(await consumer.locator("#status").textContent(), /talking to the Ratewise assistant/);
});

await step("an agent signs in, goes online and is offered the conversation", agent, async () => {
  await signIn(agent, process.env.AGENT_EMAIL, "/console");
  assert.equal(await agent.getByRole("link", { name: "Audit log" }).count(), 0, "an agent is shown the audit log");
  await agent.getByLabel(/your status/).selectOption("online");
  const offer = agent.locator("#offers .offer");
  await offer.first().waitFor({ timeout: 30000 });
  convId = await offer.first().getAttribute("data-conversation-id");
  assert.match(await offer.first().locator(".countdown").textContent(), /^\d+ s$/);
  assert.ok(!(await offer.first().textContent()).includes(CARD), "the offer's preview shows the card number");
  await shot(agent, "console-01-offer");
});

await step("the agent accepts with the keyboard and sees the transcript masked, with its context", agent, async () => {
  await agent.locator("body").press("a");
  await agent.waitForURL(BASE + "/console/conversations/" + convId, { timeout: 10000 });
  await agent.locator("#transcript .msg.user", { hasText: "better rate on my car loan" }).waitFor({ timeout: 10000 });
  const masked = agent.locator("#transcript .masked");
  await masked.first().waitFor({ timeout: 5000 });
  assert.match(await masked.first().textContent(), /1111$/);
  assert.ok(!(await agent.locator("#transcript").textContent()).includes(CARD), "the agent sees the whole card number");
  assert.equal(await agent.locator("#transcript button.reveal").count(), 0, "an agent is offered a reveal");
  assert.match(await agent.locator("#packet").textContent(), /Why a person/);
  await agent.locator("#mine .item[aria-current='true']").waitFor({ timeout: 10000 });
  await shot(agent, "console-02-conversation");
});

const reply = "Hello, I'm Maria from Ratewise. I can see your car loan.";
await step("the agent replies and the consumer sees it from a person", agent, async () => {
  await agent.locator("body").press("/");
  await agent.keyboard.type(reply);
  await agent.keyboard.press("Enter");
  await agent.locator("#transcript .msg.agent", { hasText: reply }).waitFor({ timeout: 10000 });
  const m = consumer.locator(".msg.agent", { hasText: reply });
  await m.waitFor({ timeout: 15000 });
  assert.match(await m.locator(".who").textContent(), /a person$/);
  await consumer.locator("#status", { hasText: "is with you" }).waitFor({ timeout: 10000 });
  await shot(consumer, "console-03-consumer-sees-agent");
});

await step("the agent hands back and the assistant answers the next message", agent, async () => {
  await agent.getByRole("button", { name: "Hand back to assistant" }).click();
  await agent.getByLabel("Note for the assistant (optional)").fill("Only wanted a rate check.");
  await agent.getByRole("button", { name: "Hand back", exact: true }).click();
  await agent.waitForURL(BASE + "/console", { timeout: 10000 });
  await agent.locator("#inbox-note", { hasText: `Conversation ${convId} is back with the assistant.` }).waitFor({ timeout: 5000 });
  // The inbox is redrawn from the server once the page is back on /console; until then the
  // list may still hold what it showed before.
  await agent.locator(`#mine .item[data-conversation-id="${convId}"]`).waitFor({ state: "detached", timeout: 10000 })
    .catch(() => assert.fail("the handed-back conversation is still the agent's"));
  await consumer.locator("#status", { hasText: "You're talking to the Ratewise assistant." }).waitFor({ timeout: 15000 });
  const before = await consumer.locator(".msg.assistant:not(.intro)").count();
  const box = consumer.getByLabel("Your message");
  await box.fill("What does APR mean?");
  await box.press("Enter");
  await consumer.locator(".msg.assistant:not(.intro)").nth(before).waitFor({ timeout: 60000 });
  const last = consumer.locator("#messages > li").last();
  assert.match(await last.getAttribute("class"), /assistant/, "the newest message is not the assistant's");
  await shot(consumer, "console-04-assistant-again");
});

await step("a supervisor reveals the masked card number, and the audit log shows it", supervisor, async () => {
  await signIn(supervisor, process.env.SUPERVISOR_EMAIL, "/console/conversations/" + convId);
  await supervisor.locator("#transcript .masked").first().waitFor({ timeout: 10000 });
  await supervisor.getByRole("button", { name: "Reveal card number" }).first().click();
  await supervisor.getByLabel("Why do you need to see it?").fill("The customer disputes which card is on file");
  await supervisor.getByRole("button", { name: "Reveal", exact: true }).click();
  const shown = supervisor.locator("#transcript .revealed");
  await shown.waitFor({ timeout: 10000 });
  assert.equal((await shown.textContent()).replace(/\D/g, ""), CARD.replace(/\D/g, ""));
  await supervisor.getByRole("link", { name: "Audit log" }).click();
  await supervisor.waitForURL(BASE + "/console/audit", { timeout: 5000 });
  const row = supervisor.locator("#audit tbody tr[data-action='reveal']", { hasText: "The customer disputes which card is on file" });
  await row.waitFor({ timeout: 10000 });
  assert.match(await row.textContent(), new RegExp(convId));
  assert.equal(await row.locator("td").nth(1).textContent(), "you", "the supervisor's own reveal is not marked as theirs");
  // Entries name staff by their display name, the id beside it.
  const agentView = supervisor.locator("#audit tbody tr[data-action='view']", { hasText: "Maria Lopez (#" });
  assert.ok(await agentView.count() > 0, "the agent's views are not in the audit log by name");
  await shot(supervisor, "console-05-audit");
});

await step("a supervisor adds a saved reply; its placeholders are checked, and agents use but cannot add them", supervisor, async () => {
  await supervisor.getByRole("link", { name: "Saved replies" }).click();
  await supervisor.waitForURL(BASE + "/console/canned", { timeout: 5000 });
  await supervisor.getByRole("textbox", { name: "Shortcut" }).fill("/welcome-back");
  await supervisor.getByRole("textbox", { name: "Reply", exact: true }).fill("Welcome back, {frist_name}.");
  await supervisor.getByRole("button", { name: "Save reply" }).click();
  await supervisor.locator("#canned-error", { hasText: "{frist_name}" }).waitFor({ timeout: 5000 });
  await supervisor.getByRole("textbox", { name: "Reply", exact: true }).fill("Welcome back, {first_name}. {agent_first_name} here.");
  await supervisor.getByRole("button", { name: "Save reply" }).click();
  const row = supervisor.locator("#canned tbody tr[data-shortcut='/welcome-back']");
  await row.waitFor({ timeout: 10000 });
  assert.match(await row.textContent(), /Welcome back, \{first_name\}\. \{agent_first_name\} here\./);
  // The server refuses a shortcut already taken, whatever its case.
  await supervisor.getByRole("textbox", { name: "Shortcut" }).fill("WELCOME-BACK");
  await supervisor.getByRole("textbox", { name: "Reply", exact: true }).fill("Hello again.");
  await supervisor.getByRole("button", { name: "Save reply" }).click();
  await supervisor.locator("#canned-error", { hasText: /taken/ }).waitFor({ timeout: 5000 });
  await shot(supervisor, "console-06-saved-replies");
  await agent.goto(BASE + "/console/canned");
  await agent.locator("main[data-ready]").waitFor({ timeout: 10000 });
  await agent.locator("#canned tbody tr[data-shortcut='/welcome-back']").waitFor({ timeout: 10000 });
  assert.equal(await agent.locator("#canned-form").count(), 0, "an agent is shown the form to add saved replies");
});

for (const [who, page, url] of [["the agent's inbox", agent, "/console"], ["a supervisor's conversation view", supervisor, "/console/conversations/"]]) {
  await step(`at 768 px ${who} has no horizontal scroll`, page, async () => {
    await page.setViewportSize({ width: 768, height: 1024 });
    await page.goto(BASE + url + (url.endsWith("/") ? convId : ""));
    await page.locator("main[data-ready]").waitFor({ timeout: 10000 });
    if (url.endsWith("/")) await page.locator("#transcript .msg").first().waitFor({ timeout: 10000 });
    const m = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: document.documentElement.clientWidth }));
    assert.ok(m.scroll <= m.width, `page is ${m.scroll} px wide in a ${m.width} px window`);
    await shot(page, "console-06-768-" + (url.endsWith("/") ? "conversation" : "inbox"));
  });
}

await step("no third-party requests, CSP violations or script errors", null, async () => noRuntimeProblems(watch));
await browser.close();
console.log(failures() ? `${failures()} step(s) failed` : "all console steps passed");
process.exit(failures());
