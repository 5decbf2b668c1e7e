// One offer's details, read from GET /api/v1/offers/{id}.
"use strict";
document.addEventListener("DOMContentLoaded", async () => {
  const { el, api, money, rate } = RW;
  const box = document.getElementById("offer");
  if (!box) return;
  const id = box.dataset.offerId;
  try {
    const offer = await api("GET", "/api/v1/offers/" + encodeURIComponent(id));
    const title = offer.partner.name + " — " + offer.name;
    document.getElementById("offer-title").textContent = title;
    document.title = title + " · Ratewise";
    const rows = [
      ["Representative APR", rate(offer.representative_apr)],
      ["APR range", offer.apr_min ? rate(offer.apr_min) + " to " + rate(offer.apr_max) : ""],
      ["Terms", offer.terms_months.length ? offer.terms_months.join(", ") + " months" : ""],
      ["Amounts", offer.amount_min ? money(offer.amount_min) + " to " + money(offer.amount_max) + " " + offer.currency : ""],
      ["Origination fee", offer.origination_fee ? rate(offer.origination_fee) : ""],
      ["Annual premium", offer.annual_premium ? money(offer.annual_premium) : ""],
      ["Coverage limit", offer.coverage_limit ? money(offer.coverage_limit) : ""],
      ["Deductible", offer.deductible ? money(offer.deductible) : ""],
      ["Regions", offer.regions.join(", ")],
    ].filter((r) => r[1]);
    box.replaceChildren(
      el("div", { class: "card" },
        el("dl", {}, rows.map(([k, v]) => el("div", {}, el("dt", {}, k), el("dd", {}, v)))),
        offer.representative_example ? el("p", {}, offer.representative_example) : null,
        offer.description ? el("p", {}, offer.description) : null,
        offer.url && /^https?:\/\//.test(offer.url) ? el("p", {}, el("a", { href: offer.url, rel: "noopener noreferrer" }, "Go to the partner's page")) : null));
  } catch (err) {
    box.replaceChildren(el("p", { role: "alert" }, err.status === 404 ? "We can't find that offer; it may have been withdrawn." : err.message));
  }
});
