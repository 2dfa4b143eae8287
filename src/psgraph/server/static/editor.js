// The SPARQL editor: YASGUI on this server's endpoint, with the canned queries as examples.
(function () {
  "use strict";
  var endpoint = window.location.origin + "/sparql";
  // Class and property completion asks an outside service (Linked Open Vocabularies); this page
  // must work offline, so only the completers that need no network are kept.
  Yasgui.Yasqe.defaults.autocompleters = Yasgui.Yasqe.defaults.autocompleters.filter(function (name) {
    return name === "variables" || name === "prefixes";
  });
  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
    persistenceId: "psgraph-editor",
  });
  window.psgraphEditor = yasgui;

  var examples = JSON.parse(document.getElementById("examples").textContent);
  var list = document.getElementById("example-list");
  var heading = "";
  examples.forEach(function (example) {
    if (example.category !== heading) {
      heading = example.category;
      var h = document.createElement("h3");
      h.textContent = heading;
      list.appendChild(h);
    }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "example";
    button.dataset.name = example.name;
    button.title = example.name;
    button.textContent = example.title;
    button.addEventListener("click", function () {
      var tab = yasgui.getTab();
      tab.setEndpoint(endpoint);
      tab.setQuery(example.query);
      tab.setName(example.name);
    });
    list.appendChild(button);
  });
})();
