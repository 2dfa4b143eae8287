#+ title: Activity period of bodies
#+ description: >
#+   A body is active from its own start date or, when the sources give none, from the creation of
#+   its type (no body predates the law that created its kind); it ends with its own end date or,
#+   failing that, with the abolition of its type.
PREFIX psg: <https://w3id.org/psgraph/ontology#>

INSERT { ?body psg:activeFrom ?from }
WHERE {
  { SELECT ?body (MAX(?typeStart) AS ?latestTypeStart) (SAMPLE(?own) AS ?ownStart)
    WHERE {
      ?body psg:level ?level .
      OPTIONAL { ?body psg:startDate ?own }
      OPTIONAL { ?body a ?type . ?type a psg:BodyType ; psg:startDate ?typeStart }
    } GROUP BY ?body }
  BIND(COALESCE(?ownStart, ?latestTypeStart) AS ?from)
  FILTER(BOUND(?from))
} ;

INSERT { ?body psg:activeUntil ?until }
WHERE {
  { SELECT ?body (MIN(?typeEnd) AS ?earliestTypeEnd) (SAMPLE(?own) AS ?ownEnd)
    WHERE {
      ?body psg:level ?level .
      OPTIONAL { ?body psg:endDate ?own }
      OPTIONAL { ?body a ?type . ?type a psg:BodyType ; psg:endDate ?typeEnd }
    } GROUP BY ?body }
  BIND(COALESCE(?ownEnd, ?earliestTypeEnd) AS ?until)
  FILTER(BOUND(?until))
}
