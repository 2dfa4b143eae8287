"""`psgraph release VERSION`: a versioned snapshot of the data, ready to deposit (Zenodo, a university
repository) — the RDF dumps, the data package, the dataset's description, CITATION.cff with the
release's version and date, a changelog of the data since the previous release, and checksums — in
``releases/VERSION/`` (outside git), written whole or not at all, never over an earlier release."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from psgraph.datapackage.package import LICENCE_FILES, licence_files, package_contents, zipped
from psgraph.dataset import Dataset, describe_build
from psgraph.description import DESCRIPTION, TITLE, description, statistics, turtle
from psgraph.errors import InputError
from psgraph.export import serialize
from psgraph.files import output_folder, umask
from psgraph.project import Project
from psgraph.release.changelog import ABOUT_A_BODY, COUNTED, compare, markdown, read_tables
from psgraph.store import open_store
from psgraph.validation.runner import require_current

_VERSION = re.compile(r"^\d+\.\d+\.\d+(?:[-+.][0-9A-Za-z.]+)?$")
MANIFEST = "release.json"
PACKAGE = "psgraph-datapackage.zip"
WORKBOOK = "psgraph-data.xlsx"  # the package's tables as one workbook, cells typed
BASE = "https://w3id.org/psgraph"


@dataclass(frozen=True)
class Released:
    folder: Path
    files: int
    previous: str
    added: int
    removed: int
    changed: int


def release(project: Project, version: str, previous: str = "", folder: Path | None = None) -> Released:
    if not _VERSION.match(version):
        raise InputError(f"VERSION {version!r} is not a version number: write MAJOR.MINOR.PATCH, e.g. 1.0.0.")
    releases = folder or project.root / "releases"
    target = releases / version
    if target.exists():
        raise InputError(f"Release {version} already exists in {target}: a release is never rewritten; "
                         "give a new version.")
    licences = licence_files(project.root)
    if missing := [name for name in LICENCE_FILES if name not in licences]:
        raise InputError(f"{', '.join(missing)} must be at the root of the checkout ({project.root}): every "
                         "release ships the licences it is published under.")
    before = _previous(releases, version, previous)
    output_folder(releases, "--folder")  # one that cannot be made or written: said before the work
    require_current(project, reason="so that the release holds the data as they are")
    store = open_store(project)
    built = describe_build(project, store)
    dataset = Dataset(version, built.built_at, built.triples)
    files = {f"psgraph.{fmt}": serialize(store, fmt, dataset) for fmt in ("ttl", "nt", "jsonld")}
    package, _, workbook = package_contents(store, dataset, licences, workbook=True)
    files[PACKAGE] = zipped(package)
    files[WORKBOOK] = workbook
    files.update(licences)
    files["void.ttl"] = turtle(description(dataset, statistics(store), BASE))
    files["CITATION.cff"] = _citation(project, dataset)
    names = (*ABOUT_A_BODY, *COUNTED)
    earlier = read_tables((before / PACKAGE).read_bytes(), names) if before else None
    changes = compare(earlier, read_tables(files[PACKAGE], names), before.name if before else "")
    files["CHANGELOG.md"] = markdown(changes, version, dataset.built_at).encode("utf-8")
    manifest = {"version": version, "built_at": dataset.built_at, "triples": dataset.triples,
                "previous": changes.previous}
    files[MANIFEST] = (json.dumps(manifest, indent=2) + "\n").encode()
    files["SHA256SUMS"] = "".join(f"{hashlib.sha256(content).hexdigest()}  {name}\n"
                                  for name, content in sorted(files.items())).encode()
    _write_whole(target, files)
    return Released(target, len(files), changes.previous, len(changes.added), len(changes.removed),
                    len(changes.changed))


def _previous(releases: Path, version: str, asked: str) -> Path | None:
    """The release to compare with: the one asked for, else the most recently built one."""
    if asked:
        chosen = releases / asked
        if not (chosen / PACKAGE).is_file():
            raise InputError(f"--previous {asked}: there is no release {asked} in {releases}.")
        return chosen
    found = []
    for manifest in releases.glob(f"*/{MANIFEST}") if releases.is_dir() else ():
        if manifest.parent.name != version and (manifest.parent / PACKAGE).is_file():
            built = json.loads(manifest.read_text(encoding="utf-8")).get("built_at", "")
            found.append((built, manifest.parent))
    return max(found)[1] if found else None


def _citation(project: Project, dataset: Dataset) -> bytes:
    """The checkout's CITATION.cff with the release's version and date (a minimal one without it)."""
    source = project.root / "CITATION.cff"
    citation = yaml.safe_load(source.read_text(encoding="utf-8")) if source.is_file() else {
        "cff-version": "1.2.0", "message": "If you use these data, please cite them as below.",
        "type": "dataset", "title": TITLE, "abstract": DESCRIPTION,
        "authors": [{"name": "The psgraph project"}], "license": ["CC-BY-4.0"], "url": BASE}
    citation.update({"version": dataset.version, "date-released": dataset.built_on})
    return yaml.safe_dump(citation, sort_keys=False, allow_unicode=True, width=100).encode("utf-8")


def _write_whole(target: Path, files: dict[str, bytes]) -> None:
    staging = None
    try:
        staging = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}."))
        staging.chmod(0o777 & ~umask())
        for name, content in files.items():
            (staging / name).write_bytes(content)
        os.replace(staging, target)
    except OSError as error:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        raise InputError(f"Cannot write the release to {target} ({error.strerror or error}).") from None
