"""`validate --changed REF` gives, on the bodies added or changed since REF, the verdict that full
validation gives on them — on a seeded mix of good and bad new bodies in a copy of the project."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from psgraph.build import build
from psgraph.errors import InputError
from psgraph.project import Project
from psgraph.validation.runner import validate, validate_changed

REPO = Path(__file__).resolve().parents[1]
PREFIXES = """@prefix psg: <https://w3id.org/psgraph/ontology#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix terr: <https://w3id.org/psgraph/id/territory/> .
@prefix tfrc: <https://w3id.org/psgraph/id/territory/fr/commune/> .
@prefix tfrd: <https://w3id.org/psgraph/id/territory/fr/departement/> .
@prefix bfr: <https://w3id.org/psgraph/id/body/fr/> .
@prefix ofr: <https://w3id.org/psgraph/id/office/fr/> .
@prefix csi: <https://w3id.org/psgraph/id/law/fr/csi/> .
"""


def _council(name: str, commune: str, *, fr_label: bool = True, territory: str | None = None,
             chair_member: bool = True, term: str = "psg:hasMandate") -> str:
    label_fr = f' , "CLSPD de {name}"@fr' if fr_label else ""
    members = [("ofr:prefect", "psg:MemberRole"), ("ofr:procureur", "psg:MemberRole")]
    if chair_member:
        members.append(("ofr:mayor", "psg:ChairRole"))
    body = f"""
bfr:clspd-test-{name} a psg:CLSPD ;
    rdfs:label "CLSPD of {name}"@en{label_fr} ;
    psg:jurisdiction terr:fr ; psg:level psg:Municipal ; psg:territory {territory or "tfrc:" + commune} ;
    psg:legalBasis csi:L132-4 ; psg:chairedBy ofr:mayor ;
    {term} [ a psg:Mandate ; psg:domain psg:CrimePrevention ; psg:function psg:Coordination ;
        psg:citation [ dcterms:source csi:L132-4 ] ] ;
    psg:citation [ dcterms:source csi:L132-4 ] .
"""
    for member, role in members:
        body += (f"[] a org:Membership ; org:organization bfr:clspd-test-{name} ; org:member {member} ; "
                 f"org:role {role} ; psg:seatKind psg:StatutorySeat ; psg:citation [ dcterms:source csi:L132-4 ] .\n")
    return body


SEEDED = PREFIXES + "".join([
    _council("villeurbanne", "69266"),                                  # good
    _council("anse", "69009"),                                          # good
    _council("bron", "69029", fr_label=False),                          # no French label
    _council("caluire", "69034", territory="tfrd:69"),                  # territory above its level
    _council("corbas", "69273", chair_member=False),                    # chair and mayor's seat missing
    _council("feyzin", "69276", term="psg:hasMandat"),                  # misspelled property
])


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory) -> Project:
    root = tmp_path_factory.mktemp("changed") / "project"
    for name in ("ontology", "shapes", "queries", "data"):
        shutil.copytree(REPO / name, root / name)
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "base")
    (root / "data" / "fr" / "new-councils.ttl").write_text(SEEDED, encoding="utf-8")
    project = Project(root)
    build(project)
    return project


def _key(finding) -> tuple[str, ...]:
    return (finding.check, finding.severity, finding.owner, finding.focus, finding.rule,
            finding.path, finding.value, finding.message)


def test_changed_validation_agrees_with_full_validation(seeded: Project) -> None:
    changed = validate_changed(seeded, "HEAD")
    full = validate(seeded, ["shacl", "qc"])
    scope = set(changed.scope)
    assert scope == {f"https://w3id.org/psgraph/id/body/fr/clspd-test-{n}"
                     for n in ("villeurbanne", "anse", "bron", "caluire", "corbas", "feyzin")}
    expected = sorted(_key(f) for f in full.findings if f.owner in scope)
    assert sorted(_key(f) for f in changed.findings) == expected
    owners = {f.owner.rsplit("-", 1)[-1] for f in changed.findings if f.is_violation}
    assert owners == {"bron", "caluire", "corbas", "feyzin"}


def test_unknown_revision_is_one_sentence(seeded: Project) -> None:
    with pytest.raises(InputError, match="not a git revision"):
        validate_changed(seeded, "no-such-branch")


def test_stale_build_is_refused(seeded: Project) -> None:
    path = seeded.root / "data" / "fr" / "new-councils.ttl"
    original = path.read_text(encoding="utf-8")
    path.write_text(original + "\n# edited\n", encoding="utf-8")
    try:
        with pytest.raises(InputError, match="run `psgraph build` first"):
            validate_changed(seeded, "HEAD")
    finally:
        path.write_text(original, encoding="utf-8")
