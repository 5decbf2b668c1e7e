// Generates loan_oracle.json: loan cases computed by an independent implementation, the npm
// package `financial` (a line-for-line port of numpy-financial). CI does not run this; it reads
// the committed JSON. To regenerate (node ≥ 18):
//
//   mkdir -p /tmp/oraclegen && (cd /tmp/oraclegen && npm init -y && npm install financial@0.2.4)
//   NODE_PATH=/tmp/oraclegen/node_modules node offers/testdata/gen_oracle.mjs > offers/testdata/loan_oracle.json
//
// Conventions (docs/finance.md, "Twenty worked cases"): payment = −pmt(a/12, n, P); the APR solves
// rate(n, −round2(payment), P − fee) and is 12·i; the APRC is (1+i)^12 − 1.
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const { pmt, rate, pv } = require('financial');

// A small deterministic generator (mulberry32), so the file is reproducible.
function mulberry32(a) {
  return function () {
    a |= 0; a = (a + 0x6D2B79F5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rnd = mulberry32(20260101);
const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
const round2 = (x) => Math.round((x + Number.EPSILON * Math.abs(x)) * 100) / 100;

// rate() is Newton's method and diverges from a poor guess (short terms with large fees);
// try a few guesses and keep the first root that pv() confirms.
function solve(n, payment, financed, nominal) {
  for (const guess of [nominal + 0.001, 0.01, 0.05, 0.2, 1]) {
    const i = rate(n, -payment, financed, 0, 'end', guess, 1e-13, 1000);
    if (isFinite(i) && i > -1 && Math.abs(pv(i, n, -payment) - financed) < 1e-6 * financed) return i;
  }
  throw new Error(`no rate for n=${n} payment=${payment} financed=${financed}`);
}

const cases = [];
function add(name, principal, ratePct, n, fee) {
  const a = ratePct / 100;
  const p = ratePct === 0 ? principal / n : -pmt(a / 12, n, principal);
  const p2 = round2(p);
  const financed = principal - fee;
  let aprI = null;
  if (p2 > 0 && financed > 0 && p2 * n >= financed) {
    aprI = p2 * n === financed ? 0 : solve(n, p2, financed, ratePct / 1200);
  }
  cases.push({
    name,
    principal: principal.toFixed(2),
    annual_rate: ratePct.toFixed(2),
    term_months: n,
    upfront_fees: fee.toFixed(2),
    payment: p.toFixed(8),
    payment_2dp: p2.toFixed(2),
    total_interest: (n * p - principal).toFixed(6),
    apr: aprI === null || !isFinite(aprI) ? null : (12 * aprI * 100).toFixed(8),
    aprc: aprI === null || !isFinite(aprI) ? null : ((Math.pow(1 + aprI, 12) - 1) * 100).toFixed(8),
  });
}

// The twenty worked cases of docs/finance.md first.
[
  [10000, 9, 36, 300], [5000, 12, 36, 0], [15000, 14.99, 60, 750], [20000, 6.99, 48, 0],
  [3000, 24.99, 24, 150], [35000, 11.25, 84, 1750], [12000, 0, 12, 240], [25000, 7.5, 60, 0],
  [32000, 5.49, 72, 395], [18500, 3.99, 48, 0], [41000, 8.99, 84, 599], [9000, 18.99, 36, 0],
  [300000, 6.5, 360, 4500], [200000, 7.5, 180, 0], [450000, 6.25, 360, 9000], [250000, 5.75, 240, 2500],
  [100000, 3, 360, 1000], [60000, 8.25, 120, 600], [45000, 4.89, 120, 0], [1000, 35.99, 12, 50],
].forEach(([P, r, n, f], k) => add(`finance-${k + 1}`, P, r, n, f));

// Edges: zero rate, one month, 480 months, tiny and very large principals.
add('zero-rate-no-fee', 2400, 0, 24, 0);
add('zero-rate-fee', 999.99, 0, 6, 29.99);
add('one-month', 1000, 12, 1, 0);
add('one-month-fee', 5000, 9.99, 1, 25);
add('480-months', 250000, 6.75, 480, 0);
add('480-months-fee', 500000, 5.25, 480, 7500);
add('tiny', 1, 5, 12, 0);
add('tiny-fee', 50, 19.99, 6, 1);
add('tiny-long', 10, 3, 480, 0);
add('very-large', 50000000, 4.25, 360, 250000);
add('very-large-short', 99999999.99, 7.5, 12, 0);
add('high-rate', 2000, 99.99, 12, 0);
add('one-month-zero', 100, 0, 1, 0);

const terms = [1, 3, 6, 12, 18, 24, 36, 48, 60, 72, 84, 96, 120, 180, 240, 300, 360, 480];
while (cases.length < 240) {
  const scale = pick([100, 1000, 10000, 100000, 1000000]);
  const principal = Math.round((0.5 + rnd() * 9.5) * scale * 100) / 100;
  const ratePct = rnd() < 0.08 ? 0 : Math.round(rnd() * 3600) / 100;
  const n = pick(terms);
  const fee = rnd() < 0.3 ? 0 : Math.round(principal * rnd() * 0.08 * 100) / 100;
  add(`random-${cases.length + 1}`, principal, ratePct, n, fee);
}
process.stdout.write(JSON.stringify({ generator: 'financial@0.2.4', node: process.version, cases }, null, 1) + '\n');
