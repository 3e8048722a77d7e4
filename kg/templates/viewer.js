/* fupin-kg viewer: search, filters, side panel with provenance, neighbourhood highlight.
 * Data from articles reaches the DOM through textContent only, never as markup. */
(function () {
  "use strict";
  var D = JSON.parse(document.getElementById("kg-data").textContent);
  var FONT = '"Noto Sans CJK SC","Noto Sans SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",' +
    '"WenQuanYi Micro Hei","Hiragino Sans GB","SimHei",sans-serif';
  var BIG = D.nodes.length > 5000;
  var DIM_MAX = 2000;  // above this, the neighbourhood is shown by selection, not by dimming the rest
  var $ = function (id) { return document.getElementById(id); };
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  window.kgReady = false;
  window.kgCspViolations = [];
  document.addEventListener("securitypolicyviolation", function (ev) {
    window.kgCspViolations.push(ev.blockedURI + " " + ev.violatedDirective);
  });

  var classes = D.classes, preds = D.predicates;
  // per node: incident edges, for the panel and the highlight
  var inc = D.nodes.map(function () { return []; });
  D.edges.forEach(function (e, i) { inc[e.f].push(i); if (e.t !== e.f) inc[e.t].push(i); });

  var nodeItems = D.nodes.map(function (n, i) {
    return { id: i, label: n.l, group: classes[n.c].k, cls: n.c, x: n.x, y: n.y,
             size: Math.min(40, 8 + 4 * Math.sqrt(n.g)) };
  });
  var pairSeen = {};
  var edgeItems = D.edges.map(function (e, i) {
    var p = preds[e.p];
    var item = { id: i, from: e.f, to: e.t, label: p.zh, pred: e.p };
    if (p.sym) item.arrows = { to: { enabled: false } };
    var key = Math.min(e.f, e.t) + "_" + Math.max(e.f, e.t);
    var k = pairSeen[key] || 0;
    pairSeen[key] = k + 1;
    if (k > 0 && !BIG) {  // parallel relations between the same pair: bend them apart
      item.smooth = { enabled: true, type: k % 2 ? "curvedCW" : "curvedCCW", roundness: 0.2 * Math.ceil(k / 2) };
    }
    return item;
  });
  var nodes = new vis.DataSet(nodeItems);
  var edges = new vis.DataSet(edgeItems);
  var hiddenClass = {}, hiddenPred = {};
  var nodeView = new vis.DataView(nodes, { filter: function (n) { return !hiddenClass[n.cls]; } });
  var edgeView = new vis.DataView(edges, { filter: function (e) { return !hiddenPred[e.pred]; } });

  var options = D.options;
  options.groups = {};
  classes.forEach(function (c) {
    options.groups[c.k] = { shape: c.shape, color: { background: c.color, border: c.color,
      highlight: { background: c.color, border: "#000" }, hover: { background: c.color, border: "#000" } } };
  });
  options.nodes = { font: { face: FONT, size: 14, strokeWidth: 3, strokeColor: "#ffffff" }, borderWidth: 1 };
  options.edges.font.face = FONT;
  var arrowsOn = !BIG;  // big graphs: arrows only when zoomed in enough to see them (halves a frame's cost)
  if (BIG) options.edges.arrows.to.enabled = false;
  var network = new vis.Network($("graph"), { nodes: nodeView, edges: edgeView }, options);
  if (BIG) {
    network.on("zoom", function () {
      var want = network.getScale() > 0.5;
      if (want !== arrowsOn) { arrowsOn = want; network.setOptions({ edges: { arrows: { to: { enabled: want } } } }); }
    });
  }

  function ready() {
    if (window.kgReady) return;
    window.kgReady = true;
    window.kgReadyAt = performance.now();
    $("loading").hidden = true;
    document.body.setAttribute("data-ready", "1");
  }
  if (D.physics) {
    // settle once, then stop: no endless jiggling
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } });
      network.once("afterDrawing", ready);
      network.redraw();
    });
  } else {
    network.once("afterDrawing", ready);
  }

  // -- header, note, legend and filters --------------------------------------------------------
  if (D.note) { $("note").textContent = D.note; $("note").hidden = false; }
  function updateCounts() {
    var shown = network.body.nodeIndices.length;
    var text = "显示 " + shown + " / " + D.nodes.length + " 个实体 · " + D.edges.length + " 条关系";
    if (D.total > D.nodes.length) text += "（全图 " + D.total + " 个实体）";
    $("counts").textContent = text;
  }
  var SVGNS = "http://www.w3.org/2000/svg";
  function icon(shape, color) {
    var svg = document.createElementNS(SVGNS, "svg");
    svg.setAttribute("width", "14"); svg.setAttribute("height", "14"); svg.setAttribute("viewBox", "-7 -7 14 14");
    var s;
    var poly = {
      diamond: "0,-6 6,0 0,6 -6,0", triangle: "0,-6 6,5 -6,5", triangleDown: "0,6 6,-5 -6,-5",
      star: "0,-6 1.8,-1.9 5.7,-1.9 2.5,0.7 3.5,4.9 0,2.4 -3.5,4.9 -2.5,0.7 -5.7,-1.9 -1.8,-1.9",
      hexagon: "6,0 3,5.2 -3,5.2 -6,0 -3,-5.2 3,-5.2"
    }[shape];
    if (poly) { s = document.createElementNS(SVGNS, "polygon"); s.setAttribute("points", poly); }
    else if (shape === "square") {
      s = document.createElementNS(SVGNS, "rect");
      s.setAttribute("x", "-5"); s.setAttribute("y", "-5"); s.setAttribute("width", "10"); s.setAttribute("height", "10");
    } else { s = document.createElementNS(SVGNS, "circle"); s.setAttribute("r", "5.5"); }
    s.setAttribute("fill", color);
    svg.appendChild(s);
    return svg;
  }
  var classCount = classes.map(function () { return 0; });
  D.nodes.forEach(function (n) { classCount[n.c]++; });
  var predCount = preds.map(function () { return 0; });
  D.edges.forEach(function (e) { predCount[e.p]++; });
  var classBoxes = [];
  classes.forEach(function (c, i) {
    var li = el("li"), label = el("label"), box = el("input");
    box.type = "checkbox"; box.checked = true; box.dataset.cls = c.k;
    box.addEventListener("change", function () { setClassVisible(c.k, box.checked); });
    classBoxes[i] = box;
    label.appendChild(box); label.appendChild(icon(c.shape, c.color));
    label.appendChild(el("span", c.zh)); label.appendChild(el("span", classCount[i], "n"));
    li.title = c.k; li.appendChild(label); $("legend").appendChild(li);
  });
  preds.forEach(function (p, i) {
    var li = el("li"), label = el("label"), box = el("input");
    box.type = "checkbox"; box.checked = true; box.dataset.pred = p.k;
    box.addEventListener("change", function () { setPredicateVisible(p.k, box.checked); });
    label.appendChild(box); label.appendChild(el("span", p.zh)); label.appendChild(el("span", predCount[i], "n"));
    li.title = p.k; li.appendChild(label); $("predicates").appendChild(li);
  });
  function classIndex(k) { for (var i = 0; i < classes.length; i++) if (classes[i].k === k || classes[i].zh === k) return i; return -1; }
  function predIndex(k) { for (var i = 0; i < preds.length; i++) if (preds[i].k === k || preds[i].zh === k) return i; return -1; }
  function setClassVisible(k, on) {
    var i = classIndex(k); if (i < 0) return;
    if (on) delete hiddenClass[i]; else hiddenClass[i] = true;
    classBoxes[i].checked = on;
    nodeView.refresh(); updateCounts();
  }
  function setPredicateVisible(k, on) {
    var i = predIndex(k); if (i < 0) return;
    if (on) delete hiddenPred[i]; else hiddenPred[i] = true;
    document.querySelector('input[data-pred="' + preds[i].k + '"]').checked = on;
    edgeView.refresh(); updateCounts();
  }

  // -- neighbourhood highlight -------------------------------------------------------------------
  var dimmed = {};
  var DIM = { color: { background: "rgba(200,200,200,0.35)", border: "rgba(200,200,200,0.35)" },
              font: { color: "rgba(120,120,120,0.35)" } };
  function highlight(i) {
    if (D.nodes.length > DIM_MAX) { network.selectNodes([i], true); return; }  // restyling them all is too slow
    var keep = {}; keep[i] = true;
    network.getConnectedNodes(i).forEach(function (m) { keep[m] = true; });
    var upd = [];
    for (var j = 0; j < D.nodes.length; j++) {
      if (!keep[j] && !dimmed[j]) { dimmed[j] = true; upd.push({ id: j, color: DIM.color, font: DIM.font }); }
      else if (keep[j] && dimmed[j]) { delete dimmed[j]; upd.push({ id: j, color: null, font: null }); }
    }
    nodes.update(upd);
    network.selectNodes([i], true);
  }
  function clearHighlight() {
    var upd = Object.keys(dimmed).map(function (j) { return { id: +j, color: null, font: null }; });
    dimmed = {};
    if (upd.length) nodes.update(upd);
    network.unselectAll();
  }

  // -- side panel --------------------------------------------------------------------------------
  function sourceLine(ev) {
    var parts = [];
    var s = ev[0] >= 0 ? D.sources[ev[0]] : null;
    if (s) parts.push("来源 " + s[0] + (s[1] ? "《" + s[1] + "》" : ""));
    if (ev[2] !== null && ev[2] !== undefined) parts.push("置信度 " + ev[2]);
    if (ev[3]) parts.push("数量 " + ev[3]);
    return parts.join(" · ");
  }
  function entityButton(j) {
    var b = el("button", D.nodes[j].l, "link");
    b.type = "button";
    b.addEventListener("click", function () { focusNode(j); });
    return b;
  }
  function showPanel(i) {
    var n = D.nodes[i], c = classes[n.c], body = $("panel-body");
    body.textContent = "";
    body.appendChild(el("h2", n.l, "name"));
    var cls = el("div", null, "cls");
    cls.appendChild(icon(c.shape, c.color)); cls.appendChild(el("span", c.zh + " (" + c.k + ")"));
    body.appendChild(cls);
    body.appendChild(el("div", n.i, "iri"));
    if (n.a.length) {
      body.appendChild(el("h3", "别名 Aliases"));
      var ul = el("ul", null, "aliases");
      n.a.forEach(function (a) { ul.appendChild(el("li", a)); });
      body.appendChild(ul);
    }
    body.appendChild(el("h3", "关系 Relations (" + inc[i].length + ")"));
    var rel = el("ul", null, "rel");
    inc[i].slice(0, 300).forEach(function (k) {
      var e = D.edges[k], li = el("li", null, "relation");
      var line = el("div");
      if (e.f === i) { line.appendChild(el("b", n.l)); } else { line.appendChild(entityButton(e.f)); }
      line.appendChild(el("span", preds[e.p].zh, "pred"));
      if (e.t === i) { line.appendChild(el("b", n.l)); } else { line.appendChild(entityButton(e.t)); }
      li.appendChild(line);
      e.ev.forEach(function (ev) {
        if (ev[1]) li.appendChild(el("blockquote", ev[1], "sentence"));
        li.appendChild(el("div", sourceLine(ev), "meta"));
      });
      if (e.ne > e.ev.length) li.appendChild(el("div", "……共 " + e.ne + " 条来源", "meta"));
      rel.appendChild(li);
    });
    if (inc[i].length > 300) rel.appendChild(el("li", "……共 " + inc[i].length + " 条关系"));
    body.appendChild(rel);
    if (n.d.length) {
      body.appendChild(el("h3", "提及文档 Documents (" + n.nd + ")"));
      var dl = el("ul", null, "docs");
      n.d.forEach(function (d) {
        var s = D.sources[d];
        dl.appendChild(el("li", s[0] + (s[1] ? "《" + s[1] + "》" : "")));
      });
      if (n.nd > n.d.length) dl.appendChild(el("li", "……"));
      body.appendChild(dl);
    }
    $("panel").hidden = false;
    $("panel").dataset.node = String(i);
  }
  $("close").addEventListener("click", function () { $("panel").hidden = true; clearHighlight(); });

  function focusNode(i) {
    var n = D.nodes[i];
    if (hiddenClass[n.cls]) setClassVisible(classes[n.cls].k, true);
    highlight(i);
    showPanel(i);  // first: the panel narrows the canvas, then centre on the node
    network.focus(i, { scale: Math.max(network.getScale(), 1.2), animation: BIG ? false : { duration: 300 } });
  }
  network.on("click", function (p) {
    if (p.nodes.length) { highlight(p.nodes[0]); showPanel(p.nodes[0]); }
  });
  network.on("doubleClick", function (p) { if (!p.nodes.length) { clearHighlight(); $("panel").hidden = true; } });

  // -- search by any name ------------------------------------------------------------------------
  var names = D.nodes.map(function (n) {
    return [n.l].concat(n.a).map(function (s) { return s.toLowerCase(); });
  });
  function search(q) {
    q = (q || "").trim().toLowerCase();
    if (!q) return [];
    var exact = [], prefix = [], part = [];
    for (var i = 0; i < names.length; i++) {
      var ns = names[i], best = 3;
      for (var j = 0; j < ns.length; j++) {
        if (ns[j] === q) { best = 0; break; }
        if (best > 1 && ns[j].indexOf(q) === 0) best = 1;
        else if (best > 2 && ns[j].indexOf(q) > 0) best = 2;
      }
      if (best === 0) exact.push(i); else if (best === 1) prefix.push(i); else if (best === 2) part.push(i);
    }
    var byDegree = function (a, b) { return D.nodes[b].g - D.nodes[a].g; };
    return exact.sort(byDegree).concat(prefix.sort(byDegree), part.sort(byDegree)).slice(0, 20);
  }
  var box = $("search"), list = $("suggest"), hits = [], active = 0;
  function renderSuggestions() {
    list.textContent = "";
    hits.forEach(function (i, k) {
      var n = D.nodes[i], li = el("li", n.l);
      li.appendChild(el("span", classes[n.c].zh, "cls"));
      var q = box.value.trim().toLowerCase();
      var alias = n.a.filter(function (a) { return a.toLowerCase().indexOf(q) >= 0; })[0];
      if (alias && n.l.toLowerCase().indexOf(q) < 0) li.appendChild(el("span", "别名 " + alias, "alias"));
      if (k === active) li.className = "active";
      li.addEventListener("mousedown", function (ev) { ev.preventDefault(); choose(i); });
      list.appendChild(li);
    });
    list.hidden = hits.length === 0;
  }
  function choose(i) { list.hidden = true; box.value = D.nodes[i].l; focusNode(i); }
  box.addEventListener("input", function () { hits = search(box.value); active = 0; renderSuggestions(); });
  box.addEventListener("keydown", function (ev) {
    if (ev.key === "ArrowDown") { active = Math.min(active + 1, hits.length - 1); renderSuggestions(); ev.preventDefault(); }
    else if (ev.key === "ArrowUp") { active = Math.max(active - 1, 0); renderSuggestions(); ev.preventDefault(); }
    else if (ev.key === "Enter") {
      if (!hits.length) hits = search(box.value);
      if (hits.length) choose(hits[Math.max(0, Math.min(active, hits.length - 1))]);
    } else if (ev.key === "Escape") { list.hidden = true; }
  });
  box.addEventListener("blur", function () { list.hidden = true; });

  updateCounts();
  window.kgViewer = { network: network, nodes: nodes, edges: edges, nodeView: nodeView, edgeView: edgeView,
    data: D, search: search, focusNode: focusNode, setClassVisible: setClassVisible,
    setPredicateVisible: setPredicateVisible, shown: function () { return network.body.nodeIndices.length; } };
})();
