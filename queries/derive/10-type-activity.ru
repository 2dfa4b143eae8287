#+ title: Activity period of body types
#+ description: A body type is active from its start date until its end date (when it was abolished).
PREFIX psg: <https://w3id.org/psgraph/ontology#>

INSERT { ?type psg:activeFrom ?start } WHERE { ?type a psg:BodyType ; psg:startDate ?start } ;

INSERT { ?type psg:activeUntil ?end } WHERE { ?type a psg:BodyType ; psg:endDate ?end }
