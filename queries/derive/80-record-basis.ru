#+ title: Bodies observed in a source
#+ description: >
#+   psg:recordBasis psg:ObservedInSource for every body, instrument or institution recorded by hand
#+   from a cited source: all but the bodies `psgraph instances` generates from a rule that
#+   institutes one on every territory (psg:institutedBy), which carry psg:InstitutedByLaw. Queries
#+   tell "exists in law" from "observed" with it.
PREFIX psg: <https://w3id.org/psgraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>

INSERT { ?body psg:recordBasis psg:ObservedInSource }
WHERE {
  { ?body a ?type . ?type a psg:BodyType }
  UNION { ?body a ?type . ?type rdfs:subClassOf* ?root . VALUES ?root { psg:PartnershipArrangement psg:Institution } }
  FILTER NOT EXISTS { ?body psg:institutedBy ?rule }
}
