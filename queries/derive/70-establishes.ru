#+ title: What each text establishes
#+ description: >
#+   A legal or policy text establishes the bodies and body types that name it with
#+   psg:establishedBy: stated once, on the body, and read from the text's side too (a legal-text
#+   page lists what the text set up; SPARQL stores that receive the dumps need no inference).
PREFIX psg: <https://w3id.org/psgraph/ontology#>

INSERT { ?text psg:establishes ?established } WHERE { ?established psg:establishedBy ?text }
