// The demo shop's own script: the Ratewise queue stub (so calls made before the loader
// arrives are kept), a cart, and client-side navigation between the product and the cart,
// as a single-page shop does.
"use strict";
window.Ratewise = window.Ratewise || function () { (Ratewise.q = Ratewise.q || []).push(arguments); };

document.addEventListener("DOMContentLoaded", () => {
  const PRICE = 129900, SLEEVE = 4900; // cents
  const $ = (id) => document.getElementById(id);
  let count = Number(sessionStorage.getItem("shop-count") || 0);
  const fmt = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });

  function total() {
    const qty = Math.max(1, Math.min(9, Number($("qty").value) || 1));
    return qty * PRICE + ($("sleeve").checked ? SLEEVE : 0);
  }
  const decimal = (cents) => (cents / 100).toFixed(2);

  function renderCart() {
    $("cart-count").textContent = String(count);
    $("cart-empty").hidden = count > 0;
    $("cart-lines").hidden = count === 0;
    const cents = total();
    $("total").textContent = fmt.format(cents / 100);
    // The financing message is made when the cart is shown and removed when it is left,
    // like a framework's component; its amount follows the cart.
    const slot = $("offer-slot");
    let offer = slot.querySelector("ratewise-offer");
    if (count > 0 && !$("cart").hidden) {
      if (!offer) {
        offer = document.createElement("ratewise-offer");
        offer.id = "cart-offer";
        offer.setAttribute("currency", "USD");
        offer.setAttribute("locale", "en-US");
        slot.append(offer);
      }
      offer.setAttribute("amount", decimal(cents));
      Ratewise("setContext", { cart_amount: decimal(cents), currency: "USD" });
    } else if (offer) {
      offer.remove();
    }
  }

  function show(path) {
    const cart = path === "/cart";
    $("cart").hidden = !cart;
    $("product").hidden = cart;
    document.title = (cart ? "Your cart" : "Plank 14 laptop") + " · Pixel & Plank Electronics";
    renderCart();
  }

  document.addEventListener("click", (e) => {
    const a = e.target.closest("a[data-nav]");
    if (!a || e.metaKey || e.ctrlKey || e.shiftKey) return;
    e.preventDefault();
    history.pushState(null, "", a.getAttribute("href"));
    show(location.pathname);
  });
  window.addEventListener("popstate", () => show(location.pathname));
  $("add").addEventListener("click", () => {
    count += 1;
    sessionStorage.setItem("shop-count", String(count));
    history.pushState(null, "", "/cart");
    show("/cart");
  });
  $("qty").addEventListener("input", renderCart);
  $("sleeve").addEventListener("change", renderCart);
  $("checkout").addEventListener("click", () => Ratewise("open"));
  show(location.pathname);
});
