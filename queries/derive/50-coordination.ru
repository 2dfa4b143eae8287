#+ title: Coordination between bodies and body types, in either direction
#+ description: >
#+   Two bodies or body types are coordinated when one reports to, steers, funds, supports or runs
#+   the other, or is a sub-body of it.
PREFIX psg: <https://w3id.org/psgraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>

INSERT { ?a psg:coordinatedWith ?b . ?b psg:coordinatedWith ?a }
WHERE {
  { ?link rdfs:subPropertyOf+ psg:coordinationLink . ?a ?link ?b }
  UNION { ?a psg:subBodyOf ?b }
  FILTER(?a != ?b)
}
