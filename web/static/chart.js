// Savings chart: what switching saves by each month, for the first one or two cards in the
// order the server ranked them (never re-sorted here), with the month the fees are paid back
// marked. The server computed every figure (chart.saving, net_saving, break_even_month); the
// page only plots them, as SVG drawn at the width it is shown at, so 12 px text stays 12 px.
// Numbers become floats here for drawing and nothing else.
"use strict";
(function () {
  const GAP = 6; // px between labels that would otherwise touch

  function niceStep(span, count) {
    const raw = span / count;
    const mag = Math.pow(10, Math.floor(Math.log10(raw || 1)));
    for (const m of [1, 2, 2.5, 5, 10]) if (raw <= m * mag) return m * mag;
    return 10 * mag;
  }

  // charted returns the cards to draw, in the server's order: the first one, and the second
  // when it has a saving chart too.
  function charted(cards) {
    const ok = (c) => c.chart && Array.isArray(c.chart.saving) && c.chart.saving.length > 1 && Array.isArray(c.chart.months);
    return ok(cards[0] || {}) ? cards.slice(0, 2).filter(ok) : [];
  }

  let seq = 0;
  // chart builds the figure: the legend and the text alternative now, the drawing once the
  // figure is in the page (drawChart) and again whenever its width changes.
  function chart(cards) {
    const { el, money } = RW;
    const best = charted(cards);
    if (!best.length) return null;
    const first = best[0];
    const cur = first.currency, loc = first.locale;
    const product = first.product_label || "loan";
    const insurance = first.annual_premium !== undefined && first.annual_premium !== null;
    const id = "chart-" + (++seq);
    const be = Number(first.break_even_month) || 0;
    const paidBack = first.balance_transfer ? "fee earned back" : "fees paid back";
    const lastMonth = (c) => c.chart.months[c.chart.months.length - 1];
    const parts = best.map((c) => `${c.title}: ${money(c.net_saving, cur, loc)} saved by month ${lastMonth(c)}`);
    let summary = `What switching from your ${product} saves by each month. ` + parts.join("; ") + ".";
    if (be > 0) summary += ` With ${first.title} the ${paidBack} by month ${be}.`;
    const fig = el("figure", { class: "chart", "data-chart": "savings", id },
      el("p", { class: "chart-title" }, insurance ? "Saved over the year if you switch" : "Saved so far if you switch, month by month"),
      el("div", { class: "plot" }),
      el("ul", { class: "legend", "aria-hidden": "true" },
        el("li", {}, el("span", { class: "c0" }), "Keeping your " + product),
        best.map((c, i) => el("li", {}, el("span", { class: "c" + (i + 1) }), c.title))),
      el("figcaption", {}, summary));
    fig.rw = { best, cur, loc, id, summary, be, paidBack, width: 0 };
    return fig;
  }

  // drawChart draws fig at its current width, and redraws it when that changes.
  function drawChart(fig) {
    if (!fig || !fig.rw) return;
    const redraw = () => {
      const w = Math.floor(fig.querySelector(".plot").clientWidth);
      if (w > 0 && w !== fig.rw.width) {
        fig.rw.width = w;
        render(fig, w);
      }
    };
    redraw();
    if (window.ResizeObserver && !fig.rw.observer) {
      fig.rw.observer = new ResizeObserver(() => requestAnimationFrame(redraw));
      fig.rw.observer.observe(fig.querySelector(".plot"));
    }
  }

  function render(fig, W) {
    const { svg, money } = RW;
    const { best, cur, loc, id, summary, be, paidBack } = fig.rw;
    const plot = fig.querySelector(".plot");
    const H = W < 480 ? 220 : 260;
    const pic = svg("svg", { viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: "img", "aria-labelledby": id + "-t " + id + "-d" },
      svg("title", { id: id + "-t" }, "What switching saves over time"),
      svg("desc", { id: id + "-d" }, summary));
    plot.replaceChildren(pic);
    const text = (attrs, s, prio) => {
      const t = svg("text", Object.assign({ "data-prio": prio }, attrs), s);
      pic.append(t);
      return t;
    };
    const widthOf = (s, cls) => {
      const t = text({ class: cls, x: 0, y: -100 }, s, 0);
      const w = t.getComputedTextLength();
      t.remove();
      return w;
    };

    let maxX = 0, lo = 0, hi = 0;
    for (const c of best) {
      c.chart.months.forEach((m, i) => {
        maxX = Math.max(maxX, Number(m));
        lo = Math.min(lo, Number(c.chart.saving[i]));
        hi = Math.max(hi, Number(c.chart.saving[i]));
      });
    }
    const rows = Math.max(2, Math.floor((H - 60) / 40));
    const yStep = niceStep(hi - lo || 1, rows);
    const yLo = Math.floor(lo / yStep) * yStep, yHi = Math.ceil(hi / yStep) * yStep || yStep;
    const tickLabel = (v) => money(String(v), cur, loc, true);
    let L = 8;
    for (let v = yLo; v <= yHi + 1e-9; v += yStep) L = Math.max(L, widthOf(tickLabel(v), "tick") + 14);
    const R = 12, T = 26, B = 40;
    const x = (m) => L + (Number(m) / (maxX || 1)) * (W - L - R);
    const y = (v) => T + (1 - (Number(v) - yLo) / (yHi - yLo)) * (H - T - B);

    for (let v = yLo; v <= yHi + 1e-9; v += yStep) {
      pic.append(svg("line", { class: v === 0 ? "axis zero c0" : "grid", x1: L, x2: W - R, y1: y(v), y2: y(v) }));
      text({ class: "tick", x: L - 6, y: y(v) + 4, "text-anchor": "end" }, tickLabel(v), 1);
    }
    // Month ticks as far apart as their labels need.
    const labelW = widthOf(String(maxX), "tick") + 16;
    const steps = [1, 2, 3, 6, 12, 24, 36, 60, 120];
    const xStep = steps.find((s) => (x(s) - x(0)) >= labelW && maxX / s <= 12) || steps[steps.length - 1];
    for (let m = 0; m <= maxX; m += xStep) {
      pic.append(svg("line", { class: "axis", x1: x(m), x2: x(m), y1: H - B, y2: H - B + 5 }));
      text({ class: "tick", x: x(m), y: H - B + 18, "text-anchor": "middle" }, String(m), 1);
    }
    pic.append(svg("line", { class: "axis", x1: L, x2: L, y1: T, y2: H - B }));
    text({ class: "tick", x: (L + W - R) / 2, y: H - 6, "text-anchor": "middle" }, "Months from now", 2);

    if (be > 0 && be <= maxX) {
      pic.append(svg("line", { class: "marker", x1: x(be), x2: x(be), y1: T - 4, y2: H - B }));
    }
    best.forEach((c, i) => {
      const pts = c.chart.months.map((m, k) => x(m).toFixed(1) + "," + y(c.chart.saving[k]).toFixed(1)).join(" ");
      pic.append(svg("polyline", { class: "series c" + (i + 1), points: pts }));
    });
    // The labels: what the best offer saves, near the end of its line, and the break-even
    // month, at the top of its marker; each where it fits.
    const top = best[0], n = top.chart.months.length;
    const endY = y(top.chart.saving[n - 1]);
    if (be > 0 && be <= maxX) {
      const words = paidBack[0].toUpperCase() + paidBack.slice(1) + ": month " + be;
      const right = x(be) + 4 + widthOf(words, "tick marker-label") <= W - R;
      text({ class: "tick marker-label", x: right ? x(be) + 4 : x(be) - 4, y: T - 10, "text-anchor": right ? "start" : "end" }, words, 3);
    }
    const save = text({ class: "gap-label", x: W - R, y: endY - 8, "text-anchor": "end" }, "You save " + money(top.net_saving, cur, loc), 3);
    const lines = best.map((c) => c.chart.months.map((m, k) => [x(m), y(c.chart.saving[k])]));
    lines.push([[L, y(0)], [W - R, y(0)]]);
    // Where the saving label may go, best first: above or below the end of the line, then the
    // plot's corners; the first that no line crosses and no label touches.
    const spots = [[W - R, endY - 8, "end"], [W - R, endY + 18, "end"], [L + 6, T + 14, "start"], [W - R, T + 14, "end"],
      [L + 6, H - B - 8, "start"], [W - R, H - B - 8, "end"], [L + 6, y(0) - 8, "start"], [L + 6, y(0) + 18, "start"]];
    const others = () => [...pic.querySelectorAll("text")].filter((t) => t !== save).map((t) => t.getBBox());
    for (const [sx, sy, anchor] of spots) {
      save.setAttribute("x", sx);
      save.setAttribute("y", Math.min(H - B - 4, Math.max(T + 12, sy)));
      save.setAttribute("text-anchor", anchor);
      const b = save.getBBox();
      if (!lines.some((pts) => crosses(pts, b)) && !others().some((o) => overlap(o, b))) break;
    }
    declutter(pic, W);
  }

  // crosses reports whether the polyline pts passes through box (with a pixel to spare).
  function crosses(pts, box) {
    const inside = (px, py) => px >= box.x - 1 && px <= box.x + box.width + 1 && py >= box.y - 1 && py <= box.y + box.height + 1;
    for (let i = 1; i < pts.length; i++) {
      const [x1, y1] = pts[i - 1], [x2, y2] = pts[i];
      const steps = Math.max(1, Math.ceil(Math.hypot(x2 - x1, y2 - y1) / 2));
      for (let k = 0; k <= steps; k++) {
        if (inside(x1 + (x2 - x1) * k / steps, y1 + (y2 - y1) * k / steps)) return true;
      }
    }
    return false;
  }

  const overlap = (a, b) => a.x < b.x + b.width + GAP && b.x < a.x + a.width + GAP && a.y < b.y + b.height && b.y < a.y + a.height;

  // declutter keeps labels inside the picture and apart: a label that would touch one of
  // higher priority (a tick, next to the saving or break-even label) is left out.
  function declutter(pic, W) {
    const labels = [...pic.querySelectorAll("text")];
    for (const t of labels) {
      const b = t.getBBox();
      if (b.x < 0) t.setAttribute("x", Number(t.getAttribute("x")) - b.x);
      if (b.x + b.width > W) t.setAttribute("x", Number(t.getAttribute("x")) - (b.x + b.width - W));
    }
    const kept = [];
    for (const t of labels.sort((a, b) => Number(b.dataset.prio) - Number(a.dataset.prio))) {
      const b = t.getBBox();
      if (kept.some((k) => overlap(k, b))) {
        t.remove();
        continue;
      }
      kept.push(b);
    }
  }

  window.RW = Object.assign(window.RW || {}, { chart, drawChart });
})();
