"""Names for IRI parameters, read by the intake's reconciliation on the real build: one match taken,
several offered, none answered with the closest names, in English and French."""

from __future__ import annotations

import pytest

from psgraph.catalogue import load_catalogue
from psgraph.errors import ParameterError
from psgraph.paramnames import NameChoice, ParamNames
from psgraph.project import Project

TERRITORY = "https://w3id.org/psgraph/id/territory/"


@pytest.fixture(scope="module")
def names(real_project: Project) -> ParamNames:
    from psgraph.build import build

    if not real_project.store_link.exists():
        build(real_project)
    return ParamNames.of_build(real_project.store_link.resolve())


@pytest.fixture(scope="module")
def catalogue(real_project: Project):
    return load_catalogue(real_project)


@pytest.mark.parametrize(("query", "param", "name", "iri"), [
    ("partnership-load", "territory", "Rhône", "tfrd:69"),  # not the NUTS region of the same name
    ("partnership-load", "territory", "rhone", "tfrd:69"),
    ("partnership-load", "territory", "69", "tfrd:69"),
    ("partnership-load", "territory", "Lyon", "tfrc:69123"),
    ("partnership-load", "territory", "France", "terr:fr"),
    ("partnership-load", "territory", "FRK26", "tnuts:FRK26"),  # the region is still reached by its code
    ("vertical-overlap", "country", "France", "terr:fr"),
    ("vertical-overlap", "country", "Royaume-Uni", "terr:uk"),
    ("statutory-gaps", "body_type", "CLSPD", "psg:CLSPD"),
    ("statutory-gaps", "body_type", "Community Safety Partnership", "psg:CSP"),
    ("findings", "kind", "duplication", "psg:DuplicationFinding"),
    ("level-chain-gaps", "domain", "prévention de la délinquance", "psg:CrimePrevention"),
    ("statutory-gap-counts", "area_level", "regional", "psg:Regional"),
    ("lineage", "of", "CLSPD", "psg:CLSPD"),
])
def test_a_name_acronym_or_code_in_either_language_reads_as_its_iri(names, catalogue, query, param, name, iri):
    assert names.resolve(catalogue[query], {param: name}) == {param: iri}


def test_iris_dates_and_unknown_parameters_are_left_as_given(names, catalogue):
    given = {"territory": "tfrd:69", "as_of": "2010-01-01", "min_bodies": "3", "nope": "Rhône"}
    assert names.resolve(catalogue["partnership-load"], given) == given


def test_a_name_of_several_territories_offers_each_and_takes_none(names, catalogue):
    with pytest.raises(NameChoice) as raised:
        names.resolve(catalogue["partnership-load"], {"territory": "Saint-Denis"})
    choice = raised.value
    assert choice.several and choice.param == "territory"
    assert [c.value for c in choice.choices] == ["tfrc:11339", "tfrc:30247", "tfrc:93066", "tfrc:97411"]
    assert str(choice).startswith("Parameter territory: 'Saint-Denis' names 4 territories: Saint-Denis (11)")
    assert choice.in_language("fr").startswith("Paramètre territory : « Saint-Denis » désigne 4 territoires")


def test_a_name_of_nothing_is_one_sentence_with_the_closest_names(names, catalogue):
    with pytest.raises(NameChoice) as raised:
        names.resolve(catalogue["statutory-gaps"], {"body_type": "CLSPF"})
    choice = raised.value
    assert not choice.several and "psg:CLSPD" in [c.value for c in choice.choices]
    assert str(choice).startswith("Parameter body_type: 'CLSPF' matches no body type; did you mean")
    assert str(choice).count(".") <= 1 and str(choice).endswith("?")
    assert "ne correspond à aucun type d'instance" in choice.in_language("fr")


def test_a_vocabulary_name_of_nothing_lists_the_values(names, catalogue):
    with pytest.raises(ParameterError, match="matches no kind of finding; write one of these"):
        names.resolve(catalogue["findings"], {"kind": "xyzzy"})


def test_forms_show_a_name_that_reads_back_as_the_iri(names, catalogue):
    territory = catalogue["partnership-load"].param("territory")
    assert names.shown(territory, TERRITORY + "fr/departement/69", "en", "Rhône") == "Rhône"
    assert names.shown(territory, TERRITORY + "fr/commune/69123", "fr", "Lyon") == "Lyon"
    # a commune whose name others bear is shown with its département and code, which read back
    shown = names.shown(territory, TERRITORY + "fr/commune/93066", "fr", "Saint-Denis")
    assert shown == "Saint-Denis (93) [93066]"
    assert names.resolve(catalogue["partnership-load"], {"territory": shown}) == {"territory": "tfrc:93066"}
    body_type = catalogue["statutory-gaps"].param("body_type")
    assert names.shown(body_type, "https://w3id.org/psgraph/ontology#CLSPD", "fr",
                       "Conseil local de sécurité et de prévention de la délinquance (CLSPD)") \
        == "Conseil local de sécurité et de prévention de la délinquance (CLSPD)"


def test_without_a_build_a_name_asks_for_one(tmp_path, catalogue):
    names = ParamNames.of_build(tmp_path / "missing")
    with pytest.raises(ParameterError.__base__, match="run `psgraph build`"):
        names.resolve(catalogue["partnership-load"], {"territory": "Rhône"})
    assert names.resolve(catalogue["partnership-load"], {"territory": "tfrd:69"}) == {"territory": "tfrd:69"}
