/* Sanbao coverage map: townships coloured by each kind of service, outlets, the gap list.
 * Everything comes from our own server (Leaflet in /static/vendor/leaflet, data from
 * /api/v1/coverage/...); a tile layer is added only when the server configures one.
 * Kinds of service stay separate (domain.md §7): fill = home visits, ring = touring,
 * amber dashed = remote diagnosis only, red = none. Names are inserted as text, never as HTML. */
(function () {
  "use strict";

  var config = JSON.parse(document.getElementById("coverage-map-config").textContent);
  var T = config.labels;
  var form = document.getElementById("covmap-filters");
  var summary = document.getElementById("map-summary");
  var gapList = document.getElementById("gap-list");
  var unlocatedList = document.getElementById("unlocated-list");
  var csvLink = document.getElementById("gaps-csv");
  var computedAt = document.getElementById("computed-at");
  var requestSerial = 0;
  var POPUP = { maxWidth: 280, autoPanPadding: [12, 12] };

  var map = L.map("coverage-map", { zoomControl: true, preferCanvas: false });
  if (config.tile_url) {
    L.tileLayer(config.tile_url, { attribution: config.tile_attribution, maxZoom: 18 }).addTo(map);
  }
  L.control.scale({ imperial: false }).addTo(map);
  var layers = {
    counties: L.layerGroup().addTo(map),
    radii: L.layerGroup().addTo(map),
    townships: L.layerGroup().addTo(map),
    outlets: L.layerGroup().addTo(map)
  };
  var overlays = {};
  overlays[T.townships_layer] = layers.townships;
  overlays[T.outlets_layer] = layers.outlets;
  overlays[T.radius_layer] = layers.radii;
  overlays[T.counties_layer] = layers.counties;
  L.control.layers(null, overlays, { collapsed: true }).addTo(map);

  /* ---------- small DOM helpers ---------- */
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) {
      node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return node;
  }
  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }
  function yesNo(value) { return value ? T.yes : T.no; }
  function populationText(p) {
    return p === null || p === undefined ? T.population_unknown : T.population + " " + p.toLocaleString();
  }
  function factRow(term, value) { return [el("dt", {}, [term]), el("dd", {}, [value])]; }

  /* ---------- coverage styles: one visual channel per kind of service ---------- */
  function coverageClasses(p) {
    var classes = ["township"];
    if (p.home_visit) { classes.push("cov-home"); }
    if (p.touring) { classes.push("cov-touring"); }
    if (p.remote_diagnosis) { classes.push("cov-remote"); }
    if (!p.home_visit && !p.touring) {
      if (p.home_visit === null || p.home_visit === undefined) {
        classes.push("cov-undetermined");  // no point: whether home visits reach it is unknown
      } else {
        classes.push(p.remote_diagnosis ? "cov-remote-only" : "cov-unserved");
      }
    }
    return classes;
  }
  function townshipStyle(p) {
    var style = { radius: 8, weight: 2, color: "#5b6675", fillColor: "#ffffff", fillOpacity: 0.95 };
    if (p.home_visit) { style.fillColor = "#1b7f3b"; }
    if (p.touring) { style.color = "#0b5cad"; style.weight = 5; }
    if (!p.home_visit && !p.touring) {
      if (p.remote_diagnosis) {
        style.fillColor = "#f2c14e"; style.color = "#a15c00"; style.dashArray = "4 3";
      } else {
        style.fillColor = "#b3261e"; style.color = "#6e1610";
      }
    }
    return style;
  }

  /* ---------- popups ---------- */
  function nearestText(p) {
    if (!p.nearest_outlet_name) { return T.none_found; }
    var km = p.nearest_outlet_km === null || p.nearest_outlet_km === undefined ? "" :
      " · " + Number(p.nearest_outlet_km).toFixed(1) + " " + T.km;
    return p.nearest_outlet_name + km;
  }
  function townshipPopup(p) {
    var facts = [].concat(
      factRow(T.population, p.population === null || p.population === undefined ?
        T.unknown : p.population.toLocaleString()),
      factRow(T.home_visit, yesNo(p.home_visit)),
      factRow(T.touring, yesNo(p.touring)),
      factRow(T.remote_diagnosis, yesNo(p.remote_diagnosis)),
      factRow(T.nearest_outlet, nearestText(p)));
    return el("div", { "class": "popup township-popup", "data-code": p.code },
      [el("h3", {}, [p.name]), el("dl", {}, facts)]);
  }
  function outletPopup(p) {
    var facts = [].concat(
      factRow(T.in_store, yesNo(p.in_store)),
      factRow(T.home_visit_radius, p.home_visit_radius_km ?
        Number(p.home_visit_radius_km).toFixed(1) + " " + T.km : T.no),
      factRow(T.remote_diagnosis, yesNo(p.remote_diagnosis)));
    return el("div", { "class": "popup outlet-popup" },
      [el("h3", {}, [p.name]), el("p", { "class": "meta" }, [T.outlet]), el("dl", {}, facts)]);
  }
  var COUNTY_COUNTS = ["townships", "home_visit", "touring", "remote_only", "unserved", "undetermined",
                       "location_unknown", "population_home_visit", "population_touring",
                       "population_unknown_townships"];
  function countyPopup(p) {
    var facts = [];
    COUNTY_COUNTS.forEach(function (k) {
      if (p[k] !== undefined && p[k] !== null) {
        facts = facts.concat(factRow(T.county[k], Number(p[k]).toLocaleString()));
      }
    });
    return el("div", { "class": "popup county-popup", "data-code": p.code },
      [el("h3", {}, [p.name]), el("dl", {}, facts)]);
  }

  /* ---------- layers ---------- */
  function tagWhenAdded(layer, attrs) {
    layer.on("add", function () {
      var node = layer.getElement ? layer.getElement() : null;
      if (node) { Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); }); }
    });
  }
  function latLngOf(feature) {
    var g = feature.geometry;
    return g && g.type === "Point" ? L.latLng(g.coordinates[1], g.coordinates[0]) : null;
  }
  function addTownship(feature, where) {
    var p = feature.properties;
    var style = townshipStyle(p);
    style.className = coverageClasses(p).join(" ");
    var marker = L.circleMarker(where, style).bindPopup(townshipPopup(p), POPUP);
    marker.bindTooltip(p.name, { direction: "top", offset: [0, -8] });
    tagWhenAdded(marker, { "data-code": p.code, "data-kind": "township" });
    layers.townships.addLayer(marker);
  }
  function addOutlet(feature, where) {
    var p = feature.properties;
    var icon = L.divIcon({ className: "outlet-icon", iconSize: [12, 12] });
    var marker = L.marker(where, { icon: icon, title: p.name, keyboard: true });
    marker.bindPopup(outletPopup(p), POPUP);
    tagWhenAdded(marker, { "data-id": String(p.id), "data-kind": "outlet" });
    layers.outlets.addLayer(marker);
    if (p.home_visit_radius_km) {
      layers.radii.addLayer(L.circle(where, {
        radius: Number(p.home_visit_radius_km) * 1000, className: "outlet-radius", interactive: false,
        color: "#0b5cad", weight: 1, opacity: 0.35, fillColor: "#0b5cad", fillOpacity: 0.04
      }));
    }
  }
  function addCounty(feature, where) {
    var p = feature.properties;
    var marker = L.circleMarker(where, {
      radius: 5, weight: 1, color: "#1c2430", fillColor: "#5b6675", fillOpacity: 1, className: "county"
    });
    marker.bindTooltip(p.name, { permanent: true, direction: "right", className: "county-label" });
    marker.bindPopup(countyPopup(p), POPUP);
    tagWhenAdded(marker, { "data-code": p.code, "data-kind": "county" });
    layers.counties.addLayer(marker);
  }

  /* ---------- rendering one answer ---------- */
  function emptyCounts() {
    return { townships: 0, unlocated: 0, home: 0, touring: 0, remoteOnly: 0, unserved: 0,
             undetermined: 0, outlets: 0, counties: 0 };
  }
  function countTownship(counts, p) {
    if (p.home_visit) { counts.home += 1; }
    if (p.touring) { counts.touring += 1; }
    if (!p.home_visit && !p.touring) {
      // Without a point, whether home visits reach it is unknown: not "unserved" (as the rollups).
      if (p.home_visit === null || p.home_visit === undefined) { counts.undetermined += 1; }
      else if (p.remote_diagnosis) { counts.remoteOnly += 1; } else { counts.unserved += 1; }
    }
  }
  function drawFeature(feature, counts, unlocated, bounds) {
    var p = feature.properties || {};
    var where = latLngOf(feature);
    if (p.kind === "township") {
      countTownship(counts, p);
      if (!where) { unlocated.push(p); counts.unlocated += 1; return; }
      counts.townships += 1;
      addTownship(feature, where);
    } else if (p.kind === "outlet" && where) {
      counts.outlets += 1;
      addOutlet(feature, where);
    } else if (p.kind === "county" && where) {
      counts.counties += 1;
      addCounty(feature, where);
    } else {
      return;
    }
    bounds.extend(where);
  }
  function renderUnlocated(townships) {
    clear(unlocatedList);
    if (!townships.length) { unlocatedList.appendChild(el("li", { "class": "hint" }, [T.all_located])); }
    townships.forEach(function (p) {
      var served = [];
      if (p.home_visit) { served.push(T.home_visit); }
      if (p.touring) { served.push(T.touring); }
      if (p.remote_diagnosis) { served.push(T.remote_diagnosis); }
      var classes = coverageClasses(p).join(" ");
      unlocatedList.appendChild(el("li", { "data-code": p.code, "class": classes },
        [p.name + " · " + (served.length ? served.join(", ") : T.unserved)]));
    });
  }
  function renderSummary(counts) {
    var d = summary.dataset;
    d.state = "ready";
    d.region = config.region; d.category = config.category; d.brand = config.brand;
    d.townships = counts.townships; d.unlocated = counts.unlocated; d.home = counts.home;
    d.touring = counts.touring; d.remoteOnly = counts.remoteOnly; d.unserved = counts.unserved;
    d.undetermined = counts.undetermined; d.outlets = counts.outlets; d.counties = counts.counties;
    summary.textContent = [
      [T.townships_count, counts.townships + counts.unlocated], [T.home_visit, counts.home],
      [T.touring_short, counts.touring], [T.remote_only, counts.remoteOnly], [T.unserved, counts.unserved],
      [T.location_unknown, counts.undetermined], [T.outlets_count, counts.outlets]
    ].map(function (pair) { return pair[0] + " " + pair[1]; }).join(" · ");
  }
  function renderComputedAt(when) {
    computedAt.textContent = when ? T.computed_at + " " + new Date(when).toLocaleString() : "";
  }
  function renderGeoJson(collection) {
    Object.keys(layers).forEach(function (k) { layers[k].clearLayers(); });
    var counts = emptyCounts();
    var unlocated = [];
    var bounds = L.latLngBounds([]);
    (collection.features || []).forEach(function (f) { drawFeature(f, counts, unlocated, bounds); });
    if (bounds.isValid()) { map.fitBounds(bounds.pad(0.08), { maxZoom: 12 }); }
    renderUnlocated(unlocated);
    renderSummary(counts);
    renderComputedAt(collection.computed_at);
  }

  /* ---------- the gap list ---------- */
  function renderGaps(answer) {
    clear(gapList);
    var items = answer.gaps || [];
    gapList.dataset.count = items.length;
    gapList.dataset.state = "ready";
    if (!items.length) { gapList.appendChild(el("li", { "class": "hint none" }, [T.no_gaps])); return; }
    items.forEach(function (g) {
      var known = g.population !== null && g.population !== undefined;
      var attrs = { "data-code": g.code, "class": known ? "gap" : "gap population-unknown" };
      var county = g.county_name ? " (" + g.county_name + ")" : "";
      var parts = [el("span", { "class": "gap-name" }, [g.name + county]),
                   el("span", { "class": known ? "gap-pop" : "gap-pop flag" }, [populationText(g.population)])];
      if (g.remote_only) { parts.push(el("span", { "class": "tag remote" }, [T.remote_only])); }
      if (g.location_known === false) { parts.push(el("span", { "class": "tag off" }, [T.location_unknown])); }
      gapList.appendChild(el("li", attrs, parts));
    });
  }

  /* ---------- loading ---------- */
  function query(extra) {
    var params = new URLSearchParams({ region: config.region, category: config.category });
    if (config.brand) { params.set("brand", config.brand); }
    Object.keys(extra || {}).forEach(function (k) { params.set(k, extra[k]); });
    return params.toString();
  }
  function getJson(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) {
        return r.json().catch(function () { return {}; }).then(function (body) {
          if (!r.ok) { throw new Error(body.message || T.load_failed); }
          return body;
        });
      });
  }
  function failed(serial, error) {
    if (serial !== requestSerial) { return; }
    Object.keys(layers).forEach(function (k) { layers[k].clearLayers(); });
    clear(gapList);
    clear(unlocatedList);
    summary.dataset.state = "error";
    summary.textContent = (error && error.message) || T.load_failed;
    gapList.dataset.state = "error";
  }
  function load() {
    var serial = ++requestSerial;
    summary.dataset.state = "loading";
    gapList.dataset.state = "loading";
    csvLink.href = config.gaps_url + "?" + query({ format: "csv" });
    Promise.all([getJson(config.geojson_url + "?" + query()), getJson(config.gaps_url + "?" + query())])
      .then(function (answers) {
        if (serial !== requestSerial) { return; }  // a newer filter choice is on its way
        renderGeoJson(answers[0]);
        renderGaps(answers[1]);
      })
      .catch(function (error) { failed(serial, error); });
  }

  form.addEventListener("change", function () {
    config.region = form.elements.region.value;
    config.category = form.elements.category.value;
    config.brand = form.elements.brand.value;
    history.replaceState(null, "", "?" + query());
    load();
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); load(); });
  load();
})();
