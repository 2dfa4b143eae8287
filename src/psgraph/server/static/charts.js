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
  document.querySelectorAll("div.chart-area[data-spec]").forEach(function (area) {
    var lang = area.dataset.lang === "fr" ? "fr" : "en";
    var options = {
      renderer: "svg",
      actions: { export: true, source: false, compiled: false, editor: false },
      i18n: WORDS[lang],
      formatLocale: NUMBERS[lang]
    };
    vegaEmbed(area, JSON.parse(area.dataset.spec), options).catch(function (error) {
      area.textContent = String(error);
    });
  });
})();
