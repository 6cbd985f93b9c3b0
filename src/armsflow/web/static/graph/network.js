// The network view at /graph (templates/graph/index.html): cytoscape.js, expand on click, filters.
(function () {
  "use strict";
  const text = JSON.parse(document.getElementById("graph-text").textContent);
  const colours = JSON.parse(document.getElementById("graph-colours").textContent);
  const box = document.getElementById("cy");
  const counter = document.getElementById("graph-count");
  const panel = document.getElementById("graph-panel");
  const slider = document.getElementById("graph-until");
  const sliderLabel = document.getElementById("graph-until-label");
  const since = document.getElementById("graph-since");
  const reasonBox = document.getElementById("graph-reason");
  const DAY = 86400000;
  const expanded = new Set();

  const cy = cytoscape({
    container: box, minZoom: 0.1, maxZoom: 4,
    style: [
      {selector: "node", style: {"label": "data(label)", "font-size": 9, "text-wrap": "ellipsis",
        "text-max-width": 110, "width": 18, "height": 18, "background-color": "data(colour)",
        "border-width": 1, "border-color": "#444"}},
      {selector: "node.focus", style: {"border-width": 4, "border-color": "#e63946"}},
      {selector: "node.expanded", style: {"shape": "round-rectangle"}},
      {selector: "node:selected", style: {"border-width": 4, "border-color": "#ffb703"}},
      {selector: "edge", style: {"width": 1.2, "line-color": "#9aa5b1", "curve-style": "bezier",
        "label": "data(label)", "font-size": 7, "color": "#5b6570"}},
      {selector: ".hidden", style: {"display": "none"}}
    ]
  });
  window.armsflowGraph = cy;

  function days(iso) { return iso ? Math.floor(Date.parse(iso) / DAY) : null; }
  function iso(d) { return new Date(d * DAY).toISOString().slice(0, 10); }
  function reason() { return reasonBox && reasonBox.value.trim().length >= 5 ? reasonBox.value.trim() : ""; }

  function kinds() {
    return Array.from(document.querySelectorAll("#graph-kinds input:checked")).map(i => i.value);
  }

  function filter() {
    const shown = new Set(kinds());
    const until = slider.max > slider.min ? Number(slider.value) : null;
    const from = since.value ? days(since.value) : null;
    const inWindow = d => d === null || ((until === null || d <= until) && (from === null || d >= from));
    cy.batch(() => {
      cy.nodes().forEach(n => {
        const ok = shown.has(n.data("kind")) && (n.hasClass("focus") || inWindow(n.data("day")));
        n.toggleClass("hidden", !ok);
      });
      cy.edges().forEach(e => {
        e.toggleClass("hidden", !inWindow(e.data("day")) || e.source().hasClass("hidden") || e.target().hasClass("hidden"));
      });
    });
    const n = cy.nodes().not(".hidden").length, m = cy.edges().not(".hidden").length;
    counter.dataset.nodes = n; counter.dataset.edges = m;
    counter.textContent = text.counts.replace("%(nodes)s", n).replace("%(edges)s", m);
  }

  function updateSlider() {
    const all = cy.elements().map(e => e.data("day")).filter(d => d !== null && d !== undefined);
    if (!all.length) return;
    const atEnd = Number(slider.value) >= Number(slider.max);
    slider.min = Math.min(...all); slider.max = Math.max(...all);
    if (atEnd || Number(slider.value) < Number(slider.min)) slider.value = slider.max;
    sliderLabel.textContent = iso(Number(slider.value));
  }

  function add(data, around) {
    const fresh = [];
    const centre = around && cy.getElementById(around).nonempty()
      ? cy.getElementById(around).position() : {x: 0, y: 0};
    let k = 0;
    data.nodes.forEach(n => {
      if (cy.getElementById(n.id).nonempty()) { cy.getElementById(n.id).data("label", n.label); return; }
      const angle = 2.4 * k++, r = 60 + 6 * k;
      fresh.push({group: "nodes", position: {x: centre.x + r * Math.cos(angle), y: centre.y + r * Math.sin(angle)},
        data: Object.assign({}, n, {day: days(n.date), colour: colours[n.kind] || "#999"})});
    });
    data.edges.forEach(e => {
      if (cy.getElementById(e.id).nonempty()) return;
      fresh.push({group: "edges", data: Object.assign({}, e, {day: days(e.date), label: text.edges[e.kind] || e.kind})});
    });
    const added = cy.add(fresh);
    updateSlider();
    if (added.nonempty()) {
      cy.layout({name: "cose", animate: false, randomize: false, nodeRepulsion: 9000,
                 idealEdgeLength: 80, nodeOverlap: 20, fit: true, padding: 30}).run();
    }
    filter();
    if (data.truncated) { showNote(text.truncated); }
  }

  function showNote(message) {
    const p = document.createElement("p"); p.className = "notice"; p.textContent = message;
    panel.prepend(p);
  }

  const wait = ms => new Promise(done => setTimeout(done, ms));

  async function getJson(url, tries) {
    const r = await fetch(url, {headers: {"Accept": "application/json"}, credentials: "same-origin"});
    const body = await r.json().catch(() => ({}));
    if (r.status === 503 && (tries || 0) < 60) {  // the graph is being built: wait for it
      counter.textContent = (body.error && body.error.message) || r.statusText;
      await wait(5000);
      return getJson(url, (tries || 0) + 1);
    }
    if (!r.ok) { throw new Error((body.error && body.error.message) || r.statusText); }
    return body;
  }

  function query(params) {
    const q = new URLSearchParams(params);
    const r = reason(); if (r) q.set("reason", r);
    return q.toString();
  }

  async function expand(id) {
    if (expanded.has(id)) return;
    try {
      const data = await getJson("/api/v1/graph/nodes/" + encodeURIComponent(id) + "/neighbors?" + query({limit: 200}));
      expanded.add(id);
      add(data, id);
      cy.getElementById(id).addClass("expanded");
    } catch (err) { showNote(err.message); }
  }

  function openPanel(id) {
    const url = "/graph/panel?" + query({node: id});
    if (window.htmx) { htmx.ajax("GET", url, {target: "#graph-panel", swap: "innerHTML"}); }
  }

  cy.on("tap", "node", evt => { const id = evt.target.id(); openPanel(id); expand(id); });
  document.querySelectorAll("#graph-kinds input").forEach(i => i.addEventListener("change", filter));
  slider.addEventListener("input", () => { sliderLabel.textContent = iso(Number(slider.value)); filter(); });
  since.addEventListener("change", filter);
  document.getElementById("graph-fit").addEventListener("click", () => cy.fit(cy.nodes().not(".hidden"), 30));

  const focus = box.dataset.focus;
  if (focus) {
    getJson("/api/v1/graph/nodes/" + encodeURIComponent(focus) + "/subgraph?" + query({depth: 1, limit: 200}))
      .then(data => {
        add(data);
        const f = cy.getElementById(data.focus);
        f.addClass("focus"); expanded.add(data.focus); f.addClass("expanded");
        cy.center(f); openPanel(data.focus); filter();
      })
      .catch(err => showNote(err.message));
  }
})();
