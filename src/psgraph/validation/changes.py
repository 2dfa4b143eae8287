"""Which resources of data/ were added or changed since a git revision.

Both versions of every changed file are parsed and each named resource is compared by its
description with blank nodes put in a canonical form, so a re-parse (new blank node labels) or a
reordering is not a change. A blank node that nothing points at (a membership written as
``[] a org:Membership ; org:organization …``) counts as part of the resource it points to.
"""

from __future__ import annotations

import subprocess
from collections import Counter
from pathlib import Path

import pyoxigraph as ox

from psgraph.errors import InputError
from psgraph.project import Project
from psgraph.turtle import syntax_error_message
from psgraph.validation.findings import OX_OWNER_PROPERTIES

Canonical = tuple[object, ...]


def _git(project: Project, *args: str) -> bytes:
    try:
        done = subprocess.run(["git", "-C", str(project.root), *args], capture_output=True, check=False)
    except FileNotFoundError:
        raise InputError("--changed needs git, which is not installed.") from None
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise InputError(f"git {' '.join(args[:2])} failed: {detail[0] if detail else 'no message'}.")
    return done.stdout


def changed_files(project: Project, ref: str) -> list[str]:
    """Turtle files under data/ that differ from ``ref`` in the working tree, or are new."""
    try:
        _git(project, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    except InputError:
        raise InputError(f"--changed {ref}: not a git revision of this repository.") from None
    tracked = _git(project, "diff", "--name-only", "--no-renames", ref, "--", "data").decode().split("\n")
    untracked = _git(project, "ls-files", "--others", "--exclude-standard", "--", "data").decode().split("\n")
    return sorted({name for name in tracked + untracked if name.endswith(".ttl")})


def _parse(payload: bytes, name: str, base: str) -> ox.Store:
    store = ox.Store()
    try:
        store.load(payload, format=ox.RdfFormat.TURTLE, base_iri=base)
    except SyntaxError as error:
        raise InputError(syntax_error_message(Path(name), error, name)) from None
    return store


def _canonical(store: ox.Store, node: object, depth: int = 0) -> object:
    if not isinstance(node, ox.BlankNode) or depth > 20:
        return node if not isinstance(node, ox.BlankNode) else "_:deep"
    return tuple(sorted((str(q.predicate), str(_canonical(store, q.object, depth + 1)))
                        for q in store.quads_for_pattern(node, None, None)))


def _descriptions(store: ox.Store) -> Counter[tuple[str, Canonical]]:
    """(owner IRI, canonical description) for every named subject and every top-level blank node."""
    found: Counter[tuple[str, Canonical]] = Counter()
    subjects = {q.subject for q in store}
    for subject in subjects:
        if isinstance(subject, ox.NamedNode):
            found[(subject.value, _canonical_named(store, subject))] += 1
        elif isinstance(subject, ox.BlankNode) and not _is_referenced(store, subject):
            owner = next((q.object for prop in OX_OWNER_PROPERTIES
                          for q in store.quads_for_pattern(subject, prop, None)
                          if isinstance(q.object, ox.NamedNode)), None)
            if owner is not None:
                found[(owner.value, (_canonical(store, subject),))] += 1
    return found


def _is_referenced(store: ox.Store, node: ox.BlankNode) -> bool:
    return any(True for _ in store.quads_for_pattern(None, None, node))


def _canonical_named(store: ox.Store, subject: ox.NamedNode) -> Canonical:
    return tuple(sorted((str(q.predicate), str(_canonical(store, q.object)))
                        for q in store.quads_for_pattern(subject, None, None)))


def changed_resources(project: Project, ref: str) -> set[str]:
    """IRIs of the resources whose description in data/ differs between ``ref`` and the working tree."""
    changed: set[str] = set()
    for name in changed_files(project, ref):
        path = project.root / name
        base = path.resolve().as_uri()
        try:
            old_payload = _git(project, "show", f"{ref}:{name}")
        except InputError:
            old_payload = b""  # the file is new since ref
        new_payload = path.read_bytes() if path.exists() else b""
        old = _descriptions(_parse(old_payload, f"{ref}:{name}", base))
        new = _descriptions(_parse(new_payload, name, base))
        changed.update(owner for owner, _ in (old - new) + (new - old))
    return changed
