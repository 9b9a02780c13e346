// peacewatch charts, for the dashboard (loaded from /static: the Content-Security-Policy forbids inline
// scripts) and for the HTML brief (inlined with plotly.min.js, so the file opens with no network).
//
// Each element with data-chart ("series", "quad", "tracks" or "map") is drawn with Plotly from JSON: fetched from
// data-src, or read from the <script type="application/json"> element named by data-json.
//
// What the charts promise (docs/WEB.md, "Charts"): a real date axis (each point sits in the middle of
// its day, ISO week or month); a period with no events is a gap in the index line, never a 0; the
// number of events behind each point is in its hover text and in the bars under the line.
(function () {
  "use strict";
  var QUAD_COLORS = { "1": "#7fb3d5", "2": "#1f618d", "3": "#f5b041", "4": "#c0392b" };
  var LINE_COLORS = ["#1f618d", "#c0392b", "#229954", "#7d3c98", "#b9770e", "#17a589"];
  var DAY_MS = 86400000;

  function message(el, text) {
    var p = document.createElement("p");
    p.className = "muted chart-message";
    p.textContent = text;
    el.appendChild(p);
    el.setAttribute("data-rendered", "empty");
  }

  // Plotly period positioning: a point stands for its whole day, week (Monday start) or month.
  function period(freq) {
    if (freq === "month") { return { xperiod: "M1", xperiodalignment: "middle" }; }
    if (freq === "week") { return { xperiod: 7 * DAY_MS, xperiod0: "2000-01-03", xperiodalignment: "middle" }; }
    return { xperiod: DAY_MS, xperiodalignment: "middle" };
  }

  function extend(a, b) { Object.keys(b).forEach(function (k) { a[k] = b[k]; }); return a; }

  function periodName(p, freq) {
    if (freq === "day") { return p.start; }
    if (freq === "week") { return p.period + " (" + p.start + " to " + p.end + ")"; }
    return p.period;
  }

  function signed(v) { return (v > 0 ? "+" : v < 0 ? "−" : "±") + Math.abs(v).toFixed(3); }

  function drawSeries(el, data) {
    var series = data.series || [];
    var freq = (series[0] && series[0].freq) || "month";
    var traces = [];
    var any = false;
    series.forEach(function (s, i) {
      var pts = s.points || [];
      if (pts.some(function (p) { return p.events > 0; })) { any = true; }
      var color = LINE_COLORS[i % LINE_COLORS.length];
      var x = pts.map(function (p) { return p.start; });
      var hover = pts.map(function (p) {
        var coop = p.verbal_cooperation + p.material_cooperation;
        var conf = p.verbal_conflict + p.material_conflict;
        return "<b>" + s.label + "</b>, " + periodName(p, freq) + "<br>" +
          (p.events ? "index " + signed(p.index) + " from " + p.events + " event" + (p.events === 1 ? "" : "s") +
            " (" + coop + " cooperation, " + conf + " conflict, " + (p.events - coop - conf) + " neutral)" +
            "<br>Goldstein sum " + p.goldstein_sum.toFixed(1) + (p.change ? "<br><b>left its recent range</b>" : "")
            : "no events: no index (a gap, not a 0)");
      });
      traces.push(extend({
        x: x, y: pts.map(function (p) { return p.events ? p.index : null; }), text: hover,
        name: s.label + " (" + s.events + " events)", legendgroup: s.label, mode: "lines+markers",
        connectgaps: false, line: { color: color, width: 2 }, marker: { size: 6 },
        hovertemplate: "%{text}<extra></extra>", xaxis: "x", yaxis: "y"
      }, period(freq)));
      traces.push(extend({
        type: "bar", x: x, y: pts.map(function (p) { return p.events; }), text: hover, name: s.label + " events",
        legendgroup: s.label, showlegend: false, marker: { color: color, opacity: 0.55 }, textposition: "none",
        hovertemplate: "%{text}<extra></extra>", xaxis: "x", yaxis: "y2"
      }, period(freq)));
      var ch = pts.filter(function (p) { return p.change; });
      if (ch.length) {
        traces.push(extend({
          x: ch.map(function (p) { return p.start; }), y: ch.map(function (p) { return p.index; }),
          mode: "markers", name: s.label + " left its range", legendgroup: s.label, showlegend: false,
          marker: { size: 15, color: "rgba(0,0,0,0)", line: { color: color, width: 2 } }, hoverinfo: "skip",
          xaxis: "x", yaxis: "y"
        }, period(freq)));
      }
    });
    if (!any) { return message(el, "No events for this selection."); }
    el.setAttribute("data-freq", freq);
    return Plotly.newPlot(el, traces, {
      margin: { t: 10, r: 10, b: 40, l: 55 }, barmode: "group", bargap: 0.15, hovermode: "closest",
      xaxis: { type: "date", anchor: "y2", showgrid: true },
      yaxis: { domain: [0.34, 1], range: [-1.1, 1.1], zeroline: true, zerolinecolor: "#999",
               title: { text: "index" }, tickvals: [-1, -0.5, 0, 0.5, 1] },
      yaxis2: { domain: [0, 0.26], rangemode: "tozero", title: { text: "events" } },
      legend: { orientation: "h", y: 1.12 }
    }, { displaylogo: false, responsive: true }).then(function () { el.setAttribute("data-rendered", "yes"); });
  }

  function drawQuad(el, data) {
    var periods = data.periods || [];
    if (!periods.length) { return message(el, "No events."); }
    var freq = data.freq || "month";
    var traces = ["1", "2", "3", "4"].map(function (q) {
      return extend({
        type: "bar", name: q + " " + data.quad_names[q], marker: { color: QUAD_COLORS[q] },
        x: periods.map(function (p) { return p.start; }), y: periods.map(function (p) { return p[q]; }),
        text: periods.map(function (p) { return p.period; }), textposition: "none",
        hovertemplate: "%{text}: %{y} " + data.quad_names[q] + "<extra></extra>"
      }, period(freq));
    });
    return Plotly.newPlot(el, traces, {
      barmode: "stack", margin: { t: 10, r: 10, b: 40, l: 55 }, legend: { orientation: "h", y: 1.12 },
      xaxis: { type: "date" }, yaxis: { title: { text: "events" }, rangemode: "tozero" }
    }, { displaylogo: false, responsive: true }).then(function () { el.setAttribute("data-rendered", "yes"); });
  }

  function drawTracks(el, data) {
    var rows = data.tracks || [];
    if (!rows.length) { return message(el, "No track activity."); }
    var names = rows.map(function (r) { return r.track; });
    el.style.minHeight = (60 + 34 * rows.length) + "px";
    return Plotly.newPlot(el, [
      { type: "bar", orientation: "h", y: names, x: rows.map(function (r) { return r.cooperation; }),
        name: "cooperation events", marker: { color: "#1f618d" }, hovertemplate: "%{y}: %{x} cooperation events<extra></extra>" },
      { type: "bar", orientation: "h", y: names, x: rows.map(function (r) { return -r.conflict; }),
        customdata: rows.map(function (r) { return r.conflict; }), name: "conflict events", marker: { color: "#c0392b" },
        hovertemplate: "%{y}: %{customdata} conflict events<extra></extra>" }
    ], {
      barmode: "relative", height: 60 + 34 * rows.length, margin: { t: 10, r: 10, b: 40, l: 130 },
      xaxis: { title: { text: "events (conflict to the left, cooperation to the right)" }, zeroline: true },
      yaxis: { autorange: "reversed" }, legend: { orientation: "h", y: 1.15 }
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

  function draw(el, kind, body) {
    if (kind === "series") { return drawSeries(el, body); }
    if (kind === "tracks") { return drawTracks(el, body); }
    if (kind === "map") { return drawMap(el, body); }
    return drawQuad(el, body);
  }

  function load(el) {
    var kind = el.getAttribute("data-chart");
    var inline = el.getAttribute("data-json");
    if (inline) {
      var holder = document.getElementById(inline);
      try { draw(el, kind, JSON.parse(holder.textContent)); } catch (err) { message(el, "The chart could not be drawn: " + err); }
      return;
    }
    fetch(el.getAttribute("data-src"), { headers: { "Accept": "application/json" } })
      .then(function (r) { return r.json().then(function (j) { return { ok: r.ok, body: j }; }); })
      .then(function (res) {
        if (!res.ok) { return message(el, res.body.error || "The chart could not be loaded."); }
        draw(el, kind, res.body);
      })
      .catch(function (err) { message(el, "The chart could not be loaded: " + err); });
  }

  function start() {
    var els = document.querySelectorAll("[data-chart]");
    if (typeof Plotly === "undefined") {
      Array.prototype.forEach.call(els, function (el) { message(el, "The chart library did not load."); });
      return;
    }
    Array.prototype.forEach.call(els, load);
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
