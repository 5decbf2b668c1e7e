// One offer's details, read from GET /api/v1/offers/{id}: what it costs and who can take it,
// by product (a policy shows premium and cover, never an APR), with every figure in the
// offer's currency and locale, and its fees told once, in the words of its representative
// example (fee_summary).
"use strict";
document.addEventListener("DOMContentLoaded", async () => {
  const { el, api, money, rate, capitalize } = RW;
  const box = document.getElementById("offer");
  if (!box) return;
  const id = box.dataset.offerId;
  try {
    const o = await api("GET", "/api/v1/offers/" + encodeURIComponent(id));
    const m = (v) => money(v, o.currency, o.locale), pct = (v) => rate(v, o.locale);
    const title = o.partner.name + " — " + o.name;
    document.getElementById("offer-title").textContent = title;
    document.title = title + " · Ratewise";
    const insurance = o.annual_premium !== undefined;
    const card = o.product_type === "credit_card";
    const months = (ts) => (ts.length ? ts.join(", ") + " months" : "");
    let rows;
    if (insurance) {
      rows = [
        ["Annual premium", m(o.annual_premium)],
        ["Paying monthly", o.monthly_premium ? "12 × " + m(o.monthly_premium) : ""],
        ["Cover up to", m(o.coverage_limit)],
        ["Deductible", m(o.deductible)],
      ];
    } else {
      rows = [
        ["Representative APR", pct(o.representative_apr)],
        [card ? "Purchase rate" : "Rate of interest", pct(o.rate) + (card ? " p.a. (variable)" : " p.a. (fixed)")],
        ["APR range", o.apr_min && o.apr_max && o.apr_min !== o.apr_max ? pct(o.apr_min) + " – " + pct(o.apr_max) : ""],
        ["Balance transfers", o.promo_months ? pct(o.promo_apr) + " for " + o.promo_months + " months, then " + pct(o.rate) : ""],
        ["Terms", months(o.terms_months)],
        ["Amounts", o.amount_min && o.amount_max ? m(o.amount_min) + " to " + m(o.amount_max) : ""],
        ["Fees", o.fee_summary || ""],
      ];
    }
    rows.push(["Product", capitalize(o.product_label)], ["Regions", o.regions.join(", ")]);
    const dl = (pairs) => el("dl", {}, pairs.filter((r) => r[1]).map(([k, v]) => el("div", {}, el("dt", {}, k), el("dd", {}, v))));
    const section = (heading, ...body) => (body.flat().some(Boolean) ? el("section", {}, el("h2", {}, heading), body) : null);
    const bands = Array.isArray(o.rate_bands) && o.rate_bands.length
      ? el("table", { class: "bands" },
        el("caption", {}, "Rates by credit score"),
        el("thead", {}, el("tr", {}, el("th", { scope: "col" }, "Credit score"), el("th", { scope: "col" }, "Rate of interest"), el("th", { scope: "col" }, "APR"))),
        el("tbody", {}, o.rate_bands.map((b) => el("tr", {}, el("td", {}, b.min_score + " or more"), el("td", {}, pct(b.rate)), el("td", {}, pct(b.apr))))))
      : null;
    const premiumBands = Array.isArray(o.premium_bands) && o.premium_bands.length
      ? el("table", { class: "bands" },
        el("caption", {}, "Annual premium by credit score"),
        el("thead", {}, el("tr", {}, el("th", { scope: "col" }, "Credit score"), el("th", { scope: "col" }, "Annual premium"))),
        el("tbody", {}, o.premium_bands.map((b) => el("tr", {}, el("td", {}, b.min_score + " or more"), el("td", {}, m(b.annual_premium))))))
      : null;
    const list = (items) => (Array.isArray(items) && items.length ? el("ul", {}, items.map((x) => el("li", {}, x))) : null);
    box.replaceChildren(
      el("div", { class: "card offer", "data-product": o.product_type },
        o.available ? null : el("p", { class: "ended", role: "note" }, o.active_until
          ? "This offer ended on " + new Date(o.active_until).toLocaleDateString(o.locale, { dateStyle: "long" }) + ". It is shown as it was; it can no longer be taken."
          : "This offer is not available now. It is shown as it was; it cannot be taken."),
        dl(rows),
        o.representative_example ? el("p", { class: "example" }, o.representative_example) : null,
        section("Who can apply", list(o.requirements), bands, premiumBands),
        insurance ? section("What is covered", list(o.features)) : null,
        insurance ? section("What is not covered", list(o.exclusions)) : null,
        section("Terms", o.terms ? el("p", {}, o.terms) : null),
        section("About this offer", o.description ? el("p", {}, o.description) : null),
        o.url && /^https?:\/\//.test(o.url) ? el("p", {}, el("a", { href: o.url, rel: "noopener noreferrer" }, "Go to the partner's page")) : null));
  } catch (err) {
    box.replaceChildren(el("p", { role: "alert" }, err.status === 404 ? "We can't find that offer; it may have been withdrawn." : err.message));
  }
});
