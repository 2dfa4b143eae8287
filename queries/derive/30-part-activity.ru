#+ title: Activity period of mandates, memberships and seat requirements
#+ description: >
#+   Mandates, memberships and seat requirements last as long as both their own dates and the body
#+   or body type they belong to allow: they start at the later of the two starts and end at the
#+   earlier of the two ends (a membership cannot outlast its body). Either may be unknown.
PREFIX psg: <https://w3id.org/psgraph/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>

INSERT { ?part psg:activeFrom ?from }
WHERE {
  { ?owner psg:hasMandate ?part } UNION { ?owner psg:typeMandate ?part }
  UNION { ?part org:organization ?owner } UNION { ?owner psg:requiresMember ?part }
  OPTIONAL { ?part psg:startDate ?own }
  OPTIONAL { ?owner psg:activeFrom ?ownerFrom }
  BIND(IF(BOUND(?own) && BOUND(?ownerFrom), IF(?own > ?ownerFrom, ?own, ?ownerFrom),
          COALESCE(?own, ?ownerFrom)) AS ?from)
  FILTER(BOUND(?from))
} ;

INSERT { ?part psg:activeUntil ?until }
WHERE {
  { ?owner psg:hasMandate ?part } UNION { ?owner psg:typeMandate ?part }
  UNION { ?part org:organization ?owner } UNION { ?owner psg:requiresMember ?part }
  OPTIONAL { ?part psg:endDate ?own }
  OPTIONAL { ?owner psg:activeUntil ?ownerUntil }
  BIND(IF(BOUND(?own) && BOUND(?ownerUntil), IF(?own < ?ownerUntil, ?own, ?ownerUntil),
          COALESCE(?own, ?ownerUntil)) AS ?until)
  FILTER(BOUND(?until))
}
