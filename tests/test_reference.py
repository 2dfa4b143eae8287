"""The reference generator on tiny copies of the source files: what is kept, how territories nest,
and that the Turtle it writes parses to the expected statements."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from psgraph.errors import InputError
from psgraph.reference import generate as generator
from psgraph.reference.eu import eu_territories
from psgraph.reference.france import france_territories
from psgraph.reference.model import TERRITORY_BASE
from psgraph.reference.uk import uk_territories
from psgraph.reference.writer import document, literal

PSG = "https://w3id.org/psgraph/ontology#"


def _write(folder: Path, name: str, records: object) -> None:
    (folder / name).write_text(json.dumps(records), encoding="utf-8")


@pytest.fixture
def etalab(tmp_path: Path) -> Path:
    _write(tmp_path, "regions.json", [{"code": "84", "nom": "Auvergne-Rhône-Alpes", "zone": "metro"},
                                       {"code": "975", "nom": "Saint-Pierre", "zone": "com"}])
    _write(tmp_path, "departements.json", [{"code": "01", "region": "84", "nom": "Ain", "zone": "metro"},
                                            {"code": "69", "region": "84", "nom": "Rhône", "zone": "metro"}])
    _write(tmp_path, "communes.json", [
        {"code": "01001", "nom": 'L\'Abergement "A"', "type": "commune-actuelle", "zone": "metro",
         "departement": "01", "siren": "210100012", "population": 860},
        {"code": "69123", "nom": "Lyon", "type": "commune-actuelle", "zone": "metro", "departement": "69",
         "siren": "216901231", "population": 519127},
        {"code": "69999", "nom": "Île", "type": "commune-actuelle", "zone": "metro", "departement": "69",
         "population": 100},
        {"code": "69001", "nom": "Ancienne", "type": "commune-deleguee", "zone": "metro", "departement": "69"},
        {"code": "97501", "nom": "Miquelon", "type": "commune-actuelle", "zone": "com", "departement": "975"}])
    _write(tmp_path, "epci.json", [{"code": "200000001", "nom": "CC des deux rives", "type": "CC",
                                     "membres": [{"code": "01001"}, {"code": "69123"}]}])
    return tmp_path


def test_france_keeps_current_communes_and_nests_them(etalab: Path) -> None:
    territories = {t.path: t for t in france_territories(etalab)}
    assert set(territories) == {"fr/region/84", "fr/departement/01", "fr/departement/69", "fr/epci/200000001",
                                "fr/commune/01001", "fr/commune/69123", "fr/commune/69999"}
    assert sorted(territories["fr/commune/69123"].within) == ["fr/departement/69", "fr/epci/200000001"]
    assert territories["fr/commune/69999"].within == ["fr/departement/69"]  # in no EPCI
    # The EPCI straddles two départements of one région: it lies within the région.
    assert territories["fr/epci/200000001"].within == ["fr/region/84"]
    assert territories["fr/commune/69123"].population == 519127
    assert territories["fr/commune/69123"].codes == {"inseeCode": "69123", "sirenCode": "216901231"}


def test_written_turtle_parses_with_provenance_and_escaped_names(etalab: Path) -> None:
    text = document("test", france_territories(etalab), TERRITORY_BASE)
    store = ox.Store()
    store.load(text.encode("utf-8"), format=ox.RdfFormat.TURTLE)
    commune = ox.NamedNode(TERRITORY_BASE + "fr/commune/01001")
    labels = {q.object.value for q in store.quads_for_pattern(commune, ox.NamedNode(
        "http://www.w3.org/2000/01/rdf-schema#label"), None)}
    assert labels == {'L\'Abergement "A"'}
    citation = next(iter(store.quads_for_pattern(commune, ox.NamedNode(PSG + "citation"), None))).object
    dataset = next(iter(store.quads_for_pattern(citation, ox.NamedNode("http://purl.org/dc/terms/source"), None))).object
    licence = next(iter(store.quads_for_pattern(dataset, ox.NamedNode("http://purl.org/dc/terms/license"), None)))
    assert "etalab" in licence.object.value
    assert "tfrc:01001 a psg:Territory" in text
    assert literal('a"b\\c') == '"a\\"b\\\\c"'


def test_france_names_the_file_and_line_of_bad_json(etalab: Path) -> None:
    (etalab / "epci.json").write_text("[{", encoding="utf-8")
    with pytest.raises(InputError, match=r"epci\.json:1:\d+: not valid JSON"):
        france_territories(etalab)


def test_uk_two_tier_districts_lie_in_their_county(tmp_path: Path) -> None:
    records = tmp_path / "records.json"
    _write(tmp_path, "records.json", [
        {"FID": "1", "LTLA21CD": "E07000105", "LTLA21NM": "Ashford", "UTLA21CD": "E10000016", "UTLA21NM": "Kent"},
        {"FID": "2", "LTLA21CD": "E06000001", "LTLA21NM": "Hartlepool", "UTLA21CD": "E06000001",
         "UTLA21NM": "Hartlepool"},
        {"FID": "3", "LTLA21CD": "W06000015", "LTLA21NM": "Cardiff", "UTLA21CD": "W06000015", "UTLA21NM": "Cardiff"}])
    territories = {t.path: t for t in uk_territories(records)}
    assert territories["uk/ltla/E07000105"].within == ["uk/utla/E10000016"]
    assert territories["uk/utla/E10000016"].level == "County"
    assert territories["uk/ltla/E06000001"].within == ["uk-england"]
    assert territories["uk/ltla/W06000015"].within == ["uk-wales"]
    assert "uk/utla/E06000001" not in territories  # a unitary authority is one territory


def test_uk_rejects_a_code_outside_england_and_wales(tmp_path: Path) -> None:
    _write(tmp_path, "records.json", [{"FID": "1", "LTLA21CD": "S12000033", "LTLA21NM": "Aberdeen",
                                       "UTLA21CD": "S12000033", "UTLA21NM": "Aberdeen"}])
    with pytest.raises(InputError, match="not an English or Welsh GSS code"):
        uk_territories(tmp_path / "records.json")


def test_eu_maps_nuts_levels_and_greece_and_drops_extra_regio(tmp_path: Path) -> None:
    nuts = tmp_path / "nuts.yaml"
    nuts.write_text("""
- {Country code: EL, NUTS Code: EL3, NUTS label: Attiki, NUTS level: 1}
- {Country code: EL, NUTS Code: EL30, NUTS label: Attiki, NUTS level: 2}
- {Country code: EL, NUTS Code: EL303, NUTS label: Kentrikos Tomeas Athinon, NUTS level: 3}
- {Country code: EL, NUTS Code: ELZZZ, NUTS label: Extra-Regio NUTS 3, NUTS level: 3}
""", encoding="utf-8")
    territories = {t.path: t for t in eu_territories(nuts, {"GR": ("Greece", "Grèce")})}
    assert set(territories) == {"gr", "eu/nuts/EL3", "eu/nuts/EL30", "eu/nuts/EL303"}
    assert territories["gr"].codes == {"isoCode": "GR", "nutsCode": "EL"}
    assert (territories["gr"].label_en, territories["gr"].label_fr) == ("Greece", "Grèce")
    assert territories["eu/nuts/EL3"].within == ["gr"]
    assert territories["eu/nuts/EL303"].within == ["eu/nuts/EL30"]
    assert territories["eu/nuts/EL303"].level == "County"


def test_generator_refuses_an_unpinned_package_version(tmp_path: Path) -> None:
    package = tmp_path / generator.ETALAB_FOLDER
    package.mkdir(parents=True)
    (package / "package.json").write_text('{"version": "5.3.0"}', encoding="utf-8")
    with pytest.raises(InputError, match=r"pinned to 6\.0\.0"):
        generator.locate_inputs(tmp_path)


def test_generator_without_the_package_says_how_to_install_it(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="make reference"):
        generator.locate_inputs(tmp_path)
