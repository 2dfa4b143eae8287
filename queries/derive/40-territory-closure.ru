#+ title: Territory nesting closure
#+ description: >
#+   psg:withinOrSelf for every territory above the municipal level and for every territory that
#+   something other than a territory refers to. A commune or district that nothing refers to
#+   reaches its wider territories through psg:within/psg:withinOrSelf; leaving them out keeps a
#+   quarter of a million closure triples of the 35,000 communes out of the store.
PREFIX psg: <https://w3id.org/psgraph/ontology#>

INSERT { ?inner psg:withinOrSelf ?outer }
WHERE {
  ?inner a psg:Territory .
  MINUS { ?inner psg:territoryLevel ?level . FILTER (?level IN (psg:Municipal, psg:Neighbourhood)) }
  ?inner psg:within* ?outer .
} ;

INSERT { ?inner psg:withinOrSelf ?outer }
WHERE {
  { SELECT DISTINCT ?inner WHERE {
      VALUES ?level { psg:Municipal psg:Neighbourhood }
      ?inner psg:territoryLevel ?level .
      ?user ?link ?inner .
      FILTER NOT EXISTS { ?user psg:territoryLevel ?userLevel }
  } }
  ?inner psg:within* ?outer .
}
