// peacewatch dashboard charts. Loaded from /static (the Content-Security-Policy forbids inline scripts).
// Each element with data-chart fetches its JSON from data-src and draws it with Plotly (served locally).
(function () {
  "use strict";
  var QUAD_COLORS = { "1": "#7fb3d5", "2": "#1f618d", "3": "#f5b041", "4": "#c0392b" };
  var LINE_COLORS = ["#1f618d", "#c0392b", "#229954", "#7d3c98", "#b9770e", "#17a589"];

  function message(el, text) {
    var p = document.createElement("p");
    p.className = "muted";
    p.textContent = text;
    el.appendChild(p);
    el.setAttribute("data-rendered", "empty");
  }

  function drawSeries(el, data) {
    var traces = [];
    (data.series || []).forEach(function (s, i) {
      var pts = s.points || [];
      var color = LINE_COLORS[i % LINE_COLORS.length];
      traces.push({
        x: pts.map(function (p) { return p.period; }),
        y: pts.map(function (p) { return p.events ? p.index : null; }),
        text: pts.map(function (p) { return p.events + " events, Goldstein sum " + p.goldstein_sum.toFixed(1); }),
        name: s.label + " (" + s.events + ")", mode: "lines+markers", connectgaps: true,
        line: { color: color, width: 2 }, marker: { size: 6 },
        hovertemplate: "%{x}: index %{y:.3f}<br>%{text}<extra>" + s.label + "</extra>"
      });
      var ch = pts.filter(function (p) { return p.change; });
      if (ch.length) {
        traces.push({
          x: ch.map(function (p) { return p.period; }), y: ch.map(function (p) { return p.index; }),
          mode: "markers", name: s.label + " change", showlegend: false,
          marker: { size: 14, color: "rgba(0,0,0,0)", line: { color: color, width: 2 } }, hoverinfo: "skip"
        });
      }
    });
    if (!traces.length || traces.every(function (t) { return !t.x.length; })) {
      return message(el, "No events for this selection.");
    }
    Plotly.newPlot(el, traces, {
      margin: { t: 10, r: 10, b: 60, l: 50 }, yaxis: { range: [-1.1, 1.1], zeroline: true, title: "index" },
      legend: { orientation: "h", y: -0.25 }, hovermode: "closest"
    }, { displaylogo: false, responsive: true }).then(function () { el.setAttribute("data-rendered", "yes"); });
  }

  function drawQuad(el, data) {
    var periods = data.periods || [];
    if (!periods.length) { return message(el, "No events."); }
    var traces = ["1", "2", "3", "4"].map(function (q) {
      return {
        type: "bar", name: q + " " + data.quad_names[q], marker: { color: QUAD_COLORS[q] },
        x: periods.map(function (p) { return p.period; }), y: periods.map(function (p) { return p[q]; })
      };
    });
    Plotly.newPlot(el, traces, {
      barmode: "stack", margin: { t: 10, r: 10, b: 60, l: 50 }, legend: { orientation: "h", y: -0.25 },
      yaxis: { title: "events" }
    }, { displaylogo: false, responsive: true }).then(function () { el.setAttribute("data-rendered", "yes"); });
  }

  function load(el) {
    var kind = el.getAttribute("data-chart");
    fetch(el.getAttribute("data-src"), { headers: { "Accept": "application/json" } })
      .then(function (r) { return r.json().then(function (j) { return { ok: r.ok, body: j }; }); })
      .then(function (res) {
        if (!res.ok) { return message(el, res.body.error || "The chart could not be loaded."); }
        if (kind === "series") { drawSeries(el, res.body); } else { drawQuad(el, res.body); }
      })
      .catch(function (err) { message(el, "The chart could not be loaded: " + err); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (typeof Plotly === "undefined") { return; }
    Array.prototype.forEach.call(document.querySelectorAll("[data-chart]"), load);
  });
})();
