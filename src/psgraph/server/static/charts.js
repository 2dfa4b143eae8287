// The charts a canned query declares (psgraph.charts), drawn with Vega-Lite through vega-embed, as
// SVG (so that they can be saved as SVG or PNG from the menu). Numbers follow the page's language.
(function () {
  "use strict";
  var WORDS = {
    en: { PNG_ACTION: "Save as PNG", SVG_ACTION: "Save as SVG" },
    fr: { PNG_ACTION: "Enregistrer en PNG", SVG_ACTION: "Enregistrer en SVG" }
  };
  var NUMBERS = {
    en: { decimal: ".", thousands: ",", grouping: [3], currency: ["", ""] },
    fr: { decimal: ",", thousands: "\u202f", grouping: [3], currency: ["", " €"] }
  };
  // A network (links between bodies, or between members and places): Cytoscape.js, laid out by
  // force, node size by number of links, edge width by weight; saved as PNG.
  window.psgraphNetworks = [];
  function drawNetwork(area, elements) {
    var network = cytoscape({
      container: area,
      elements: elements,
      layout: { name: "cose", animate: false, randomize: false, nodeDimensionsIncludeLabels: true },
      style: [
        { selector: "node", style: { "label": "data(label)", "font-size": 11, "text-wrap": "wrap",
                                     "text-max-width": 160, "width": "mapData(degree, 1, 10, 14, 40)",
                                     "height": "mapData(degree, 1, 10, 14, 40)", "background-color": "#3b6fb6" } },
        { selector: "node.y", style: { "background-color": "#e08a2c", "shape": "round-rectangle" } },
        { selector: "edge", style: { "width": "mapData(weight, 1, 10, 1, 8)", "line-color": "#9aa7b8",
                                     "curve-style": "bezier" } }
      ]
    });
    network.nodes().forEach(function (node) { node.data("degree", node.degree()); });
    window.psgraphNetworks.push(network);
    var save = area.parentNode.querySelector("button.save-network");
    if (save) {
      save.addEventListener("click", function () {
        var link = document.createElement("a");
        link.href = network.png({ full: true, scale: 2, bg: "#ffffff" });
        link.download = "network.png";
        link.click();
      });
    }
  }

  document.querySelectorAll("div.chart-area[data-spec]").forEach(function (area) {
    var lang = area.dataset.lang === "fr" ? "fr" : "en";
    var spec = JSON.parse(area.dataset.spec);
    if (spec.network) {
      drawNetwork(area, spec.network);
      return;
    }
    var options = {
      renderer: "svg",
      actions: { export: true, source: false, compiled: false, editor: false },
      i18n: WORDS[lang],
      formatLocale: NUMBERS[lang]
    };
    vegaEmbed(area, spec, options).then(function () {
      // Vega names the drawing "Vega visualization" and each facet "Title text 'France'", in
      // English: the figure's caption and the facet's own text say it in the page's language.
      var svg = area.querySelector("svg");
      var caption = area.closest("figure") ? area.closest("figure").querySelector("figcaption") : null;
      if (svg && caption) {
        svg.setAttribute("aria-label", caption.textContent.trim());
        svg.removeAttribute("aria-roledescription");
      }
      area.querySelectorAll('[aria-label^="Title text"]').forEach(function (element) {
        element.setAttribute("aria-label", element.textContent.trim());
      });
    }).catch(function (error) {
      area.textContent = String(error);
    });
  });
})();
