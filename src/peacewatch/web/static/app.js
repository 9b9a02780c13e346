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

  // --- the map: located events per place, a circle per place and QuadClass ------------------------
  function drawMap(el, data) {
    var places = data.places || [];
    var count = document.getElementById("map-count");
    if (count) { count.textContent = (data.located || 0) + " of " + (data.total || 0) + " events located."; }
    if (!places.length) { return message(el, "No located events for this selection."); }
    var max = Math.max.apply(null, places.map(function (p) { return p.events; }));
    var traces = ["1", "2", "3", "4"].map(function (q) {
      var here = places.filter(function (p) { return p.by_quad[q]; });
      // the larger circles first, so smaller ones stay clickable on top
      here.sort(function (a, b) { return b.by_quad[q] - a.by_quad[q]; });
      return {
        type: "scattergeo", mode: "markers", name: q + " " + data.quad_names[q],
        lat: here.map(function (p) { return p.lat; }), lon: here.map(function (p) { return p.lon; }),
        customdata: here.map(function (p) { return [p.key, q, p.name]; }),
        text: here.map(function (p) {
          return p.name + (p.country ? " (" + p.country + ")" : "") + ": " + p.by_quad[q] + " of " + p.events + " events";
        }),
        hovertemplate: "%{text}<extra>" + data.quad_names[q] + "</extra>",
        marker: {
          color: QUAD_COLORS[q], opacity: 0.75, line: { color: "#fff", width: 1 }, sizemode: "area",
          size: here.map(function (p) { return p.by_quad[q]; }), sizeref: 2 * max / (36 * 36), sizemin: 5
        }
      };
    }).filter(function (t) { return t.lat.length; });
    var geo = {
      projection: { type: "natural earth" }, showcountries: true, countrycolor: "#b5b5b5", showland: true,
      landcolor: "#f2f0eb", showocean: true, oceancolor: "#e6f0f7", showlakes: false, resolution: 110,
      showframe: false, fitbounds: places.length > 1 ? "locations" : false
    };
    Plotly.newPlot(el, traces, {
      geo: geo, height: el.classList.contains("tall") ? 600 : 460, margin: { t: 10, r: 10, b: 10, l: 10 },
      legend: { orientation: "h", y: 0, itemsizing: "constant" }, hovermode: "closest"
    }, { displaylogo: false, responsive: true, topojsonURL: "/static-vendor/topojson/" }).then(function () {
      el.setAttribute("data-rendered", "yes");
      el.on("plotly_click", function (ev) {
        var pt = ev.points && ev.points[0];
        if (pt) { showPlace(el, pt.customdata[0], pt.customdata[1], pt.customdata[2]); }
      });
    });
  }

  // the sentences behind one circle, below the map (text only: no markup from the data is ever parsed)
  function showPlace(el, key, quad, name) {
    var panel = document.getElementById("map-sentences");
    if (!panel) { return; }
    var base = el.getAttribute("data-events") || "/api/events?";
    var url = base + (base.slice(-1) === "?" ? "" : "&") + "place=" + encodeURIComponent(key) +
      "&quad=" + encodeURIComponent(quad) + "&limit=50";
    panel.textContent = "";
    panel.setAttribute("data-place", key);
    fetch(url, { headers: { "Accept": "application/json" } }).then(function (r) { return r.json(); }).then(function (j) {
      var h = document.createElement("h3");
      h.textContent = name + " · " + j.total + " event" + (j.total === 1 ? "" : "s") + " (QuadClass " + quad + ")";
      panel.appendChild(h);
      var ul = document.createElement("ul");
      (j.events || []).forEach(function (e) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = "/events/" + encodeURIComponent(e.event_id);
        a.textContent = (e.date || "undated") + " · " + (e.source ? e.source.code : "?") + " → " +
          (e.target ? e.target.code : "—") + " · CAMEO " + e.cameo;
        li.appendChild(a);
        var q = document.createElement("span");
        q.className = "sentence";
        q.textContent = " " + e.sentence;
        li.appendChild(q);
        if (e.location) {
          var b = document.createElement("span");
          b.className = "muted";
          b.textContent = " (" + (e.location.text ? "“" + e.location.text + "”: " : "") + e.location.basis + ")";
          li.appendChild(b);
        }
        ul.appendChild(li);
      });
      panel.appendChild(ul);
      panel.setAttribute("data-rendered", "yes");
    }).catch(function (err) { panel.textContent = "The events could not be loaded: " + err; });
  }

  function load(el) {
    var kind = el.getAttribute("data-chart");
    fetch(el.getAttribute("data-src"), { headers: { "Accept": "application/json" } })
      .then(function (r) { return r.json().then(function (j) { return { ok: r.ok, body: j }; }); })
      .then(function (res) {
        if (!res.ok) { return message(el, res.body.error || "The chart could not be loaded."); }
        if (kind === "series") { drawSeries(el, res.body); }
        else if (kind === "map") { drawMap(el, res.body); }
        else { drawQuad(el, res.body); }
      })
      .catch(function (err) { message(el, "The chart could not be loaded: " + err); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (typeof Plotly === "undefined") { return; }
    Array.prototype.forEach.call(document.querySelectorAll("[data-chart]"), load);
  });
})();
