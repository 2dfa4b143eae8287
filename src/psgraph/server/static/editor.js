// The SPARQL editor: YASGUI on this server's endpoint, with the canned queries as examples.
(function () {
  "use strict";
  var endpoint = window.location.origin + "/sparql";
  // Class and property completion asks an outside service (Linked Open Vocabularies); this page
  // must work offline, so only the completers that need no network are kept.
  Yasgui.Yasqe.defaults.autocompleters = Yasgui.Yasqe.defaults.autocompleters.filter(function (name) {
    return name === "variables" || name === "prefixes";
  });
  // The editor only ever queries this server: a link's ?endpoint= (YASGUI reads it from the URL)
  // and endpoints kept from an earlier visit are replaced, and the endpoint field is hidden (CSS).
  function ownEndpoint(tabConfig) {
    tabConfig.requestConfig = Object.assign({}, tabConfig.requestConfig, { endpoint: endpoint });
    return tabConfig;
  }
  // The endpoint predeclares the project's prefixes (psg:, terr:, tfrd: …): the editor's SPARQL mode
  // starts every query knowing them, so a query without PREFIX lines is not marked as an error, and
  // the results write IRIs with them (a query's own declarations still win).
  var predeclared = JSON.parse(document.getElementById("prefixes").textContent);
  var sparqlMode = Yasgui.Yasqe.modes.sparql11;
  Yasgui.Yasqe.defineMode("sparql11", function (config, parserConfig) {
    var mode = sparqlMode(config, parserConfig);
    var startState = mode.startState;
    mode.startState = function () {
      var state = startState.apply(mode, arguments);
      Object.keys(predeclared).forEach(function (prefix) {
        if (state.prefixes[prefix] === undefined) { state.prefixes[prefix] = predeclared[prefix]; }
      });
      return state;
    };
    return mode;
  });
  // A new tab starts with a query that shows the project's prefixes are predeclared by the endpoint.
  // Its comment is in the page's language (the template writes it into data-first-query).
  Yasgui.Yasqe.defaults.value = document.getElementById("yasgui").dataset.firstQuery;
  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    yasr: { prefixes: predeclared },
    copyEndpointOnNewTab: true,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
    persistenceId: "psgraph-editor",
    populateFromUrl: ownEndpoint,
  });
  function keepOwnEndpoint(tab) {
    if (tab && tab.getEndpoint() !== endpoint) {
      tab.setEndpoint(endpoint);
    }
  }
  Object.keys(yasgui._tabs || {}).forEach(function (id) { keepOwnEndpoint(yasgui.getTab(id)); });
  keepOwnEndpoint(yasgui.getTab());
  yasgui.on("tabSelect", function (instance, id) { keepOwnEndpoint(instance.getTab(id)); });
  yasgui.on("tabAdd", function (instance, id) { keepOwnEndpoint(instance.getTab(id)); });
  yasgui.on("query", function (instance, tab) { keepOwnEndpoint(tab); });
  window.psgraphEditor = yasgui;

  // A result IRI opens its page on this server (/id/…, /ontology/TERM, /resource?iri=…), not the
  // IRI itself, whose w3id.org address may not resolve yet and would leave the editor anyway.
  var ID = "https://w3id.org/psgraph/id/";
  var ONTOLOGY = "https://w3id.org/psgraph/ontology#";
  function localPath(iri) {
    if (iri.indexOf(ID) === 0 && iri.length > ID.length) { return "/id/" + iri.substring(ID.length); }
    if (iri.indexOf(ONTOLOGY) === 0 && /^[A-Za-z_][A-Za-z0-9_]*$/.test(iri.substring(ONTOLOGY.length))) {
      return "/ontology/" + iri.substring(ONTOLOGY.length);
    }
    return "/resource?" + new URLSearchParams({ iri: iri });
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest(".yasr a.iri") : null;
    if (!link) { return; }
    event.preventDefault();
    window.location.assign(localPath(link.getAttribute("href")));
  });

  var examples = JSON.parse(document.getElementById("examples").textContent);
  var list = document.getElementById("example-list");
  var heading = "";
  examples.forEach(function (example) {
    if (example.category !== heading) {
      heading = example.category;
      var h = document.createElement("h3");
      h.textContent = example.category_label;
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
