import rdflib
from rdflib.namespace import XSD

from psgraph.turtle import rdflib_graph
from psgraph.validation.owl import reasoner_view, run_owl
from tests.conftest import MINI, replace_once


def test_reasoner_view_drops_dates_and_date_ranges(real_project) -> None:
    graph = rdflib_graph(real_project.curated_files())
    view = reasoner_view(graph)
    dates = [o for o in graph.objects() if isinstance(o, rdflib.Literal) and o.datatype == XSD.date]
    assert dates
    assert not [o for o in view.objects() if isinstance(o, rdflib.Literal) and o.datatype == XSD.date]
    assert not list(view.triples((None, rdflib.RDFS.range, XSD.date)))
    assert len(graph) - len(view) >= len(dates)


def test_real_data_is_consistent(real_project) -> None:
    assert run_owl(rdflib_graph(real_project.curated_files())) == []


def test_body_in_two_disjoint_classes_is_inconsistent(mini_project) -> None:
    data = replace_once(MINI, "bfr:mini-council a psg:MiniCouncil ;",
                        "bfr:mini-council a psg:MiniCouncil , psg:PartnershipInstrument ;")
    project = mini_project(data)
    findings = run_owl(rdflib_graph(project.graph_files()))
    assert len(findings) == 1
    assert findings[0].is_violation
    assert "inconsistent" in findings[0].message
