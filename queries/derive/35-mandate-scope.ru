#+ title: Where each mandate is held
#+ description: >
#+   Copies the country and level of governance of the body (psg:jurisdiction, psg:level) or body
#+   type (psg:typeJurisdiction, psg:typeLevel) onto each of its mandates, so that queries about
#+   which domains are held where read one node instead of joining both layers.
PREFIX psg: <https://w3id.org/psgraph/ontology#>

INSERT { ?mandate psg:mandateLevel ?level ; psg:mandateJurisdiction ?country }
WHERE {
  { ?holder psg:hasMandate ?mandate ; psg:level ?level ; psg:jurisdiction ?country }
  UNION { ?holder psg:typeMandate ?mandate ; psg:typeLevel ?level ; psg:typeJurisdiction ?country }
}
