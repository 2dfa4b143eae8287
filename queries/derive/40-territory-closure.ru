#+ title: Territory nesting closure
#+ description: Every territory is within-or-equal to itself and to every territory it lies in, directly or not.
PREFIX psg: <https://w3id.org/psgraph/ontology#>

INSERT { ?inner psg:withinOrSelf ?outer } WHERE { ?inner a psg:Territory . ?inner psg:within* ?outer }
