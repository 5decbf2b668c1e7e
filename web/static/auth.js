// Sign-in and sign-up forms.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("auth-form");
  if (!form) return;
  const kind = form.dataset.kind;
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    RW.clearErrors(form);
    const data = Object.fromEntries(new FormData(form));
    const button = form.querySelector("button[type=submit]");
    if (!data.email) return RW.showError(form, "", "form-error", "email", "Enter your email address.");
    if (!data.password) return RW.showError(form, "", "form-error", "password", "Enter your password.");
    if (kind === "signup" && data.password.length < 10) {
      return RW.showError(form, "", "form-error", "password", "Use at least 10 characters for your password.");
    }
    button.disabled = true;
    try {
      const res = await RW.api("POST", "/api/v1/auth/" + kind, data);
      const next = form.dataset.next || "/";
      // Staff sign in on the same page; with nowhere particular to go, they go to the console.
      location.assign(next === "/" && res.user.role !== "consumer" ? "/console" : next);
    } catch (err) {
      const msg = err.message;
      RW.showError(form, "", "form-error", err.field, msg);
      button.disabled = false;
    }
  });
});
