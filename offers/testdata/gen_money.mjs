// Generates money_cases.json: how Intl.NumberFormat (ICU's CLDR data, as in Chromium) writes
// amounts and rates in the locales and currencies offers.FormatMoney and offers.FormatPercent
// know. The Go tests read the JSON, and the browser tests (web/e2e/run.mjs) check Chromium
// writes the same, so the server's sentences and the page's figures agree. To regenerate:
//
//   node offers/testdata/gen_money.mjs > offers/testdata/money_cases.json
const locales = ["en-US", "en-GB", "de-DE", "fr-FR", "es-ES", "sv-SE", "de-CH"];
const currencies = ["USD", "GBP", "EUR", "CHF", "SEK", "DKK", "NOK", "PLN", "CZK", "HUF", "RON", "CAD", "AUD",
  "NZD", "JPY", "MXN", "INR", "SGD", "HKD", "ZAR"];
const amounts = ["0.00", "0.50", "5.00", "12.34", "999.99", "1000.00", "1234.50", "12345.67", "123456.78",
  "1234567.89", "-0.50", "-1234.50", "-98765.43"];
const rates = ["0.00", "7.98", "12.10", "24.90", "99.99", "1250.00"];

const money = [];
for (const locale of locales) {
  for (const currency of currencies) {
    const f = new Intl.NumberFormat(locale, { style: "currency", currency, minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: "negative" });
    for (const amount of amounts) money.push({ amount, currency, locale, want: f.format(amount) });
  }
}
const percent = [];
for (const locale of locales) {
  const f = new Intl.NumberFormat(locale, { style: "percent", minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: "negative" });
  for (const rate of rates) {
    // The rate in percent as a fraction, shifted in the string so no float rounds it.
    percent.push({ rate, locale, want: f.format(fraction(rate)) });
  }
}
function fraction(pct) {
  const neg = pct.startsWith("-");
  const [w, d = ""] = pct.replace("-", "").split(".");
  const digits = w.padStart(3, "0");
  return (neg ? "-" : "") + digits.slice(0, -2) + "." + digits.slice(-2) + d;
}
// One case a line, so a regenerated file diffs by case.
const lines = (xs) => xs.map((x) => "  " + JSON.stringify(x)).join(",\n");
process.stdout.write(`{"generator": ${JSON.stringify("Intl.NumberFormat, node " + process.version + ", ICU " + process.versions.icu)},\n"money": [\n${lines(money)}\n],\n"percent": [\n${lines(percent)}\n]}\n`);
