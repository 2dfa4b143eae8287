// Copy buttons on canned query pages.
(function () {
  "use strict";
  document.querySelectorAll("button.copy").forEach(function (button) {
    button.addEventListener("click", function () {
      var text = document.getElementById(button.dataset.target).textContent;
      navigator.clipboard.writeText(text).then(function () { button.textContent = button.dataset.copied; },
                                               function () { button.textContent = button.dataset.failed; });
    });
  });
})();

// A territory field suggests names from the search index as the reader types (Avig → Avignon);
// the value sent is the territory's name as the server reads it back (a commune with its
// département and code when others bear its name), and typing a code still works.
(function () {
  "use strict";
  document.querySelectorAll("input[data-suggest]").forEach(function (input) {
    var list = document.getElementById(input.getAttribute("list"));
    var timer = null;
    var latest = "";
    input.addEventListener("input", function () {
      var text = input.value.trim();
      if (text.length < 2 || text.indexOf(":") >= 0) { return; }
      clearTimeout(timer);
      timer = setTimeout(function () {
        latest = text;
        var url = "/search.json?" + new URLSearchParams({ q: text, kind: input.dataset.suggest,
                                                         lang: input.dataset.lang || "en" });
        fetch(url).then(function (response) { return response.ok ? response.json() : []; })
          .then(function (hits) {
            if (text !== latest) { return; }
            list.replaceChildren.apply(list, hits.map(function (hit) {
              var option = document.createElement("option");
              option.value = hit.name || hit.value;
              option.label = hit.label + (hit.context ? " — " + hit.context : "");
              option.textContent = option.label;
              return option;
            }));
          });
      }, 150);
    });
  });
})();
