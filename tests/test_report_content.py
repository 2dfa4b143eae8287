"""What the printed report gathers from the real graph, for the countries and date asked."""

from __future__ import annotations

from datetime import date

import pyoxigraph as ox
import pytest

from psgraph.build import build
from psgraph.catalogue import load_catalogue
from psgraph.errors import InputError
from psgraph.report.content import SHOWN_ROWS, Asked, gather
from psgraph.server.compare import parse_countries
from psgraph.store import open_store

TODAY = date(2026, 11, 30)


@pytest.fixture(scope="module")
def store(real_project) -> ox.Store:
    build(real_project)
    return open_store(real_project)


@pytest.fixture(scope="module")
def catalogue(real_project):
    return load_catalogue(real_project)


@pytest.fixture(scope="module")
def france_uk(store, catalogue):
    return gather(store, catalogue, parse_countries("fr,uk"), TODAY, "en")


def test_the_comparison_has_both_countries_level_by_level(france_uk) -> None:
    assert france_uk.country_names == ["France", "United Kingdom"]
    levels = [row.level for row in france_uk.comparison.rows]
    assert levels.index("national") < levels.index("municipal")
    local = next(row for row in france_uk.comparison.rows if row.level == "municipal")
    assert any("CLSPD" in card.type.text for card in local.cells[0])
    assert france_uk.comparison.timeline


def test_who_leads_keeps_the_countries_asked_only(france_uk) -> None:
    countries = {row[0].text for row in france_uk.leads.rows}
    assert countries == {"France", "United Kingdom"}
    assert france_uk.leads.per_country
    # bodies a source describes, and bodies that exist in law only, each in a chart of its own
    assert [figure.spec["mark"] for figure in france_uk.leads.figures] == ["bar", "bar"]


def test_gap_counts_are_the_national_areas_of_the_countries(france_uk) -> None:
    areas = {row[0].text for row in france_uk.gaps.rows}
    assert {"France", "United Kingdom", "England", "Wales"} <= areas
    assert "European Union" not in areas
    assert france_uk.gaps.figures, "the gap counts are drawn as a bar chart"
    assert any("Local Security and Crime Prevention Council" in line and "2,251" in line
               for line in france_uk.coverage)


def test_overlap_and_duplication_questions_are_all_asked(france_uk, catalogue) -> None:
    asked = {answer.name for answer in france_uk.overlaps}
    assert asked == {q.name for q in catalogue.values() if q.category in ("overlap", "duplication")}
    load = next(answer for answer in france_uk.overlaps if answer.name == "partnership-load")
    assert load.per_country and load.total >= 13
    assert len(load.rows) == min(load.total, SHOWN_ROWS)


def test_an_answer_narrowed_by_its_first_column_leaves_other_countries_out(store, catalogue) -> None:
    def asked(codes: str) -> Asked:
        return Asked(store, parse_countries(codes), TODAY, "en")

    # France lies within the EU, but its bodies and territories are France's, not the Union's.
    assert {row[0].text for row in asked("eu").answer(catalogue["who-leads"]).rows} <= {"European Union"}
    gaps = asked("eu").answer(catalogue["statutory-gap-counts"], {"area_level": "psg:National"})
    assert not gaps.rows
    french, english = (asked(c).answer(catalogue["similar-membership"]) for c in ("fr", "uk"))
    assert french.per_country and english.per_country
    assert french.rows, "similar-membership finds French pairs"
    assert not {r[0].text for r in french.rows} & {r[0].text for r in english.rows}


def test_findings_come_with_their_quote_and_source(france_uk) -> None:
    countries = dict(france_uk.findings)
    assert set(countries) == {"France", "United Kingdom"}
    assert countries["France"], "the seeds say things about France"
    assert all(f.quote and f.source for found in countries.values() for f in found)
    assert len({f.iri for f in countries["France"]}) == len(countries["France"])


def test_in_french_the_report_speaks_french(store, catalogue) -> None:
    french = gather(store, catalogue, parse_countries("fr,uk"), TODAY, "fr")
    assert french.country_names == ["France", "Royaume-Uni"]
    assert french.leads.title.startswith("Qui ")
    assert any("Conseil local de sécurité" in line for line in french.coverage)


def test_a_country_without_body_types_is_refused(store, catalogue) -> None:
    with pytest.raises(InputError, match="no body type for zz"):
        gather(store, catalogue, parse_countries("fr,zz"), TODAY, "en")


def test_an_earlier_date_describes_the_bodies_of_then(store, catalogue) -> None:
    then = gather(store, catalogue, parse_countries("fr"), date(1995, 1, 1), "en")
    national = next(row for row in then.comparison.rows if row.level == "national")
    assert not any("CIPDR" in card.type.text or "interministerial crime-prevention committee" in card.type.text
                   for card in national.cells[0])


def test_any_set_of_member_states_is_compared_with_their_recorded_bodies(store, catalogue) -> None:
    report = gather(store, catalogue, parse_countries("dk,se,de,fr,uk"), TODAY, "en")
    assert report.country_names == ["Denmark", "Sweden", "Germany", "France", "United Kingdom"]
    national = next(row for row in report.comparison.rows if row.level == "national")
    denmark, sweden, germany = national.cells[:3]
    assert [(card.type.text, [body.text for body in card.bodies]) for card in denmark] == [
        ("national crime-prevention council", ["Danish Crime Prevention Council"])]
    assert "Swedish National Council for Crime Prevention" in [body.text for card in sweden for body in card.bodies]
    assert any("interministerial crime-prevention committee" in other.text
               for card in germany for other in card.equivalents)
    regional = next(row for row in report.comparison.rows if row.level == "regional")
    assert len([body for card in regional.cells[2] for body in card.bodies
                if body.text.startswith("Crime Prevention Council of")]) == 7
    french = gather(store, catalogue, parse_countries("dk,se,de,fr,uk"), TODAY, "fr")
    assert french.country_names[:3] == ["Danemark", "Suède", "Allemagne"]
