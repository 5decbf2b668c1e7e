// Step running and page watching shared by the console's browser scripts: each step prints
// "ok" or "FAIL" with the reason (and a screenshot), and the exit code is the failure count.
import assert from "node:assert/strict";
import path from "node:path";

const SHOTS = process.env.SCREENSHOTS || "screenshots";
let failed = 0;

export const failures = () => failed;

export async function launch(chromium) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}

// watchPage records what must never happen on a page: requests to other origins, script
// errors, CSP violations and dialogs. Pass the same watch to several pages to pool them.
export function watchPage(page, base, watch) {
  watch = watch || { thirdParty: [], scriptErrors: [], cspViolations: [], dialogs: [] };
  page.on("request", (r) => {
    const u = r.url();
    if (!u.startsWith(base) && !u.startsWith("data:")) watch.thirdParty.push(u);
  });
  page.on("pageerror", (e) => watch.scriptErrors.push(e.message));
  page.on("console", (m) => {
    if (m.type() === "error" && /Content Security Policy|Refused to/i.test(m.text())) watch.cspViolations.push(m.text());
  });
  page.on("dialog", async (d) => {
    watch.dialogs.push(d.type() + ": " + d.message());
    await d.dismiss();
  });
  return watch;
}

export function noRuntimeProblems(watch) {
  assert.deepEqual(watch.thirdParty, [], "requests to other origins");
  assert.deepEqual(watch.cspViolations, [], "CSP violations");
  assert.deepEqual(watch.scriptErrors, [], "uncaught script errors");
  assert.deepEqual(watch.dialogs, [], "dialogs");
}

export async function shot(page, name) {
  try {
    await page.screenshot({ path: path.join(SHOTS, name + ".png"), fullPage: false });
  } catch (e) {
    console.log("     (no screenshot: " + e.message + ")");
  }
}

export async function step(name, page, fn) {
  const started = Date.now();
  try {
    await fn();
    console.log(`ok   ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    return true;
  } catch (e) {
    failed++;
    console.log("FAIL " + name + "\n     " + String(e.message).split("\n").join("\n     "));
    if (page) await shot(page, "FAIL-" + name.replace(/[^a-z0-9]+/gi, "-").toLowerCase());
    return false;
  }
}
