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

  var state = { hiddenTypes: new Set(), hiddenRelations: new Set(), highlight: null, selected: null };

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
  function shapeSwatch(type) {
    var t = typeOf.get(type) || { color: "#999", shape: "dot" };
    var box = svg("svg", { width: 14, height: 14, viewBox: "0 0 14 14", "aria-hidden": "true" });
    var paint = { fill: t.color, stroke: "#3d4b5c", "stroke-width": 1 };
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
    var box = svg("svg", { width: 26, height: 10, viewBox: "0 0 26 10", "aria-hidden": "true" });
    var line = svg("line", { x1: 1, y1: 5, x2: r.symmetric ? 25 : 19, y2: 5, stroke: r.color, "stroke-width": Math.max(1.5, r.width) });
    if (r.dashes) line.setAttribute("stroke-dasharray", r.dashes.join(" "));
    box.appendChild(line);
    if (!r.symmetric) box.appendChild(svg("polygon", { points: "18,1 25,5 18,9", fill: r.color }));
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

  // ------------------------------------------------------------------ the network
  // Styles shared by many items live in the options (vis parses them once): node
  // types as groups "t0", "t1"... (never the type names, which are data), and the
  // prerequisite style as the edge default. Items carry only what differs.
  var groupOf = new Map(data.types.map(function (t, i) { return [t.name, "t" + i]; }));
  function visNode(n, full) {
    var dimmed = state.highlight ? !state.highlight.has(n.id) : false;
    var opacity = dimmed ? 0.12 : (n.known ? 0.4 : 1);
    var hidden = state.hiddenTypes.has(n.type);
    var v = { id: n.id, label: n.label, x: n.x, y: n.y, group: groupOf.get(n.type) };
    if (full || opacity !== 1) v.opacity = opacity;
    if (full || dimmed || n.known) v.font = { color: dimmed ? "#c4cad1" : (n.known ? "#7d8894" : "#1d2733") };
    if (full || hidden) v.hidden = hidden;
    if (n.focus) { v.size = 17; v.borderWidth = 3; }
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
      if (r.symmetric) v.arrows = { to: { enabled: false } };
    }
    if (full || e[2] !== PREREQUISITE || dimmed) v.color = { color: r.color, highlight: r.color, hover: r.color, opacity: dimmed ? 0.08 : 0.85 };
    if (full || hidden) v.hidden = hidden;
    return v;
  }
  var nodeSet = new vis.DataSet(nodes.map(function (n) { return visNode(n, false); }));
  var edgeSet = new vis.DataSet(data.edges.map(function (e, i) { return visEdge(e, i, false); }));
  var container = document.getElementById("mynetwork");
  var network = new vis.Network(container, { nodes: nodeSet, edges: edgeSet }, data.options);
  window.network = network; // pyvis's convention: the page can be scripted and tested

  function refresh() {
    nodeSet.update(nodes.map(function (n) { return visNode(n, true); }));
    edgeSet.update(data.edges.map(function (e, i) { return visEdge(e, i, true); }));
  }

  // ------------------------------------------------------------------ header
  document.getElementById("summary").textContent = data.summary;
  document.title = data.title;

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
  network.on("hoverNode", function (p) {
    var n = byId.get(p.node);
    var meta = n.type + (n.step ? " \u00b7 step " + n.step : "") + (n.known ? " \u00b7 known" : "");
    showTooltip([el("strong", { text: n.name }), el("span", { class: "meta", text: meta }),
      n.definition ? el("div", { text: clip(n.definition, 280) }) : null].filter(Boolean), p.pointer);
  });
  network.on("hoverEdge", function (p) {
    var e = data.edges[p.edge];
    var text = nodes[e[0]].name + " " + relations[e[2]].reads + " " + nodes[e[1]].name;
    showTooltip([el("span", { text: text }), e[3] ? el("div", { class: "meta", text: clip(e[3], 280) }) : null].filter(Boolean), p.pointer);
  });
  ["blurNode", "blurEdge", "dragStart", "zoom"].forEach(function (name) { network.on(name, hideTooltip); });

  // ------------------------------------------------------------------ panel
  var panel = document.getElementById("panel");
  var panelBody = document.getElementById("panel-body");
  function conceptLink(n) {
    var button = el("button", { type: "button", class: "link", text: n.name });
    button.addEventListener("click", function () { select(n.id, true); });
    return el("li", null, [button]);
  }
  function linkList(heading, list, more, emptyText) {
    var items = list.map(conceptLink);
    if (more) items.push(el("li", { class: "note", text: more + " more not in this view" }));
    if (!items.length) items.push(el("li", { class: "note", text: emptyText }));
    return [el("h3", { text: heading }), el("ul", null, items)];
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
    if (n.definition) parts.push(el("p", { id: "panel-definition", text: n.definition }));
    if (n.source) parts.push(el("div", { class: "meta", id: "panel-source", text: "Source: " + sourceText(n) }));
    if (n.hours !== undefined) parts.push(el("div", { class: "meta", text: "Study time: " + n.hours + " h" }));
    var highlightButton = el("button", { type: "button", id: "highlight-prereqs", text: "Highlight prerequisite chain" });
    highlightButton.addEventListener("click", function () { highlightPrerequisites(n.id); });
    var clearButton = el("button", { type: "button", id: "clear-highlight", text: "Clear highlight" });
    clearButton.addEventListener("click", clearHighlight);
    parts.push(el("div", { class: "actions" }, [highlightButton, state.highlight ? clearButton : null]));
    var pre = el("section", { id: "panel-prereqs" }, linkList("Prerequisites", prereqs, n.more_prereqs, "none"));
    var dep = el("section", { id: "panel-dependents" }, linkList("Dependents", dependents, n.more_dependents, "none"));
    parts.push(pre, dep);
    if (others.length) {
      parts.push(el("h3", { text: "Other relations" }));
      parts.push(el("ul", { id: "panel-relations" }, others.map(function (o) {
        var other = o[0] || o[2];
        var button = el("button", { type: "button", class: "link", text: other.name });
        button.addEventListener("click", function () { select(other.id, true); });
        return o[0] ? el("li", null, [button, " " + o[1] + " this"]) : el("li", null, ["this " + o[1] + " ", button]);
      })));
    }
    panelBody.replaceChildren.apply(panelBody, parts);
    setPanelShown(true);
  }
  function setPanelShown(shown) {
    if (panel.hidden !== shown) return;
    panel.hidden = !shown;
    // The panel takes room from the canvas: tell vis, keeping the same centre in view.
    var centre = network.getViewPosition(), scale = network.getScale();
    network.setSize("100%", "100%");
    network.moveTo({ position: centre, scale: scale, animation: false });
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
    if (moveTo) network.focus(id, { scale: Math.max(network.getScale(), 0.9), animation: false });
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
    // Bring the whole chain into view, without zooming in further than readable.
    if (state.highlight.size > 1) {
      network.fit({ nodes: Array.from(state.highlight), animation: false });
      if (network.getScale() > 1.2) network.moveTo({ scale: 1.2, animation: false });
    }
  }
  function clearHighlight() {
    state.highlight = null;
    state.highlightRoot = null;
    refresh();
    if (state.selected) showPanel(state.selected);
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
  data.types.forEach(function (t) {
    var box = el("input", { type: "checkbox" });
    box.checked = true;
    box.addEventListener("change", function () { setTypeHidden(t.name, !box.checked); });
    typeBoxes.set(t.name, box);
    var label = el("label", { title: t.description }, [box, shapeSwatch(t.name), el("span", { class: "legend-name", text: t.name }), el("span", { class: "count", text: String(t.count) })]);
    typeList.appendChild(el("li", null, [label]));
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
  network.once("afterDrawing", function () {
    setTimeout(function () { fillSuggestions(); window.aieGraph.ready = true; }, 0);
  });

  document.getElementById("fit").addEventListener("click", function () { network.fit({ animation: false }); });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { if (state.highlight) clearHighlight(); else closePanel(); }
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
  };
})();
