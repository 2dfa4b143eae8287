"""Names reconciled with the build's index: every form a curator writes, suggestions that fit the
column, the valid values of a vocabulary, and the same answers from the index as from the store."""

from __future__ import annotations

import pytest

from psgraph.intake import layout
from psgraph.intake.reconcile import Index, Reconciler, Unmatched
from psgraph.project import Project


@pytest.fixture(scope="module")
def reconciler(real_project: Project) -> Reconciler:
    from psgraph.build import build

    if not real_project.store_link.exists():
        build(real_project)
    return Reconciler.from_build(real_project.store_link.resolve())


def test_documents_are_found_by_label_head_number_celex_and_article(reconciler) -> None:
    sources = reconciler.indexes[layout.SOURCE]
    law = "https://w3id.org/psgraph/id/law/eu/"
    assert (
        sources.find("COM(2004) 165")
        == sources.find("Commission Communication COM(2004) 165")
        == sources.find("com (2004)165")
        == law + "com-2004-165"
    )
    assert sources.find("Tampere European Council") == law + "tampere-conclusions-1999"
    assert (
        sources.find("CELEX 32009D0902")
        == sources.find("celex:32009D0902")
        == sources.find("32009D0902")
        == law + "dec-2009-902"
    )
    laws = reconciler.indexes[layout.LAW]
    assert laws.find("CSI L132-4").endswith("/csi/L132-4")
    with pytest.raises(Unmatched):  # a policy document is a source, never a legal basis
        laws.find("COM(2004) 165")
    # The head of a long title never hides a document whose whole name it is.
    assert laws.find("Crime and Disorder Act 1998").endswith("/law/uk/ukpga-1998-37")


def test_a_vocabulary_cell_that_matches_nothing_lists_the_valid_values(reconciler) -> None:
    with pytest.raises(Unmatched) as raised:
        reconciler.find(layout.FUNCTION, "strategy")
    message = raised.value.text
    assert "'strategy' matches no function; write one of these 14 values: " in message.render("en")
    assert "steering (pilotage)" in message.render("en")
    assert (
        "« strategy » ne correspond à aucune fonction ; écrivez l'une de ces 14 valeurs : "
        in message.render("fr")
    )
    assert "pilotage" in message.render("fr") and "steering" not in message.render("fr")


def test_suggestions_put_the_seats_the_type_requires_first_and_never_offer_a_company_for_an_office() -> None:
    index = Index(layout.ACTOR)
    index.add("ofr:prefect", "prefect (préfet)", "prefect", "préfet", tier=0, label_fr="préfet")
    index.add("ofr:police-prefect", "police prefect (préfet de police)", "police prefect", tier=0)
    index.add("auk:prefect-security", "Prefect Security Ltd (private company)", "Prefect Security", tier=2)
    with pytest.raises(Unmatched) as raised:
        index.find("sous-préfet")
    assert raised.value.text.render("en") == (
        "'sous-préfet' matches no office or organisation; did you mean 'prefect (préfet)' or "
        "'police prefect (préfet de police)'?"
    )
    assert raised.value.text.render("fr").endswith(
        "vouliez-vous dire « préfet » ou « police prefect (préfet de police) » ?"
    )
    with pytest.raises(Unmatched) as preferred:
        index.find("prefet de polis", prefer={"ofr:prefect"})
    assert preferred.value.text.render("en").split("did you mean ")[1].startswith("'prefect (préfet)'")


def test_the_index_answers_as_the_store_does(reconciler, real_project) -> None:
    from psgraph.store import open_store

    computed = Reconciler.from_store(open_store(real_project))
    for kind, cell in (
        (layout.TERRITORY, "Saint-Denis (93)"),
        (layout.TERRITORY, "E06000001"),
        (layout.ACTOR, "préfet"),
        (layout.ROLE, "président"),
        (layout.BODY_TYPE, "cispd"),
        (layout.COUNTRY, "Danemark"),
        (layout.MEASURE, "share of the population covered"),
    ):
        assert reconciler.find(kind, cell) == computed.find(kind, cell), (kind, cell)
    assert dict(reconciler.body_types) == dict(computed.body_types)
