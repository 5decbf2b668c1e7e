// The holdings page: list, add, edit and delete loans and policies. The checks here mirror
// the API's (offers.Holding.Validate) so mistakes show at once; the server checks again and
// its message is shown next to the field it names.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const { el, api, money, rate } = RW;
  const $ = (id) => document.getElementById(id);
  const form = $("holding-form"), listEl = $("holdings"), empty = $("empty"), listStatus = $("list-status");
  const typeSel = $("h-product_type"), save = $("h-save"), cancel = $("h-cancel"), title = $("form-title");
  if (!form) return;

  const INSURANCE = new Set(["auto_insurance", "home_insurance", "renters_insurance", "travel_insurance", "life_insurance"]);
  const LABELS = {};
  for (const o of typeSel.options) LABELS[o.value] = o.textContent;
  const LOAN_FIELDS = ["balance", "apr", "remaining_months", "monthly_payment", "prepayment_penalty"];
  const INS_FIELDS = ["premium", "premium_frequency", "coverage_limit", "deductible", "renewal_date"];
  const MONEY = /^\d{1,10}(\.\d{1,2})?$/;
  let holdings = [];
  // The currency the holdings are in and the locale to write them in: the list's.
  let currency = "", locale = "";

  const kindOf = (t) => (INSURANCE.has(t) ? "insurance" : "loan");
  const value = (f) => $("h-" + f).value.trim().replace(/,/g, "");

  // A credit card has no term: it is paid down at its payment, so it is never asked for one.
  function syncKind() {
    const kind = kindOf(typeSel.value);
    const card = typeSel.value === "credit_card";
    for (const f of form.querySelectorAll(".field.loan")) f.hidden = kind !== "loan";
    for (const f of form.querySelectorAll(".field.insurance")) f.hidden = kind !== "insurance";
    for (const f of form.querySelectorAll(".field.term")) f.hidden = kind !== "loan" || card;
  }
  typeSel.addEventListener("change", syncKind);

  // check returns [field, message] for the first problem, or null.
  function check(kind, type) {
    const need = (f, what) => (value(f) === "" ? [f, what] : null);
    const amount = (f, label, required, positive) => {
      const v = value(f);
      if (v === "") return required ? [f, `Enter ${label}.`] : null;
      if (v.startsWith("-")) return [f, `${label[0].toUpperCase() + label.slice(1)} can't be negative.`];
      if (!MONEY.test(v)) return [f, `Enter ${label} as a number like 1250 or 1250.50.`];
      if (positive && Number(v) <= 0) return [f, `${label[0].toUpperCase() + label.slice(1)} must be above zero.`];
      return null;
    };
    if ($("h-provider").value.length > 200) return ["provider", "The provider name is too long (at most 200 characters)."];
    if (kind === "loan") {
      const apr = value("apr");
      const months = value("remaining_months");
      return amount("balance", "the amount still owed", true, true)
        || need("apr", "Enter the interest rate, for example 9.9.")
        || (!/^\d{1,2}(\.\d{1,3})?$/.test(apr) ? ["apr", "Enter the rate in percent, from 0 to below 100, like 9.9."] : null)
        || (type === "credit_card" ? null : months === "" ? ["remaining_months", "Enter how many monthly payments are left."]
          : !/^\d{1,3}$/.test(months) ? ["remaining_months", "Enter a whole number of months, like 48."]
          : Number(months) > 600 ? ["remaining_months", "That is more than 50 years; enter at most 600 months."]
          : Number(months) < 1 ? ["remaining_months", "A loan needs at least 1 payment left."] : null)
        || amount("monthly_payment", "the monthly payment", false, true)
        || amount("prepayment_penalty", "the early repayment fee", false, false);
    }
    return amount("premium", "the premium", true, true)
      || amount("coverage_limit", "the coverage limit", false, false)
      || amount("deductible", "the deductible", false, false);
  }

  function body(kind) {
    const b = { kind, product_type: typeSel.value, provider: $("h-provider").value.trim() };
    const fields = kind === "loan" ? LOAN_FIELDS : INS_FIELDS;
    for (const f of fields) {
      const v = value(f);
      if (v === "") continue;
      b[f] = f === "remaining_months" ? Number(v) : v;
    }
    if (kind === "loan" && (b.remaining_months === undefined || typeSel.value === "credit_card")) b.remaining_months = 0;
    if (kind === "insurance") { b.balance = "0"; b.apr = "0"; b.remaining_months = 0; }
    return b;
  }

  function describe(h) {
    const m = (v) => money(v, currency, locale);
    if (h.kind === "insurance") {
      const freq = { monthly: "a month", quarterly: "a quarter", annual: "a year" }[h.premium_frequency] || "";
      return [m(h.premium) + " " + freq,
        h.coverage_limit ? "covers up to " + m(h.coverage_limit) : "",
        h.deductible ? "deductible " + m(h.deductible) : "",
        h.renewal_date ? "renews " + h.renewal_date : ""].filter(Boolean).join(" · ");
    }
    return [m(h.balance) + " owed", rate(h.apr, locale) + " APR",
      h.remaining_months && h.product_type !== "credit_card" ? h.remaining_months + " payments left" : "",
      h.monthly_payment ? m(h.monthly_payment) + " a month" : ""].filter(Boolean).join(" · ");
  }

  function draw() {
    listEl.replaceChildren(...holdings.map((h) => {
      const name = (LABELS[h.product_type] || h.product_type) + (h.provider ? " — " + h.provider : "");
      const edit = el("button", { type: "button", class: "secondary" }, "Edit", el("span", { class: "visually-hidden" }, " " + name));
      const del = el("button", { type: "button", class: "danger" }, "Delete", el("span", { class: "visually-hidden" }, " " + name));
      edit.addEventListener("click", () => startEdit(h));
      del.addEventListener("click", () => remove(h, name));
      return el("li", { class: "holding", "data-id": h.id },
        el("div", {}, el("h3", {}, name), el("p", {}, describe(h))),
        el("div", { class: "actions" }, edit, del));
    }));
    empty.hidden = holdings.length > 0;
  }

  async function load() {
    try {
      let res = await api("GET", "/api/v1/holdings");
      const all = res.holdings;
      while (res.more) {
        res = await api("GET", "/api/v1/holdings?after=" + encodeURIComponent(res.next_after));
        all.push(...res.holdings);
      }
      holdings = all;
      currency = res.currency;
      locale = res.locale;
      draw();
    } catch (err) {
      listStatus.textContent = err.message;
    }
  }

  function resetForm() {
    form.reset();
    $("h-id").value = "";
    RW.clearErrors(form);
    title.textContent = "Add a loan or policy";
    save.textContent = "Add";
    cancel.hidden = true;
    typeSel.disabled = false;
    syncKind();
  }

  function startEdit(h) {
    resetForm();
    $("h-id").value = h.id;
    typeSel.value = h.product_type;
    typeSel.disabled = true; // a loan does not turn into a policy; delete and add instead
    syncKind();
    for (const f of ["provider", ...LOAN_FIELDS, ...INS_FIELDS]) {
      if (h[f] !== undefined && h[f] !== null) $("h-" + f).value = h[f];
    }
    title.textContent = "Edit " + (LABELS[h.product_type] || h.product_type);
    save.textContent = "Save changes";
    cancel.hidden = false;
    form.scrollIntoView({ block: "start" });
    typeSel.disabled ? $("h-provider").focus() : typeSel.focus();
  }
  cancel.addEventListener("click", resetForm);

  async function remove(h, name) {
    if (!confirm("Delete " + name + "?")) return;
    try {
      await api("DELETE", "/api/v1/holdings/" + encodeURIComponent(h.id));
      holdings = holdings.filter((x) => x.id !== h.id);
      draw();
      listStatus.textContent = name + " deleted.";
      title.focus();
    } catch (err) {
      listStatus.textContent = err.message;
    }
  }

  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    RW.clearErrors(form);
    const kind = kindOf(typeSel.value);
    const problem = check(kind, typeSel.value);
    if (problem) return RW.showError(form, "h-", "h-form-error", problem[0], problem[1]);
    const id = $("h-id").value;
    const b = body(kind);
    save.disabled = true;
    try {
      if (id) {
        // A PATCH names every field the form shows; empty optional ones are cleared.
        for (const f of kind === "loan" ? LOAN_FIELDS : INS_FIELDS) if (!(f in b)) b[f] = null;
        delete b.kind; delete b.product_type;
        const res = await api("PATCH", "/api/v1/holdings/" + encodeURIComponent(id), b);
        holdings = holdings.map((h) => (String(h.id) === id ? res.holding : h));
        listStatus.textContent = "Saved.";
      } else {
        const res = await api("POST", "/api/v1/holdings", b);
        holdings.push(res.holding);
        listStatus.textContent = (LABELS[res.holding.product_type] || "Holding") + " added.";
      }
      draw();
      resetForm();
    } catch (err) {
      RW.showError(form, "h-", "h-form-error", err.field, err.message);
    } finally {
      save.disabled = false;
    }
  });

  syncKind();
  load();

  // The saved comparison profile.
  const pform = $("profile-form"), pstatus = $("p-status");
  const PFIELDS = ["credit_score", "annual_income", "monthly_debt_payments", "region"];
  (async () => {
    try {
      const { profile } = await api("GET", "/api/v1/me/profile");
      for (const f of PFIELDS) if (profile[f] !== null && profile[f] !== undefined) $("p-" + f).value = profile[f];
    } catch (err) { pstatus.textContent = err.message; }
  })();
  pform.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    RW.clearErrors(pform);
    pstatus.textContent = "";
    const v = (f) => $("p-" + f).value.trim().replace(/,/g, "");
    const body = {};
    const score = v("credit_score");
    if (score !== "") {
      if (!/^\d{3}$/.test(score) || Number(score) < 300 || Number(score) > 850) {
        return RW.showError(pform, "p-", "p-form-error", "credit_score", "A credit score is a whole number from 300 to 850.");
      }
      body.credit_score = Number(score);
    }
    for (const f of ["annual_income", "monthly_debt_payments"]) {
      if (v(f) === "") continue;
      if (!MONEY.test(v(f))) return RW.showError(pform, "p-", "p-form-error", f, "Enter an amount like 52000 or 450.50.");
      body[f] = v(f);
    }
    if (v("region") !== "") body.region = v("region").toUpperCase();
    try {
      const { profile } = await api("PUT", "/api/v1/me/profile", body);
      for (const f of PFIELDS) $("p-" + f).value = profile[f] ?? "";
      pstatus.textContent = "Saved.";
      load(); // the region decides the currency the holdings are shown in
    } catch (err) {
      RW.showError(pform, "p-", "p-form-error", err.field, err.message);
    }
  });
});
