// Charts for the console's metrics page: plain SVG built from the numbers the metrics API
// returns (the server computed them; the page only draws). Every chart carries a title, a
// description that says the same numbers in words, and a caption, so nothing is only visual.
"use strict";
(function () {
  let seq = 0;

  function niceStep(max, count) {
    const raw = max / count;
    const mag = Math.pow(10, Math.floor(Math.log10(raw || 1)));
    for (const m of [1, 2, 2.5, 5, 10]) if (raw <= m * mag) return m * mag;
    return 10 * mag;
  }

  // frame wraps drawn parts in an accessible <figure>.
  function frame(kind, title, summary, W, H, parts, key) {
    const { el, svg } = RW;
    const id = "mchart-" + (++seq);
    const pic = svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-labelledby": id + "-t " + id + "-d", class: "svgc" },
      svg("title", { id: id + "-t" }, title), svg("desc", { id: id + "-d" }, summary), parts);
    return el("figure", { class: "chart-fig", "data-chart": kind }, pic, key || null, el("figcaption", {}, summary));
  }

  // bars draws one horizontal bar per item: [{label, value, text?}] where text is how the
  // value is written (a percentage, a duration); value only sets the length.
  function bars(title, items, opts) {
    const { svg } = RW;
    opts = opts || {};
    const W = 440, rowH = 28, L = Math.min(190, 12 + 7 * Math.max(4, ...items.map((i) => String(i.label).length))), R = 80;
    const H = Math.max(rowH * items.length + 8, 34);
    const max = opts.max || Math.max(0, ...items.map((i) => Number(i.value) || 0)) || 1;
    const parts = [];
    items.forEach((it, n) => {
      const y = 4 + n * rowH;
      const w = Math.max(0, (Number(it.value) || 0) / max) * (W - L - R);
      parts.push(svg("text", { class: "lbl", x: L - 8, y: y + rowH / 2 + 4, "text-anchor": "end" }, String(it.label)));
      parts.push(svg("rect", { class: "bar" + (it.cls ? " " + it.cls : ""), x: L, y: y + 4, width: w.toFixed(1), height: rowH - 8, rx: 3 }));
      parts.push(svg("text", { class: "val", x: L + w + 6, y: y + rowH / 2 + 4 }, it.text !== undefined ? String(it.text) : String(it.value)));
    });
    if (!items.length) parts.push(svg("text", { class: "lbl", x: 8, y: 22 }, "No data in this window"));
    const summary = opts.summary || (items.length
      ? items.map((i) => `${i.label}: ${i.text !== undefined ? i.text : i.value}`).join("; ") + "."
      : "No data in this window.");
    return frame("bars", title, summary, W, H, parts);
  }

  // line draws a series over time: points [{t: Date|string, v: number}].
  function line(title, points, opts) {
    const { el, svg } = RW;
    opts = opts || {};
    const W = 560, H = 200, L = 40, R = 12, T = 10, B = 30;
    const pts = points.map((p) => ({ t: new Date(p.t).getTime(), v: Number(p.v) || 0 })).filter((p) => !isNaN(p.t)).sort((a, b) => a.t - b.t);
    const parts = [];
    if (pts.length < 1) {
      parts.push(svg("text", { class: "lbl", x: 8, y: 22 }, "No data in this window"));
      return frame("line", title, "No data in this window.", W, 40, parts);
    }
    const t0 = pts[0].t, t1 = pts[pts.length - 1].t || t0 + 1;
    const maxV = Math.max(1, ...pts.map((p) => p.v));
    const step = Math.max(1, niceStep(maxV, 4)), top = Math.ceil(maxV / step) * step;
    const x = (t) => L + (t1 === t0 ? 0.5 : (t - t0) / (t1 - t0)) * (W - L - R);
    const y = (v) => T + (1 - v / top) * (H - T - B);
    for (let v = 0; v <= top; v += step) {
      parts.push(svg("line", { class: "grid", x1: L, x2: W - R, y1: y(v), y2: y(v) }));
      parts.push(svg("text", { class: "tick", x: L - 6, y: y(v) + 4, "text-anchor": "end" }, String(v)));
    }
    parts.push(svg("line", { class: "axis", x1: L, x2: W - R, y1: H - B, y2: H - B }));
    const fmt = (t) => {
      const d = new Date(t);
      return t1 - t0 > 2 * 86400e3 ? d.toLocaleDateString([], { month: "short", day: "numeric" }) : d.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
    };
    parts.push(svg("text", { class: "tick", x: L, y: H - 8 }, fmt(t0)));
    parts.push(svg("text", { class: "tick", x: W - R, y: H - 8, "text-anchor": "end" }, fmt(t1)));
    // A step line: the count holds until the next sample.
    const path = [];
    pts.forEach((p, i) => {
      if (i > 0) path.push(x(p.t).toFixed(1) + "," + y(pts[i - 1].v).toFixed(1));
      path.push(x(p.t).toFixed(1) + "," + y(p.v).toFixed(1));
    });
    const area = [x(t0).toFixed(1) + "," + y(0)].concat(path, [x(pts[pts.length - 1].t).toFixed(1) + "," + y(0)]);
    parts.push(svg("polygon", { class: "area", points: area.join(" ") }));
    parts.push(svg("polyline", { class: "line", points: path.join(" ") }));
    const peak = Math.max(...pts.map((p) => p.v));
    const summary = opts.summary || `${pts.length} samples from ${fmt(t0)} to ${fmt(t1)}; at most ${peak}, now ${pts[pts.length - 1].v}.`;
    return frame("line", title, summary, W, H, parts, el("p", { class: "caption visually-hidden" }, ""));
  }

  // columns draws groups of vertical bars side by side: groups [{label, values:[{name, value, text?}]}].
  function columns(title, groups, opts) {
    const { el, svg } = RW;
    opts = opts || {};
    const names = [...new Set(groups.flatMap((g) => g.values.map((v) => v.name)))];
    const W = 520, H = 200, L = 36, R = 8, T = 18, B = 30;
    const max = opts.max || Math.max(0, ...groups.flatMap((g) => g.values.map((v) => Number(v.value) || 0))) || 1;
    const gw = (W - L - R) / Math.max(1, groups.length), bw = Math.min(36, (gw - 12) / Math.max(1, names.length));
    const y = (v) => T + (1 - v / max) * (H - T - B);
    const parts = [svg("line", { class: "axis", x1: L, x2: W - R, y1: H - B, y2: H - B })];
    groups.forEach((g, gi) => {
      const gx = L + gi * gw + (gw - bw * names.length) / 2;
      g.values.forEach((v) => {
        const ni = names.indexOf(v.name), val = Number(v.value) || 0;
        const x = gx + ni * bw;
        parts.push(svg("rect", { class: "bar s" + ni, x: x + 2, y: y(val), width: Math.max(0, bw - 4), height: Math.max(0, H - B - y(val)), rx: 2 }));
        parts.push(svg("text", { class: "val", x: x + bw / 2, y: y(val) - 4, "text-anchor": "middle" }, v.text !== undefined ? String(v.text) : String(v.value)));
      });
      parts.push(svg("text", { class: "lbl", x: L + gi * gw + gw / 2, y: H - 10, "text-anchor": "middle" }, g.label));
    });
    const key = names.length > 1 ? el("ul", { class: "key", "aria-hidden": "true" }, names.map((n, i) => el("li", {}, el("span", { class: "s" + i }), n))) : null;
    const summary = opts.summary || groups.map((g) => g.label + ": " + g.values.map((v) => `${v.name} ${v.text !== undefined ? v.text : v.value}`).join(", ")).join("; ") + ".";
    return frame("columns", title, summary, W, H, parts, key);
  }

  window.RW = Object.assign(window.RW || {}, { charts: { bars, line, columns } });
})();
