// Savings chart: cumulative cost over time of the current loan against the best one or two
// offers, drawn as SVG from the numbers in the cards (the server computed them; the page
// only plots). Numbers become floats here for drawing and nothing else.
"use strict";
(function () {
  const W = 600, H = 290, L = 70, R = 14, T = 14, B = 46;

  function niceStep(max, count) {
    const raw = max / count;
    const mag = Math.pow(10, Math.floor(Math.log10(raw || 1)));
    for (const m of [1, 2, 2.5, 5, 10]) if (raw <= m * mag) return m * mag;
    return 10 * mag;
  }
  const short = (v) => (v >= 1e6 ? (v / 1e6).toFixed(v % 1e6 ? 1 : 0) + "M" : v >= 1e3 ? (v / 1e3).toFixed(v % 1e3 ? 1 : 0) + "k" : String(v));

  // pick returns the cards to draw: the best one or two by net saving that carry a chart.
  function pick(cards) {
    return cards
      .filter((c) => c.chart && Array.isArray(c.chart.months) && c.chart.months.length > 1)
      .sort((a, b) => (Number(b.eligible) - Number(a.eligible)) || (Number(b.net_saving) - Number(a.net_saving)))
      .slice(0, 2);
  }

  let seq = 0;
  function chart(cards) {
    const { el, svg, money } = RW;
    const best = pick(cards);
    if (!best.length) return null;
    const id = "chart-" + (++seq);
    const first = best[0].chart;
    const series = [{ label: "Your current loan", months: first.months, values: first.current, cls: "c0" }]
      .concat(best.map((c, i) => ({ label: c.partner + " — " + c.name, months: c.chart.months, values: c.chart.offer, cls: "c" + (i + 1), card: c })));
    let maxX = 0, maxY = 0;
    for (const s of series) {
      for (let i = 0; i < s.months.length; i++) {
        maxX = Math.max(maxX, Number(s.months[i]));
        maxY = Math.max(maxY, Number(s.values[i]));
      }
    }
    const yStep = niceStep(maxY, 5), yTop = Math.ceil(maxY / yStep) * yStep || 1;
    const xStep = maxX <= 12 ? 3 : maxX <= 36 ? 6 : maxX <= 120 ? 12 : 60;
    const x = (m) => L + (Number(m) / (maxX || 1)) * (W - L - R);
    const y = (v) => T + (1 - Number(v) / yTop) * (H - T - B);

    const g = [];
    for (let v = 0; v <= yTop + 1e-9; v += yStep) {
      g.push(svg("line", { class: "grid", x1: L, x2: W - R, y1: y(v), y2: y(v) }));
      g.push(svg("text", { class: "tick", x: L - 6, y: y(v) + 4, "text-anchor": "end" }, short(v)));
    }
    for (let m = 0; m <= maxX; m += xStep) {
      g.push(svg("line", { class: "axis", x1: x(m), x2: x(m), y1: H - B, y2: H - B + 5 }));
      g.push(svg("text", { class: "tick", x: x(m), y: H - B + 18, "text-anchor": "middle" }, String(m)));
    }
    g.push(svg("line", { class: "axis", x1: L, x2: W - R, y1: H - B, y2: H - B }));
    g.push(svg("line", { class: "axis", x1: L, x2: L, y1: T, y2: H - B }));
    g.push(svg("text", { class: "tick", x: (L + W - R) / 2, y: H - 6, "text-anchor": "middle" }, "Months from now"));
    g.push(svg("text", { class: "tick", x: 14, y: (T + H - B) / 2, "text-anchor": "middle", transform: `rotate(-90 14 ${(T + H - B) / 2})` }, "Total paid"));
    const be = Number(best[0].break_even_month);
    if (be > 0 && be <= maxX) {
      g.push(svg("line", { class: "grid", x1: x(be), x2: x(be), y1: T, y2: H - B, "stroke-dasharray": "4 4", stroke: "#4a5363" }));
      g.push(svg("text", { class: "tick", x: Math.min(x(be) + 4, W - R - 90), y: T + 12 }, "pays off: month " + be));
    }
    // The wedge between today's loan and the best offer is the saving, visible at a glance.
    const cur = series[0], top = series[1];
    const n = Math.min(cur.months.length, top.months.length);
    if (n > 1 && Number(top.values[n - 1]) < Number(cur.values[n - 1])) {
      const upper = [], lower = [];
      for (let i = 0; i < n; i++) {
        upper.push(x(cur.months[i]).toFixed(1) + "," + y(cur.values[i]).toFixed(1));
        lower.unshift(x(top.months[i]).toFixed(1) + "," + y(top.values[i]).toFixed(1));
      }
      g.push(svg("polygon", { class: "gap", points: upper.concat(lower).join(" ") }));
      const ly = (y(cur.values[n - 1]) + y(top.values[n - 1])) / 2;
      g.push(svg("text", { class: "gap-label", x: x(top.months[n - 1]) - 6, y: Math.max(ly - 14, T + 26), "text-anchor": "end" },
        "you save " + RW.money(top.card.net_saving)));
    }
    for (const s of series) {
      const pts = s.months.map((m, i) => x(m).toFixed(1) + "," + y(s.values[i]).toFixed(1)).join(" ");
      g.push(svg("polyline", { class: "series " + s.cls, points: pts }));
    }

    const last = (s) => s.values[s.values.length - 1];
    const lastMonth = (s) => s.months[s.months.length - 1];
    const parts = series.map((s) => `${s.label}: ${money(last(s))} in total by month ${lastMonth(s)}`);
    let summary = "Cumulative cost over time. " + parts.join("; ") + ".";
    if (be > 0) summary += ` ${best[0].partner} pays off its costs from month ${be}.`;

    const title = svg("title", { id: id + "-t" }, "Total paid over time: your current loan compared with the best offers");
    const desc = svg("desc", { id: id + "-d" }, summary);
    const pic = svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-labelledby": id + "-t " + id + "-d" }, title, desc, g);
    const legend = el("ul", { class: "legend", "aria-hidden": "true" },
      series.map((s) => el("li", {}, el("span", { class: s.cls }), s.label)));
    return el("figure", { class: "chart", "data-chart": "savings" }, pic, legend, el("figcaption", {}, summary));
  }

  window.RW = Object.assign(window.RW || {}, { chart });
})();
