from __future__ import annotations

import rdflib

from psgraph.server.ontodoc import english_view

TTL = """
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<http://e/A> rdfs:label "body"@en , "instance"@fr ; rdfs:comment "seulement en français"@fr .
<http://e/B> rdfs:label "plain" , "simple"@fr .
"""


def test_english_view_drops_other_languages_only_where_english_exists():
    view = english_view(rdflib.Graph().parse(data=TTL, format="turtle"))
    values = {str(o) for o in view.objects()}
    assert values == {"body", "seulement en français", "plain", "simple"}
