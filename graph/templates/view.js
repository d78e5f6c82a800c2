// aie-graph's view: draws the graph held in #graph-data with vis-network.
// Data is text, never markup: every element is built with createElement and
// textContent; nothing from the data reaches innerHTML or an attribute that runs.
"use strict";
(function () {
  var data = JSON.parse(document.getElementById("graph-data").textContent);
  var nodes = data.nodes;
  var relations = data.relations;
  var PREREQUISITE = relations.findIndex(function (r) { return r.name === "prerequisite"; });
  var byId = new Map();
  var outEdges = nodes.map(function () { return []; });
  var inEdges = nodes.map(function () { return []; });
  nodes.forEach(function (n, i) { n.index = i; byId.set(n.id, n); });
  data.edges.forEach(function (e, i) { outEdges[e[0]].push(i); inEdges[e[1]].push(i); });
  var typeOf = new Map(data.types.map(function (t) { return [t.name, t]; }));

  // On screen, a label is read at READABLE_PX or more; vis does not draw it under
  // 8 px (options.nodes.scaling.label.drawThreshold, made in Python).
  var FONT = data.options.nodes.font.size;
  var READABLE_PX = 11.2;
  var READABLE = READABLE_PX / FONT;
  var MAX_SCALE = 1.2;
  var KNOWN_OPACITY = 0.4;
  var READY_BORDER = "#16a34a";

  var state = { hiddenTypes: new Set(), hiddenRelations: new Set(), highlight: null, selected: null, hover: null };

  // ------------------------------------------------------------------ DOM helpers
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        if (k === "text") node.textContent = attrs[k];
        else if (k === "class") node.className = attrs[k];
        else node.setAttribute(k, attrs[k]);
      });
    }
    (children || []).forEach(function (c) { if (c) node.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return node;
  }
  var SVG = "http://www.w3.org/2000/svg";
  function svg(tag, attrs) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }
  function shapeSwatch(type, extra) {
    var t = typeOf.get(type) || { color: "#999", shape: "dot" };
    var box = svg("svg", { width: 14, height: 14, viewBox: "0 0 14 14", "aria-hidden": "true" });
    var paint = { fill: t.color, stroke: "#3d4b5c", "stroke-width": 1 };
    Object.keys(extra || {}).forEach(function (k) { paint[k] = extra[k]; });
    var shape;
    var polygons = {
      diamond: "7,1 13,7 7,13 1,7",
      triangle: "7,1.5 13,12.5 1,12.5",
      triangleDown: "1,1.5 13,1.5 7,12.5",
      hexagon: "3.5,1 10.5,1 13.5,7 10.5,13 3.5,13 0.5,7",
      star: "7,0.8 8.8,5 13.3,5.3 9.8,8.3 10.9,12.8 7,10.4 3.1,12.8 4.2,8.3 0.7,5.3 5.2,5",
    };
    if (t.shape === "square") shape = svg("rect", { x: 1.5, y: 1.5, width: 11, height: 11 });
    else if (polygons[t.shape]) shape = svg("polygon", { points: polygons[t.shape] });
    else shape = svg("circle", { cx: 7, cy: 7, r: 5.5 });
    Object.keys(paint).forEach(function (k) { shape.setAttribute(k, paint[k]); });
    box.appendChild(shape);
    return box;
  }
  function lineSwatch(r) {
    var box = svg("svg", { width: 30, height: 10, viewBox: "0 0 30 10", "aria-hidden": "true" });
    var end = r.arrow ? 21 : 29;
    var line = svg("line", { x1: 1, y1: 5, x2: end, y2: 5, stroke: r.color, "stroke-width": Math.max(1.5, r.width) });
    if (r.dashes) line.setAttribute("stroke-dasharray", r.dashes.join(" "));
    box.appendChild(line);
    var heads = {
      arrow: ["polygon", { points: "20,1 29,5 20,9", fill: r.color }],
      vee: ["polyline", { points: "21,1 29,5 21,9", fill: "none", stroke: r.color, "stroke-width": 1.6 }],
      diamond: ["polygon", { points: "20,5 24.5,1.5 29,5 24.5,8.5", fill: r.color }],
      circle: ["circle", { cx: 25, cy: 5, r: 3.5, fill: r.color }],
      bar: ["line", { x1: 28, y1: 0.5, x2: 28, y2: 9.5, stroke: r.color, "stroke-width": 2 }],
    };
    if (r.arrow && heads[r.arrow]) box.appendChild(svg(heads[r.arrow][0], heads[r.arrow][1]));
    return box;
  }
  function sourceText(n) {
    if (!n.source) return "";
    var parts = [];
    if (n.source.chapter !== undefined) parts.push(n.source.chapter === 0 ? "Preface" : "Chapter " + n.source.chapter);
    if (n.source.section !== undefined) parts.push("\u201c" + n.source.section + "\u201d");
    return parts.join(", ");
  }
  function normalize(text) { return String(text).replace(/[\s\-_]+/g, "").toLowerCase(); }
  function plural(count, word) { return count + " " + word + (count === 1 ? "" : "s"); }

  // ------------------------------------------------------------------ what the learner knows
  // The rule of `aie-graph next`: knowing a concept implies knowing its prerequisites;
  // a concept not known whose direct prerequisites are all known is ready. A partial
  // view carries the rest of the prerequisite graph (data.outside, outside_prereqs)
  // so the rule sees every prerequisite. Points 0..n-1 are the nodes, then the outside ids.
  var outside = data.outside || [];
  var pointCount = nodes.length + outside.length;
  var pointId = function (i) { return i < nodes.length ? nodes[i].id : outside[i - nodes.length]; };
  var pointOf = new Map();
  for (var p = 0; p < pointCount; p++) pointOf.set(pointId(p), p);
  var prereqsOf = [];
  for (var q = 0; q < pointCount; q++) prereqsOf.push([]);
  data.edges.forEach(function (e) { if (e[2] === PREREQUISITE && e[0] !== e[1]) prereqsOf[e[1]].push(e[0]); });
  (data.outside_prereqs || []).forEach(function (pair) { if (pair[0] !== pair[1]) prereqsOf[pair[1]].push(pair[0]); });

  // Marks: the progress file's (data.known), plus the page's own, kept in the browser
  // under data.progress_key as {"known": [...], "unknown": [...]} ("unknown": marks of
  // the file the learner took back in the page). Ids of other views of the same graph
  // stay in storage untouched.
  var storage = null;
  var stored = { known: [], unknown: [] };
  try {
    storage = window.localStorage;
    var raw = storage.getItem(data.progress_key);
    if (raw) {
      var parsed = JSON.parse(raw);
      if (parsed && Array.isArray(parsed.known)) stored.known = parsed.known.filter(function (x) { return typeof x === "string"; });
      if (parsed && Array.isArray(parsed.unknown)) stored.unknown = parsed.unknown.filter(function (x) { return typeof x === "string"; });
    }
  } catch (err) {
    // A sandboxed frame (a notebook's) has no storage: marks last for the page's life.
    storage = null;
  }
  var fileKnown = new Set(data.known);
  var pageKnown = new Set(stored.known);
  var pageUnknown = new Set(stored.unknown);
  function marks() {
    var out = new Set();
    fileKnown.forEach(function (id) { if (!pageUnknown.has(id)) out.add(id); });
    pageKnown.forEach(function (id) { out.add(id); });
    return out;
  }
  function save() {
    if (!storage) return;
    try {
      storage.setItem(data.progress_key, JSON.stringify({ known: Array.from(pageKnown).sort(), unknown: Array.from(pageUnknown).sort() }));
    } catch (err) { /* storage full or refused: the marks still hold for this page */ }
  }
  var progress = { marked: new Set(), known: new Set(), ready: new Set() };
  function computeProgress() {
    var marked = marks();
    var known = new Set();
    var stack = [];
    marked.forEach(function (id) { if (pointOf.has(id)) stack.push(pointOf.get(id)); });
    while (stack.length) {
      var i = stack.pop();
      if (known.has(i)) continue;
      known.add(i);
      prereqsOf[i].forEach(function (j) { if (!known.has(j)) stack.push(j); });
    }
    var ready = new Set();
    for (var k = 0; k < nodes.length; k++) {
      if (!known.has(k) && prereqsOf[k].every(function (j) { return known.has(j); })) ready.add(k);
    }
    return { marked: marked, known: known, ready: ready };
  }
  function isKnown(n) { return progress.known.has(n.index); }
  function progressText() {
    var known = 0, ready = 0;
    nodes.forEach(function (n) { if (isKnown(n)) known++; else if (isReady(n)) ready++; });
    return known + " known \u00b7 " + ready + " ready to learn";
  }
  function isReady(n) { return progress.ready.has(n.index); }

  // ------------------------------------------------------------------ the network
  // Styles shared by many items live in the options (vis parses them once): node
  // types as groups "t0", "t1"... (never the type names, which are data), and the
  // prerequisite style as the edge default. Items carry only what differs.
  var groupOf = new Map(data.types.map(function (t, i) { return [t.name, "t" + i]; }));
  function visNode(n, full) {
    var dimmed = state.highlight ? !state.highlight.has(n.id) : false;
    var known = isKnown(n), ready = isReady(n);
    var opacity = dimmed ? 0.12 : (known ? KNOWN_OPACITY : 1);
    var hidden = state.hiddenTypes.has(n.type);
    var v = { id: n.id, label: n.label, x: n.x, y: n.y, group: groupOf.get(n.type) };
    if (full || opacity !== 1) v.opacity = opacity;
    if (full || dimmed || known) v.font = { color: dimmed ? "#c4cad1" : (known ? "#7d8894" : "#1d2733") };
    if (full || hidden) v.hidden = hidden;
    if (ready && !dimmed) {
      var fill = typeOf.get(n.type).color;
      v.borderWidth = 3.5;
      v.color = { background: fill, border: READY_BORDER, highlight: { background: fill, border: READY_BORDER }, hover: { background: fill, border: READY_BORDER } };
    } else if (full) {
      var colour = typeOf.get(n.type).color;
      v.borderWidth = n.focus ? 3 : 1.5;
      v.color = { background: colour, border: "#3d4b5c", highlight: { background: colour, border: "#0b1a2a" }, hover: { background: colour, border: "#0b1a2a" } };
    }
    if (n.focus) { v.size = 17; if (!ready || dimmed) v.borderWidth = 3; }
    return v;
  }
  function visEdge(e, i, full) {
    var r = relations[e[2]];
    var dimmed = state.highlight ? !(e[2] === PREREQUISITE && state.highlight.has(nodes[e[0]].id) && state.highlight.has(nodes[e[1]].id)) : false;
    var hidden = state.hiddenRelations.has(e[2]);
    var v = { id: i, from: nodes[e[0]].id, to: nodes[e[1]].id };
    if (e[2] !== PREREQUISITE) {
      v.width = r.width;
      v.dashes = r.dashes;
      v.arrows = r.arrow ? { to: { enabled: true, type: r.arrow } } : { to: { enabled: false } };
    }
    if (full || e[2] !== PREREQUISITE || dimmed) v.color = { color: r.color, highlight: r.color, hover: r.color, opacity: dimmed ? 0.08 : (e[2] === PREREQUISITE ? 0.8 : 0.6) };
    if (full || hidden) v.hidden = hidden;
    return v;
  }

  progress = computeProgress();
  // The header is filled before the network measures its container.
  document.getElementById("summary").textContent = data.summary;
  document.title = data.title;
  var progressSummary = document.getElementById("progress-summary");
  progressSummary.textContent = progressText();
  var storageNote = document.getElementById("storage-note");
  if (!storage) {
    storageNote.hidden = false;
    storageNote.textContent = "Marks last while this page is open: this frame allows no storage or downloads.";
  }
  var legend = document.getElementById("legend");
  var legendToggle = document.getElementById("legend-toggle");
  // The legend is a column beside the graph: open where the window leaves the graph
  // room enough, collapsed otherwise (a notebook's frame, a small window).
  var legendOpen = window.innerWidth >= 1200;
  legend.hidden = !legendOpen;
  legendToggle.setAttribute("aria-expanded", String(legendOpen));

  var nodeSet = new vis.DataSet(nodes.map(function (n) { return visNode(n, false); }));
  var edgeSet = new vis.DataSet(data.edges.map(function (e, i) { return visEdge(e, i, false); }));
  var container = document.getElementById("mynetwork");
  var network = new vis.Network(container, { nodes: nodeSet, edges: edgeSet }, data.options);
  window.network = network; // pyvis's convention: the page can be scripted and tested

  function refresh() {
    nodeSet.update(nodes.map(function (n) { return visNode(n, true); }));
    edgeSet.update(data.edges.map(function (e, i) { return visEdge(e, i, true); }));
  }
  function updateProgress() {
    var before = progress;
    progress = computeProgress();
    var changed = nodes.filter(function (n) {
      return before.known.has(n.index) !== progress.known.has(n.index) || before.ready.has(n.index) !== progress.ready.has(n.index);
    });
    if (changed.length) nodeSet.update(changed.map(function (n) { return visNode(n, true); }));
    showProgress();
    if (state.selected) showPanel(state.selected);
  }

  // ------------------------------------------------------------------ where the view opens
  // Node positions as data (the layout's), with room for the label below each node.
  var LABEL_HALF_WIDTH = 80, LABEL_BELOW = 48, ABOVE = 16, MARGIN = 24;
  function extent(list) {
    var b = { minX: Infinity, maxX: -Infinity, minY: Infinity, maxY: -Infinity };
    list.forEach(function (n) {
      b.minX = Math.min(b.minX, n.x - LABEL_HALF_WIDTH); b.maxX = Math.max(b.maxX, n.x + LABEL_HALF_WIDTH);
      b.minY = Math.min(b.minY, n.y - ABOVE); b.maxY = Math.max(b.maxY, n.y + LABEL_BELOW);
    });
    return b;
  }
  // Shows `list`: whole, if it fits at a readable scale; otherwise at a readable scale,
  // from its left end (where study starts) or centred on `anchor`, at the height
  // where the most of `list` is in view.
  function showNodes(list, anchor) {
    list = list.filter(function (n) { return !state.hiddenTypes.has(n.type); });
    if (!list.length) return;
    var width = container.clientWidth, height = container.clientHeight;
    var b = extent(list);
    var fit = Math.min((width - 2 * MARGIN) / (b.maxX - b.minX), (height - 2 * MARGIN) / (b.maxY - b.minY));
    var scale, x, y;
    if (fit >= READABLE) {
      scale = Math.min(fit, MAX_SCALE);
      x = (b.minX + b.maxX) / 2;
      y = (b.minY + b.maxY) / 2;
    } else {
      scale = READABLE;
      var viewWidth = width / scale, viewHeight = height / scale;
      if (anchor) {
        x = anchor.x;
      } else {
        x = b.minX - MARGIN / scale + viewWidth / 2;
      }
      var left = x - viewWidth / 2 + LABEL_HALF_WIDTH, right = x + viewWidth / 2 - LABEL_HALF_WIDTH;
      var ys = list.filter(function (n) { return n.x >= left && n.x <= right; }).map(function (n) { return n.y; }).sort(function (a, c) { return a - c; });
      var span = viewHeight - (ABOVE + LABEL_BELOW) - 2 * MARGIN / scale;
      if (anchor) {
        // centred on the anchor, unless that leaves room unused at an end
        y = anchor.y;
      } else if (ys.length) {
        var best = 0, bestAt = 0;
        for (var i = 0, j = 0; i < ys.length; i++) {
          while (ys[i] - ys[j] > span) j++;
          if (i - j + 1 > best) { best = i - j + 1; bestAt = j; }
        }
        var top = ys[bestAt], bottom = ys[bestAt + best - 1];
        y = (top + bottom) / 2 + (LABEL_BELOW - ABOVE) / 2;
      } else {
        y = (b.minY + b.maxY) / 2;
      }
    }
    network.moveTo({ position: { x: x, y: y }, scale: scale, animation: false });
    return fit >= READABLE; // all of it in view
  }
  function firstSight() {
    var anchor = null;
    if (data.mode !== "all" && data.mode !== "curriculum" && data.focus.length) anchor = byId.get(data.focus[0]);
    return showNodes(nodes, anchor);
  }

  // Resizing the canvas (a column opens or closes beside it) keeps every concept where
  // it was on the screen.
  function resizeKeepingPlace(change) {
    var before = container.getBoundingClientRect();
    var scale = network.getScale();
    var topLeft = network.DOMtoCanvas({ x: 0, y: 0 });
    change();
    network.setSize("100%", "100%");
    var after = container.getBoundingClientRect();
    var x0 = topLeft.x + (after.left - before.left) / scale, y0 = topLeft.y + (after.top - before.top) / scale;
    network.moveTo({ position: { x: x0 + after.width / 2 / scale, y: y0 + after.height / 2 / scale }, scale: scale, animation: false });
  }


  // ------------------------------------------------------------------ hover: the neighbourhood
  // The hovered concept, its direct prerequisites and dependents stay; the rest fade
  // under a veil drawn after each frame, the neighbourhood drawn again on top: as
  // cheap for 10,000 concepts as for 10.
  function neighbourhood(id) {
    var n = byId.get(id);
    var ids = new Set([id]), edgeIds = [];
    inEdges[n.index].concat(outEdges[n.index]).forEach(function (k) {
      var e = data.edges[k];
      if (e[2] !== PREREQUISITE) return;
      ids.add(nodes[e[0]].id); ids.add(nodes[e[1]].id);
      edgeIds.push(k);
    });
    return { id: id, ids: ids, edges: edgeIds };
  }
  network.on("afterDrawing", function (ctx) {
    if (!state.hover) return;
    var topLeft = network.DOMtoCanvas({ x: 0, y: 0 });
    var bottomRight = network.DOMtoCanvas({ x: container.clientWidth, y: container.clientHeight });
    ctx.save();
    ctx.fillStyle = "rgba(251, 252, 253, 0.82)";
    ctx.fillRect(topLeft.x, topLeft.y, bottomRight.x - topLeft.x, bottomRight.y - topLeft.y);
    ctx.restore();
    state.hover.edges.forEach(function (k) {
      var edge = network.body.edges[k];
      if (edge && !edge.options.hidden) { edge.draw(ctx); edge.drawArrows(ctx); }
    });
    state.hover.ids.forEach(function (id) {
      var node = network.body.nodes[id];
      if (node && !node.options.hidden) node.draw(ctx);
    });
  });
  function setHover(id) {
    state.hover = id === null ? null : neighbourhood(id);
    network.redraw();
  }

  // ------------------------------------------------------------------ tooltip
  var tooltip = document.getElementById("tooltip");
  function showTooltip(children, pointer) {
    tooltip.replaceChildren.apply(tooltip, children);
    tooltip.hidden = false;
    var x = pointer.DOM.x + 14, y = pointer.DOM.y + 14;
    var w = tooltip.offsetWidth, h = tooltip.offsetHeight;
    if (x + w > container.clientWidth) x = Math.max(0, pointer.DOM.x - w - 10);
    if (y + h > container.clientHeight) y = Math.max(0, pointer.DOM.y - h - 10);
    tooltip.style.left = x + "px";
    tooltip.style.top = y + "px";
  }
  function hideTooltip() { tooltip.hidden = true; }
  function clip(text, size) { return text.length > size ? text.slice(0, size - 1) + "\u2026" : text; }
  function statusWord(n) {
    if (progress.marked.has(n.id)) return "known";
    if (isKnown(n)) return "known (implied)";
    if (isReady(n)) return "ready to learn";
    return "";
  }
  network.on("hoverNode", function (p) {
    var n = byId.get(p.node);
    var status = statusWord(n);
    var meta = n.type + (n.step ? " \u00b7 step " + n.step : "") + (status ? " \u00b7 " + status : "");
    showTooltip([el("strong", { text: n.name }), el("span", { class: "meta", text: meta }),
      n.definition ? el("div", { text: clip(n.definition, 280) }) : null].filter(Boolean), p.pointer);
    setHover(p.node);
  });
  network.on("blurNode", function () { hideTooltip(); setHover(null); });
  // Leaving the canvas at once from a node gives no blurNode: clear it here too.
  container.addEventListener("pointerleave", function () { hideTooltip(); if (state.hover) setHover(null); });
  network.on("hoverEdge", function (p) {
    var e = data.edges[p.edge];
    var text = nodes[e[0]].name + " " + relations[e[2]].reads + " " + nodes[e[1]].name;
    showTooltip([el("span", { text: text }), e[3] ? el("div", { class: "meta", text: clip(e[3], 280) }) : null].filter(Boolean), p.pointer);
  });
  ["blurEdge", "dragStart", "zoom"].forEach(function (name) { network.on(name, hideTooltip); });

  // ------------------------------------------------------------------ panel
  var panel = document.getElementById("panel");
  var panelBody = document.getElementById("panel-body");
  function conceptLink(n) {
    var button = el("button", { type: "button", class: "link", text: n.name });
    button.addEventListener("click", function () { select(n.id, true); });
    return button;
  }
  function shellWord(text) {
    return /^[A-Za-z0-9._\/:=@%+-]+$/.test(text) ? text : "'" + String(text).replace(/'/g, "'\\''") + "'";
  }
  function viewCommand(n, mode) {
    var parts = ["aie-graph"];
    if (data.data_file) parts.push("--data", shellWord(data.data_file));
    parts.push("view", shellWord(n.id), "--" + mode, "-o", shellWord(n.id + "-" + mode + ".html"), "--open");
    return parts.join(" ");
  }
  // "N more not in this view": a link that shows the command writing the view that
  // has them (a page cannot write files), and copies it where the browser allows.
  function moreLink(n, count, mode) {
    var text = count + " more not in this view";
    var button = el("button", { type: "button", class: "link more-link", text: text, "aria-expanded": "false" });
    var box = el("div", { class: "command", hidden: "" }, [
      el("code", { text: viewCommand(n, mode) }),
      el("div", { class: "hint", text: "Run this to write and open the view with them." }),
    ]);
    button.addEventListener("click", function () {
      box.hidden = !box.hidden;
      button.setAttribute("aria-expanded", String(!box.hidden));
      if (box.hidden) return;
      var code = box.querySelector("code");
      var hint = box.querySelector(".hint");
      var range = document.createRange();
      range.selectNodeContents(code);
      var selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      var copied = function () { hint.textContent = "Copied. Run it to write and open the view with them."; };
      var manual = function () { hint.textContent = "Selected: copy it (Ctrl+C or \u2318C) and run it to write and open the view with them."; };
      try {
        if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(code.textContent).then(copied, manual);
        else manual();
      } catch (err) { manual(); }
    });
    return [el("li", { class: "note" }, [button]), box];
  }
  function linkList(heading, list, n, more, mode, emptyText) {
    var items = list.map(function (m) { return el("li", null, [conceptLink(m)]); });
    var extra = more ? moreLink(n, more, mode) : [];
    if (extra.length) items.push(extra[0]);
    if (!items.length) items.push(el("li", { class: "note", text: emptyText }));
    return [el("h3", { text: heading }), el("ul", null, items), extra[1] || null].filter(Boolean);
  }
  function progressBox(n) {
    var box = el("div", { id: "panel-progress" });
    var button = el("button", { type: "button", id: "know-toggle" });
    var marked = progress.marked.has(n.id);
    var implied = !marked && isKnown(n);
    var text;
    if (marked) {
      box.className = "known";
      text = "You know this.";
      button.textContent = "I don\u2019t know this yet";
    } else if (implied) {
      box.className = "known";
      text = "Known: a prerequisite of something you know.";
      button.textContent = "I know this";
    } else if (isReady(n)) {
      box.className = "ready";
      text = "Ready to learn: you know all its prerequisites.";
      button.textContent = "I know this";
    } else {
      var missing = prereqsOf[n.index].filter(function (j) { return !progress.known.has(j); }).length;
      text = "Needs " + plural(missing, "prerequisite") + " you have not marked known.";
      button.textContent = "I know this";
    }
    button.addEventListener("click", function () { setKnown(n.id, !marked); });
    box.appendChild(el("div", { id: "panel-status", text: text }));
    box.appendChild(el("div", { class: "actions" }, [button]));
    return box;
  }
  function showPanel(id) {
    var n = byId.get(id);
    var prereqs = [], dependents = [], others = [];
    inEdges[n.index].forEach(function (i) {
      var e = data.edges[i];
      if (e[2] === PREREQUISITE) { if (e[0] !== n.index) prereqs.push(nodes[e[0]]); }
      else others.push([nodes[e[0]], relations[e[2]].reads, null]);
    });
    outEdges[n.index].forEach(function (i) {
      var e = data.edges[i];
      if (e[2] === PREREQUISITE) { if (e[1] !== n.index) dependents.push(nodes[e[1]]); }
      else others.push([null, relations[e[2]].reads, nodes[e[1]]]);
    });
    var type = el("span", { class: "type-badge" }, [shapeSwatch(n.type), el("span", { class: "type-name", text: n.type })]);
    var parts = [el("h2", { id: "panel-name", text: n.name }), el("div", { class: "meta" }, [type])];
    var status = n.step ? "Step " + n.step + " of the study plan" : (n.known ? "Known: left out of the plan" : "");
    if (status) parts.push(el("div", { class: "meta", id: "panel-step", text: status }));
    parts.push(el("div", { class: "meta", id: "panel-id", text: "id: " + n.id }));
    if (n.aliases) parts.push(el("div", { class: "meta", id: "panel-aliases", text: "Also: " + n.aliases.join(", ") }));
    parts.push(progressBox(n));
    if (n.definition) parts.push(el("p", { id: "panel-definition", text: n.definition }));
    if (n.source) parts.push(el("div", { class: "meta", id: "panel-source", text: "Source: " + sourceText(n) }));
    if (n.hours !== undefined) parts.push(el("div", { class: "meta", text: "Study time: " + n.hours + " h" }));
    var highlightButton = el("button", { type: "button", id: "highlight-prereqs", text: "Highlight prerequisite chain" });
    highlightButton.addEventListener("click", function () { highlightPrerequisites(n.id); });
    var clearButton = el("button", { type: "button", id: "clear-highlight", text: "Clear highlight" });
    clearButton.addEventListener("click", clearHighlight);
    parts.push(el("div", { class: "actions" }, [highlightButton, state.highlight ? clearButton : null]));
    var pre = el("section", { id: "panel-prereqs" }, linkList("Prerequisites", prereqs, n, n.more_prereqs, "prereqs", "none"));
    var dep = el("section", { id: "panel-dependents" }, linkList("Dependents", dependents, n, n.more_dependents, "dependents", "none"));
    parts.push(pre, dep);
    if (others.length) {
      parts.push(el("h3", { text: "Other relations" }));
      parts.push(el("ul", { id: "panel-relations" }, others.map(function (o) {
        var other = o[0] || o[2];
        var button = conceptLink(other);
        return o[0] ? el("li", null, [button, " " + o[1] + " this"]) : el("li", null, ["this " + o[1] + " ", button]);
      })));
    }
    panelBody.replaceChildren.apply(panelBody, parts);
    setPanelShown(true);
  }
  function setPanelShown(shown) {
    if (panel.hidden !== shown) return;
    resizeKeepingPlace(function () { panel.hidden = !shown; });
  }
  function closePanel() {
    setPanelShown(false);
    state.selected = null;
    network.unselectAll();
  }
  document.getElementById("panel-close").addEventListener("click", closePanel);

  function select(id, moveTo) {
    var n = byId.get(id);
    if (!n) return false;
    if (state.hiddenTypes.has(n.type)) setTypeHidden(n.type, false);
    state.selected = id;
    network.selectNodes([id]);
    showPanel(id);
    if (moveTo) network.focus(id, { scale: Math.max(network.getScale(), READABLE), animation: false });
    return true;
  }
  network.on("click", function (p) {
    hideTooltip();
    if (p.nodes.length) select(p.nodes[0], false);
  });

  // ------------------------------------------------------------------ prerequisite highlight
  function prerequisiteClosure(id) {
    var seen = new Set([id]);
    var stack = [byId.get(id).index];
    while (stack.length) {
      var i = stack.pop();
      inEdges[i].forEach(function (k) {
        var e = data.edges[k];
        if (e[2] === PREREQUISITE && !seen.has(nodes[e[0]].id)) { seen.add(nodes[e[0]].id); stack.push(e[0]); }
      });
    }
    return seen;
  }
  function highlightPrerequisites(id) {
    state.highlight = prerequisiteClosure(id);
    state.highlightRoot = id;
    refresh();
    if (state.selected) showPanel(state.selected);
    // The whole chain if it fits readably, else readably from its start.
    if (state.highlight.size > 1) showNodes(Array.from(state.highlight).map(function (c) { return byId.get(c); }), null);
  }
  function clearHighlight() {
    state.highlight = null;
    state.highlightRoot = null;
    refresh();
    if (state.selected) showPanel(state.selected);
  }

  // ------------------------------------------------------------------ marks
  function setKnown(id, known) {
    if (known) { pageKnown.add(id); pageUnknown.delete(id); }
    else { pageKnown.delete(id); if (fileKnown.has(id)) pageUnknown.add(id); }
    save();
    updateProgress();
  }
  function knownList() {
    var ids = Array.from(progress.marked);
    var order = new Map();
    data.book_order.forEach(function (i, k) { order.set(nodes[i].id, k); });
    ids.sort(function (a, b) {
      var x = order.has(a) ? order.get(a) : Infinity, y = order.has(b) ? order.get(b) : Infinity;
      return x - y || (a < b ? -1 : a > b ? 1 : 0);
    });
    return ids;
  }
  function knownText() {
    return "# Concepts you know, one id per line. Record them with: aie-graph learned --from-file FILE\n" +
      knownList().map(function (id) { return id + "\n"; }).join("");
  }
  function downloadKnown() {
    var url = URL.createObjectURL(new Blob([knownText()], { type: "text/plain" }));
    var link = el("a", { href: url, download: "known.txt" });
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }
  document.getElementById("download-known").addEventListener("click", downloadKnown);
  document.getElementById("clear-marks").addEventListener("click", function () {
    pageKnown.clear();
    pageUnknown.clear();
    save();
    updateProgress();
  });
  var knownTextBox = document.getElementById("known-text");
  var progressNote = document.getElementById("progress-note");
  if (storage) {
    progressNote.replaceChildren("Marks made here are kept in this browser for every view of this graph. " +
      "To record them in your progress file: download the list, then run ",
      el("code", { text: "aie-graph learned --from-file known.txt" }), ".");
  } else {
    document.getElementById("download-known").hidden = true;
    knownTextBox.hidden = false;
    progressNote.replaceChildren("Marks last while this page is open: this frame allows no storage or downloads. " +
      "To keep them, copy the list below into a file and run ",
      el("code", { text: "aie-graph learned --from-file FILE" }), ".");
  }
  var marksList = document.getElementById("legend-marks");
  var readyNext = document.getElementById("ready-next");
  function markSwatch(kind) {
    var box = svg("svg", { width: 14, height: 14, viewBox: "0 0 14 14", "aria-hidden": "true" });
    box.appendChild(kind === "ready"
      ? svg("circle", { cx: 7, cy: 7, r: 5, fill: "#ffffff", stroke: READY_BORDER, "stroke-width": 2.5 })
      : svg("circle", { cx: 7, cy: 7, r: 5.5, fill: "#8fa3b8", stroke: "#3d4b5c", "stroke-width": 1, opacity: KNOWN_OPACITY }));
    return box;
  }
  function showProgress() {
    var known = 0, ready = 0;
    nodes.forEach(function (n) { if (isKnown(n)) known++; else if (isReady(n)) ready++; });
    progressSummary.textContent = progressText();
    marksList.replaceChildren(
      el("li", null, [el("label", null, [markSwatch("ready"), el("span", { text: "ready to learn" }), el("span", { class: "count", text: String(ready) })])]),
      el("li", null, [el("label", null, [markSwatch("known"), el("span", { text: "known (dimmed)" }), el("span", { class: "count", text: String(known) })])])
    );
    var list = data.book_order.map(function (i) { return nodes[i]; }).filter(isReady);
    var shown = list.slice(0, 8).map(function (n) { return el("li", null, [conceptLink(n)]); });
    if (list.length > shown.length) shown.push(el("li", { class: "note", text: "and " + (list.length - shown.length) + " more" }));
    readyNext.replaceChildren.apply(readyNext, list.length ? [el("strong", { text: "Learn next" }), el("ul", null, shown)] : []);
    if (!storage) knownTextBox.value = knownText();
  }

  // ------------------------------------------------------------------ legend and filters
  function setTypeHidden(type, hidden) {
    if (hidden) state.hiddenTypes.add(type); else state.hiddenTypes.delete(type);
    var box = typeBoxes.get(type);
    if (box) box.checked = !hidden;
    refresh();
  }
  var typeBoxes = new Map();
  var typeList = document.getElementById("legend-types");
  data.families.forEach(function (family) {
    var items = family.types.map(function (k) {
      var t = data.types[k];
      var box = el("input", { type: "checkbox" });
      box.checked = true;
      box.addEventListener("change", function () { setTypeHidden(t.name, !box.checked); });
      typeBoxes.set(t.name, box);
      var label = el("label", { title: t.description }, [box, shapeSwatch(t.name), el("span", { class: "legend-name", text: t.name }), el("span", { class: "count", text: String(t.count) })]);
      return el("li", { class: "type" }, [label]);
    });
    var swatch = el("span", { class: "family-swatch" });
    swatch.style.background = family.color;
    typeList.appendChild(el("li", { class: "family" }, [el("h3", null, [swatch, el("span", { text: family.name })]), el("ul", null, items)]));
  });
  var relationList = document.getElementById("legend-relations");
  relations.forEach(function (r, index) {
    if (!r.count) return;
    var box = el("input", { type: "checkbox" });
    box.checked = true;
    box.addEventListener("change", function () {
      if (box.checked) state.hiddenRelations.delete(index); else state.hiddenRelations.add(index);
      refresh();
    });
    var label = el("label", { title: "source " + r.reads + " target" }, [box, lineSwatch(r), el("span", { class: "legend-name", text: r.reads }), el("span", { class: "count", text: String(r.count) })]);
    relationList.appendChild(el("li", null, [label]));
  });
  function setLegendShown(shown) {
    if (legend.hidden !== shown) return;
    resizeKeepingPlace(function () { legend.hidden = !shown; });
    legendToggle.setAttribute("aria-expanded", String(shown));
  }
  legendToggle.addEventListener("click", function () { setLegendShown(legend.hidden); });

  // ------------------------------------------------------------------ search
  var searchIndex = new Map();
  nodes.forEach(function (n) {
    [n.name, n.id].concat(n.aliases || []).forEach(function (text) {
      var key = normalize(text);
      if (key && !searchIndex.has(key)) searchIndex.set(key, n.id);
    });
  });
  function find(text) {
    var key = normalize(text);
    if (!key) return null;
    if (searchIndex.has(key)) return searchIndex.get(key);
    var found = null;
    searchIndex.forEach(function (id, k) { if (found === null && k.startsWith(key)) found = id; });
    if (found === null) searchIndex.forEach(function (id, k) { if (found === null && k.includes(key)) found = id; });
    return found;
  }
  var searchBox = document.getElementById("search");
  var searchStatus = document.getElementById("search-status");
  function search(text) {
    var id = find(text);
    searchStatus.textContent = id === null ? "No concept matches \u201c" + text + "\u201d" : "";
    if (id !== null) select(id, true);
    return id;
  }
  document.getElementById("search-form").addEventListener("submit", function (event) {
    event.preventDefault();
    search(searchBox.value);
  });
  searchBox.addEventListener("change", function () { if (searchBox.value) search(searchBox.value); });
  function fillSuggestions() {
    // After the first frame: suggestions are not needed to see the graph.
    var list = document.getElementById("search-names");
    var seen = new Set();
    var fragment = document.createDocumentFragment();
    nodes.forEach(function (n) {
      [n.name].concat(n.aliases || []).forEach(function (text) {
        if (seen.has(text)) return;
        seen.add(text);
        var option = document.createElement("option");
        option.value = text;
        if (text !== n.name) option.label = n.name;
        fragment.appendChild(option);
      });
    });
    list.appendChild(fragment);
  }

  document.getElementById("fit").addEventListener("click", function () { network.fit({ animation: false }); });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    if (state.highlight) clearHighlight(); else closePanel();
  });

  showProgress();
  network.setSize("100%", "100%"); // the legend's lists are in: measure again
  // When only the start is in view, the header says how to see the rest, until the
  // learner moves the view. (The header's height does not change: the hint is set
  // before the network is measured again.)
  var viewHint = document.getElementById("view-hint");
  viewHint.hidden = false;
  network.setSize("100%", "100%");
  if (firstSight()) {
    viewHint.hidden = true;
    network.setSize("100%", "100%");
    firstSight();
  }
  function hideHint() {
    if (!viewHint.hidden) resizeKeepingPlace(function () { viewHint.hidden = true; });
  }
  ["dragEnd", "zoom"].forEach(function (name) { network.on(name, hideHint); });
  network.once("afterDrawing", function () {
    setTimeout(function () { fillSuggestions(); window.aieGraph.ready = true; }, 0);
  });

  // For scripts and tests, beside the global `network`.
  window.aieGraph = {
    ready: false, // true once the first frame is drawn and the search suggestions are in
    data: data,
    select: function (id) { return select(id, true); },
    search: search,
    highlightPrerequisites: highlightPrerequisites,
    clearHighlight: clearHighlight,
    highlighted: function () { return state.highlight ? Array.from(state.highlight) : null; },
    setTypeHidden: setTypeHidden,
    setKnown: setKnown,
    known: function () { return nodes.filter(isKnown).map(function (n) { return n.id; }); },
    marked: knownList,
    readyToLearn: function () { return nodes.filter(isReady).map(function (n) { return n.id; }); },
    knownText: knownText,
    hovered: function () { return state.hover ? Array.from(state.hover.ids) : null; },
    hover: function (id) { setHover(id); },
    firstSight: firstSight,
    showLegend: setLegendShown,
    hasStorage: storage !== null,
    readableScale: READABLE,
  };
})();
