#+ title: Territories each statutory obligation applies to
#+ description: >
#+   psg:obligedBy links every territory to each version of a statutory obligation whose conditions
#+   it meets: the obligation's level, within its jurisdiction, and above its population threshold
#+   when it has one. Whether the version is in force on a date, and whether a body meets it, is
#+   left to the queries (they depend on as_of); this part does not, and over 35,000 communes it is
#+   the expensive part. The obliged territories also get their psg:withinOrSelf closure, which
#+   the counts per area read.
PREFIX psg: <https://w3id.org/psgraph/ontology#>

INSERT { ?territory psg:obligedBy ?obligation }
WHERE {
  ?obligation a psg:StatutoryObligation ; psg:obligedLevel ?level ; psg:obligedWithin ?jurisdiction ;
      psg:populationAbove ?threshold .
  ?territory psg:legalPopulation ?population .
  FILTER(?population > ?threshold)
  ?territory psg:territoryLevel ?level ; psg:within ?parent .
  # A territory that has ended (a district abolished since) is obliged no more: its successor is.
  FILTER NOT EXISTS { ?territory psg:endDate ?ended }
  ?parent psg:withinOrSelf ?jurisdiction .
} ;

INSERT { ?territory psg:obligedBy ?obligation }
WHERE {
  ?obligation a psg:StatutoryObligation ; psg:obligedLevel ?level ; psg:obligedWithin ?jurisdiction .
  FILTER NOT EXISTS { ?obligation psg:populationAbove ?anyThreshold }
  ?territory psg:territoryLevel ?level ; psg:within ?parent .
  # NUTS regions are statistical units: the law's départements are the administrative ones.
  FILTER NOT EXISTS { ?territory psg:nutsCode ?nuts }
  # A rule may name the kind of territory (police areas, not county council areas) and leave some out.
  FILTER NOT EXISTS { ?obligation psg:obligedTerritoryType ?kind . FILTER NOT EXISTS { ?territory a ?kind } }
  FILTER NOT EXISTS { ?obligation psg:exceptTerritory ?territory }
  FILTER NOT EXISTS { ?territory psg:endDate ?ended }
  ?parent psg:withinOrSelf ?jurisdiction .
}
 ;

# Bodies that would meet an obligation of the territory, whatever the date: a body of the
# required type, or of a type that may stand in (psg:alsoMetBy), on the territory itself; or of a
# stand-in type on a wider territory. Whether the body is active on a date is left to the queries.
INSERT { ?territory psg:coveredBy ?body }
WHERE {
  { ?obligation psg:obligedBodyType ?type } UNION { ?obligation psg:alsoMetBy ?type }
  ?body a ?type ; psg:territory ?territory .
  ?territory psg:obligedBy ?obligation .
} ;

# The stand-in bodies first (a few hundred), then what lies within their territory: written the
# other way round the engine joins every commune's nesting first (3.5 s instead of 0.4 s).
INSERT { ?territory psg:coveredBy ?body }
WHERE {
  { SELECT DISTINCT ?obligation ?body ?cover WHERE {
      ?obligation psg:alsoMetBy ?type .
      ?body a ?type ; psg:territory ?cover .
  } }
  ?wider psg:withinOrSelf ?cover .
  ?territory psg:within ?wider ; psg:obligedBy ?obligation .
}
 ;

# The wider territories of every obliged territory, so that gaps are counted per area with one
# triple pattern: obliged communes are referenced by nothing, so 40-territory-closure leaves them
# out (about 2,600 communes and districts, 15,000 triples). Written after psg:coveredBy, which
# must not see communes as wider territories.
INSERT { ?territory psg:withinOrSelf ?outer }
WHERE {
  { SELECT DISTINCT ?territory WHERE { ?territory psg:obligedBy ?obligation } }
  ?territory psg:within* ?outer .
}
