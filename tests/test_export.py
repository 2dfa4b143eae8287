import pyoxigraph as ox
import pytest

from psgraph.build import build
from psgraph.errors import InputError
from psgraph.export import export, serialize
from psgraph.store import open_store

FORMATS = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD}


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_export_round_trips_every_triple(mini_project, tmp_path, fmt) -> None:
    project = mini_project()
    build(project)
    target = tmp_path / f"graph.{fmt}"
    export(project, fmt, str(target))
    reloaded = ox.Store()
    reloaded.load(path=str(target), format=FORMATS[fmt])
    assert len(reloaded) == len(open_store(project))


def test_turtle_export_uses_the_project_prefixes(mini_project) -> None:
    project = mini_project()
    build(project)
    text = serialize(open_store(project), "ttl").decode()
    assert "@prefix psg: <https://w3id.org/psgraph/ontology#>" in text
    assert "bfr:mini-council" in text


def test_export_to_a_missing_folder_is_an_input_error(mini_project, tmp_path) -> None:
    project = mini_project()
    build(project)
    with pytest.raises(InputError, match="does not exist"):
        export(project, "ttl", str(tmp_path / "absent" / "graph.ttl"))


def test_unknown_format_is_an_input_error(mini_project) -> None:
    project = mini_project()
    build(project)
    with pytest.raises(InputError, match="choose ttl, nt or jsonld"):
        serialize(open_store(project), "xml")
