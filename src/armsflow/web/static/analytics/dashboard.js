/* ArmsFlow analytics dashboard: draws the Plotly figures the server embeds as JSON, wires
   drill-down clicks and the PNG/SVG download buttons. No inline script (the pages' Content
   Security Policy forbids it), no network access beyond this server: plotly.js gets its map
   shapes from the vendored topojson folder (config.topojsonURL, set by the server). */
(function () {
  "use strict";

  function readJson(el) {
    try { return JSON.parse(el.textContent || "null"); } catch (e) { return null; }
  }

  function drillUrl(holder, query) {
    var base = holder.getAttribute("data-drill");
    if (!base || !query) { return null; }
    return base + (base.indexOf("?") >= 0 ? "&" : "?") + query;
  }

  function draw(holder) {
    if (holder.getAttribute("data-drawn") === "1" || !window.Plotly) { return; }
    var source = document.getElementById(holder.getAttribute("data-figure"));
    var fig = source ? readJson(source) : null;
    var config = readJson(document.getElementById("plot-config")) || {};
    if (!fig) { return; }
    config = Object.assign({}, config, {
      toImageButtonOptions: Object.assign({}, config.toImageButtonOptions || {},
                                          {filename: holder.getAttribute("data-name") || "chart"})
    });
    holder.setAttribute("data-drawn", "1");
    window.Plotly.newPlot(holder, fig.data, fig.layout, config).then(function () {
      holder.setAttribute("data-ready", "1");
    });
    if (holder.hasAttribute("data-drill")) {
      holder.on("plotly_click", function (ev) {
        var point = ev && ev.points && ev.points[0];
        var url = point ? drillUrl(holder, point.customdata) : null;
        if (url) { window.location.assign(url); }
      });
    }
  }

  function download(button) {
    var holder = document.getElementById(button.getAttribute("data-chart"));
    if (!holder || !window.Plotly) { return; }
    window.Plotly.downloadImage(holder, {
      format: button.getAttribute("data-format"), scale: 2, width: holder.offsetWidth || 900,
      height: holder.offsetHeight || 420, filename: holder.getAttribute("data-name") || "chart"
    });
  }

  function init(root) {
    (root || document).querySelectorAll(".chart[data-figure]").forEach(draw);
  }

  document.addEventListener("click", function (ev) {
    var button = ev.target.closest && ev.target.closest("button[data-chart][data-format]");
    if (button) { ev.preventDefault(); download(button); }
  });
  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:afterSettle", function (ev) { init(ev.target); });
  window.addEventListener("resize", function () {
    document.querySelectorAll(".chart[data-ready='1']").forEach(function (el) {
      window.Plotly.Plots.resize(el);
    });
  });
}());
