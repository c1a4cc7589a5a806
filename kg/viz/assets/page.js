// county-kg network page. Every text from the graph reaches the DOM through textContent
// (never innerHTML), and vis-network draws labels on a canvas: report text cannot run.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var types = {};
  data.types.forEach(function (t) { types[t.key] = t; });
  var big = data.nodes.length > 1500 || data.edges.length > 3000;

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }

  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    var o = { id: n[0], label: n[1], group: n[2], x: n[3], y: n[4] };
    if (n[5] > 1) {  // hubs: larger, and named even when the whole graph is in view
      o.size = types[n[2]].size * Math.sqrt(n[5]);
      o.font = { size: Math.round(13 * n[5]) };
    }
    return o;
  }));
  var edges = new vis.DataSet(data.edges.map(function (e, i) {
    var o = { id: i, from: e[0], to: e[1], rel: e[2] };
    if (!big) o.label = e[2];
    if (e[3]) o.dashes = true;
    return o;
  }));
  var groups = {};
  data.types.forEach(function (t) {
    groups[t.key] = { color: { background: t.color, border: t.color,
                               highlight: { background: t.color, border: "#000" } },
                      shape: t.shape, size: t.size };
  });
  var options = {
    groups: groups,
    layout: { improvedLayout: false },
    physics: data.physics ? { enabled: true, solver: "barnesHut",
      barnesHut: { gravitationalConstant: -3000, springLength: 90 },
      stabilization: { enabled: true, iterations: 150, fit: true } } : false,
    interaction: { hover: true, tooltipDelay: 80, hideEdgesOnDrag: big, hideEdgesOnZoom: big },
    nodes: { font: { size: 13, face: "Noto Sans CJK SC, WenQuanYi Micro Hei, sans-serif", strokeWidth: 3, strokeColor: "#fff" },
             borderWidth: 1 },
    edges: { smooth: false, width: 1, color: { color: "#b8b8b8", highlight: "#333", hover: "#666" },
             arrows: { to: { enabled: true, scaleFactor: 0.4 } },
             font: { size: 10, color: "#777", strokeWidth: 3, strokeColor: "#fff", align: "middle",
                     face: "Noto Sans CJK SC, WenQuanYi Micro Hei, sans-serif" } }
  };
  var container = document.getElementById("kg-net");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, options);
  window.kgView = { network: network, nodes: nodes, edges: edges, drawn: false, drawnMs: null };
  network.once("afterDrawing", function () {
    window.kgView.drawn = true;
    window.kgView.drawnMs = performance.now();
    document.body.setAttribute("data-drawn", String(nodes.length));
  });

  // --- header, note, legend
  document.getElementById("kg-count").textContent =
    data.nodes.length + " 个节点 · " + data.edges.length + " 条关系";
  if (data.note) {
    var note = document.getElementById("kg-note");
    note.textContent = data.note;
    note.hidden = false;
  }
  var list = document.getElementById("kg-types");
  data.types.forEach(function (t) {
    var li = el("li"), label = el("label"), box = el("input");
    box.type = "checkbox"; box.checked = true; box.value = t.key;
    box.addEventListener("change", function () { showType(t.key, box.checked); });
    var sw = el("span", null, "kg-swatch " + t.shape);
    if (t.shape === "triangle") sw.style.borderBottomColor = t.color; else sw.style.background = t.color;
    label.appendChild(box); label.appendChild(sw); label.appendChild(el("span", t.name));
    label.appendChild(el("span", t.count, "kg-n"));
    li.appendChild(label); list.appendChild(li);
  });
  function showType(key, visible) {
    nodes.update(nodes.getIds({ filter: function (n) { return n.group === key; } })
      .map(function (id) { return { id: id, hidden: !visible }; }));
  }

  // --- search
  var search = document.getElementById("kg-search"), found = document.getElementById("kg-found");
  var matches = [], at = -1;
  search.addEventListener("input", function () {
    var q = search.value.trim();
    matches = q ? nodes.getIds({ filter: function (n) { return !n.hidden && n.label.indexOf(q) >= 0; } }) : [];
    at = -1;
    found.textContent = q ? matches.length + " 个匹配" : "";
    network.selectNodes(matches);
  });
  search.addEventListener("keydown", function (ev) {
    if (ev.key !== "Enter" || !matches.length) return;
    at = (at + 1) % matches.length;
    network.focus(matches[at], { scale: 1.2, animation: false });
    network.selectNodes([matches[at]]);
    showDetails(matches[at]);
  });

  // --- tooltips: short; the details panel: everything
  var tip = document.getElementById("kg-tip");
  function placeTip(ev) {
    var p = ev && ev.pointer ? ev.pointer.DOM : { x: 0, y: 0 };
    var r = container.getBoundingClientRect();
    tip.style.left = Math.min(r.left + p.x + 14, window.innerWidth - 370) + "px";
    tip.style.top = (r.top + p.y + 14) + "px";
  }
  network.on("hoverNode", function (ev) {
    var n = nodes.get(ev.node), d = data.details[ev.node] || {};
    tip.textContent = "";
    tip.appendChild(el("b", n.label));
    tip.appendChild(el("div", d.t, "kg-type"));
    (d.f || []).slice(0, 4).forEach(function (f) { tip.appendChild(el("div", f[0] + "：" + f[1])); });
    if (d.obsN) tip.appendChild(el("div", "指标数据 " + d.obsN + " 条（点击查看）"));
    if (d.n) tip.appendChild(el("div", "共 " + d.n + " 个"));
    if (d.ev && d.ev.length) tip.appendChild(el("div", "“" + d.ev[0] + "”", "kg-ev"));
    if (d.rep && d.rep.length) tip.appendChild(el("div", "出处：" + d.rep.join("；") + (d.repN ? " 等 " + d.repN + " 份" : "")));
    placeTip(ev); tip.hidden = false;
  });
  network.on("hoverEdge", function (ev) {
    var e = edges.get(ev.edge);
    tip.textContent = "";
    tip.appendChild(el("b", e.rel));
    tip.appendChild(el("div", nodes.get(e.from).label + " → " + nodes.get(e.to).label));
    placeTip(ev); tip.hidden = false;
  });
  network.on("blurNode", function () { tip.hidden = true; });
  network.on("blurEdge", function () { tip.hidden = true; });
  network.on("dragStart", function () { tip.hidden = true; });

  var panel = document.getElementById("kg-details"), body = document.getElementById("kg-details-body");
  document.getElementById("kg-close").addEventListener("click", function () { panel.hidden = true; });
  network.on("click", function (ev) { if (ev.nodes.length) showDetails(ev.nodes[0]); });

  function table(head, rows) {
    var t = el("table"), tr = el("tr");
    head.forEach(function (h) { tr.appendChild(el("th", h)); });
    t.appendChild(tr);
    rows.forEach(function (r) {
      var row = el("tr");
      r.forEach(function (c) { row.appendChild(el("td", c)); });
      t.appendChild(row);
    });
    return t;
  }
  function showDetails(id) {
    var n = nodes.get(id), d = data.details[id] || {};
    body.textContent = "";
    body.appendChild(el("h3", n.label));
    body.appendChild(el("div", d.t, "kg-type"));
    if (d.iri) body.appendChild(el("div", d.iri, "kg-iri"));
    if (d.f && d.f.length) {
      var dl = el("dl");
      d.f.forEach(function (f) { dl.appendChild(el("dt", f[0])); dl.appendChild(el("dd", f[1])); });
      body.appendChild(dl);
    }
    (d.ev || []).forEach(function (e) { body.appendChild(el("blockquote", e)); });
    if (d.evN) body.appendChild(el("div", "原文共 " + d.evN + " 句，列出 " + d.ev.length + " 句", "kg-more"));
    if (d.rep && d.rep.length) body.appendChild(el("div", "出处：" + d.rep.join("；") + (d.repN ? "（共 " + d.repN + " 份报告，列出 " + d.rep.length + " 份）" : "")));
    (d.charts || []).forEach(function (src) {
      if (typeof src !== "string" || src.indexOf("data:image/") !== 0) return;
      var img = el("img", null, "kg-chart"); img.src = src; img.alt = "指标图"; body.appendChild(img);
    });
    if (d.obs && d.obs.length) {
      body.appendChild(el("h4", "指标数据（" + d.obsN + " 条" + (d.obsN > d.obs.length ? "，列出 " + d.obs.length + " 条" : "") + "）"));
      body.appendChild(table(["年份", "指标", "口径", "数值", "增速", "排名"],
        d.obs.map(function (o) { return o.slice(0, 6); })));
      d.obs.forEach(function (o) {
        if (o[6]) body.appendChild(el("blockquote", o[0] + " " + o[1] + "：“" + o[6] + "”" + (o[7] ? " —— " + o[7] : "")));
      });
    }
    if (d.st && d.st.length) {
      body.appendChild(el("h4", "阶段"));
      body.appendChild(table(["年份", "状态", "原文", "出处"], d.st));
    }
    if (d.m && d.m.length) {
      body.appendChild(el("h4", "成员（共 " + d.n + " 个" + (d.n > d.m.length ? "，列出 " + d.m.length + " 个" : "") + "）"));
      var ul = el("ul");
      d.m.forEach(function (m) { ul.appendChild(el("li", m)); });
      body.appendChild(ul);
    }
    panel.hidden = false;
  }
  window.kgView.showDetails = showDetails;
})();
