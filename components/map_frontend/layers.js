/* cpmap map layers: geometry fetched once per page, styled from per-view lookups keyed by GSS code.
   Served from a static file named by its content hash (components/area_map.py, layer_script_url); each rerun's small
   layer calls window.cpmapLayers(group, specs). Tooltip text is set with textContent, so names and notes from
   data are never parsed as HTML. */
(function () {
  "use strict";
  var geometry = window.__cpmapGeometry = window.__cpmapGeometry || {};
  // Geometry files sit beside this script; specs and the prefetch list name them relative to it.
  var here = document.currentScript ? new URL(document.currentScript.src) : null;
  function resolve(name) { return here ? new URL(name, here).pathname : name; }
  // The page may have started this download already (components/firstview.py): the map's frame is same-origin.
  function fromPage(url) {
    try {
      var page = window.parent !== window && window.parent.__cpmapGeometry;
      return page && page[url];
    } catch (e) {
      return null;
    }
  }
  function download(url) {
    return fetch(url).then(function (r) {
      if (!r.ok) { throw new Error("HTTP " + r.status + " for " + url); }
      return r.json();
    });
  }
  function load(url) {
    if (!geometry[url]) {
      var early = fromPage(url);
      // a failed early download is tried again from here, once
      geometry[url] = early ? early.catch(function () { return download(url); }) : download(url);
      geometry[url].catch(function () {});  // reported when a layer uses it, not as an unhandled rejection
    }
    return geometry[url];
  }
  // The default view's files, unless the page has started this view's own (components/firstview.py): a page
  // opened on another layer must not download the default one's too.
  var started = false;
  try { started = window.parent !== window && Object.keys(window.parent.__cpmapGeometry || {}).length > 0; } catch (e) {}
  var prefetch = !started && here && here.searchParams.get("prefetch");
  (prefetch ? prefetch.split(",") : []).forEach(function (name) { load(resolve(name)); });
  // Leaflet's script and style sheet: the map's frame asks for them only after this script has run (and the
  // style sheet after every script), so start both downloads now; the browser reuses them when they are asked for.
  var preload = here && here.searchParams.get("preload");
  (preload ? preload.split(",") : []).forEach(function (url) {
    var link = document.createElement("link");
    link.rel = "preload";
    link.as = /\.css$/.test(url) ? "style" : "script";
    link.href = url;
    document.head.appendChild(link);
  });

  var FIXED = {
    outline: {fill: false, color: "#252525", weight: 1.6, opacity: 0.9, interactive: false},
    "council-outline": {fill: false, color: "#737373", weight: 0.5, opacity: 0.7, interactive: false}
  };
  function lookup(spec) {
    var info = {};
    (spec.groups || []).forEach(function (g) { g[1].split(" ").forEach(function (code) { info[code] = g[0]; }); });
    return function (f) { return info[f.id] || spec["default"]; };
  }
  // The selected area comes from the page, not from the specs (components/area_map.py, selection_html): a click then
  // changes one small element of the page instead of re-sending the whole map.
  var MARK = "data-cpmap-selected", selection = null, styled = [];
  function pageSelection() {
    try {
      var mark = window.parent !== window && window.parent.document.querySelector("[" + MARK + "]");
      return mark ? mark.getAttribute(MARK) || null : null;
    } catch (e) {
      return null;
    }
  }
  function styler(spec, info) {
    return function (f) {
      if (FIXED[spec.kind]) { return FIXED[spec.kind]; }
      var i = info(f), selected = f.id === selection, low = spec.kind === "councils" && i[3] === 1;
      return {
        fillColor: spec.kind === "councils" ? i[1] : i[0], fillOpacity: low ? 0.55 : 0.85,
        color: selected ? "#000000" : (low ? "#4d4d4d" : "#8c8c8c"),
        weight: selected ? 3.5 : (low ? 1.6 : 0.6), dashArray: low ? "4 3" : null
      };
    };
  }
  function detail(spec, parts) {
    return Array.isArray(parts) ? parts.map(function (k) { return spec.texts[k]; }).join(" \u00b7 ") : parts;
  }
  function tooltip(spec, info) {
    return function (layer) {
      var f = layer.feature, i = info(f), p = f.properties || {}, box = document.createElement("div");
      [p.name, p.force, detail(spec, spec.kind === "councils" ? i[2] : i[1])].forEach(function (text, n) {
        if (!text) { return; }
        var el = document.createElement(n === 0 ? "strong" : "div");
        el.textContent = text;
        box.appendChild(el);
      });
      return box;
    };
  }
  function fail(err) {
    document.body.setAttribute("data-cpmap-error", String(err));
    var note = document.createElement("div");
    note.className = "cpmap-error";
    note.setAttribute("role", "alert");
    note.textContent = "The map areas could not be loaded (" + err.message + "). Reload the page.";
    note.style.cssText = "position:absolute;top:8px;left:50px;z-index:1000;background:#fff;padding:4px 8px;border:1px solid #b30000";
    document.body.appendChild(note);
  }
  // A newly chosen area (click, search box or link) is brought into view: the map fits its bounds when it is small
  // on screen (a London borough on the map of England) or not wholly in view. Once per choice, so that a filter
  // change or the user's own panning afterwards is left alone; the URL keeps the selection, not the view.
  function bringIntoView(map, layer, code) {
    if (!code) { window.__cpmapShown = null; return; }
    if (!map || window.__cpmapShown === code) { return; }
    layer.eachLayer(function (l) {
      if (l.feature.id !== code || !l.getBounds) { return; }
      window.__cpmapShown = code;
      var b = l.getBounds(), nw = map.latLngToContainerPoint(b.getNorthWest()),
        se = map.latLngToContainerPoint(b.getSouthEast());
      if (Math.min(se.x - nw.x, se.y - nw.y) < 60 || !map.getBounds().contains(b)) {
        map.fitBounds(b, {padding: [40, 40], maxZoom: 10, animate: false});
      }
      document.body.setAttribute("data-cpmap-shown", code);
    });
  }
  // Restyles the areas that were and are selected, brings the new one to the front and into view.
  function select(code) {
    var before = selection;
    selection = code;
    styled.forEach(function (layer) {
      if (!layer._map) { return; }  // a layer of an earlier view, already replaced
      layer.eachLayer(function (l) {
        var id = l.feature.id;
        if (id === before || id === code) { layer.resetStyle(l); }
        if (id === code && l.bringToFront) { l.bringToFront(); }
      });
      bringIntoView(layer._map, layer, code);
    });
    if (!code) { window.__cpmapShown = null; }
    document.body.setAttribute(MARK, code || "");
  }
  function watchSelection() {
    var page;
    try { page = window.parent !== window && window.parent.document; } catch (e) { page = null; }
    if (!page || !window.MutationObserver) { return; }
    new MutationObserver(function () {
      var code = pageSelection();
      if (code !== selection) { select(code); }
    }).observe(page.body, {subtree: true, childList: true, attributes: true, attributeFilter: [MARK]});
  }
  selection = pageSelection();
  watchSelection();
  window.cpmapLayers = function (group, specs) {
    styled = [];
    selection = pageSelection();
    specs.forEach(function (spec) {
      var info = lookup(spec), interactive = !FIXED[spec.kind];
      // noClip: the whole country is in view at first, so clipping each ring to the view (four passes over every
      // point, on every draw) costs more than it saves; the browser clips what lies outside the map.
      var layer = L.geoJSON(null, {
        style: styler(spec, info), interactive: interactive, bubblingMouseEvents: false, noClip: true
      });
      if (interactive) { layer.bindTooltip(tooltip(spec, info), {sticky: true, direction: "top", opacity: 0.95}); }
      layer.addTo(group);
      load(resolve(spec.url)).then(function (data) {
        layer.addData(data);
        if (interactive) { styled.push(layer); }
        layer.eachLayer(function (l) { if (l.feature.id === selection && l.bringToFront) { l.bringToFront(); } });
        if (!interactive) { layer.bringToFront(); } else { bringIntoView(group._map || window.map, layer, selection); }
        document.body.setAttribute(MARK, selection || "");
        document.body.setAttribute("data-cpmap-" + spec.kind, String(data.features.length));
      }).catch(fail);
    });
  };
})();
