"""Time of `psgraph intake --dry-run` on a SYNTHETIC workbook of N bodies (run `psgraph build` first).

    .venv/bin/python benchmarks/intake.py [--bodies 2000] [--repeat 3]

The workbook is generated here, in a temporary folder, never under data/: one CLSPD for each of the
N most populous French communes (ids synthetic-clspd-<INSEE code>, names marked SYNTHETIC), each with
the three statutory seats the law requires, a mandate and the article of the code as its source, all
written as a curator would (names, not codes: "Avignon (84) [84007]", "prefect (préfet)").
Prints the median and slowest of the runs, and how long reading the graph's names took.
Target (issue 18): 2,000 bodies with reconciliation and validation in ≤ 30 s.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import tempfile
import time
from pathlib import Path

from psgraph.intake import layout
from psgraph.intake.reconcile import Reconciler
from psgraph.intake.run import intake
from psgraph.project import Project
from psgraph.store import open_store

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def synthetic_workbook(project: Project, folder: Path, count: int) -> int:
    store = open_store(project)
    territories = Reconciler.from_store(store).indexes[layout.TERRITORY].candidates
    communes = [
        row[0].value
        for row in store.query("""
        PREFIX psg: <https://w3id.org/psgraph/ontology#>
        SELECT ?t WHERE { ?t psg:territoryLevel psg:Municipal ; psg:inseeCode ?code ; psg:legalPopulation ?p }
        ORDER BY DESC(?p) ?t""")
    ][:count]
    rows: dict[str, list[dict[str, str]]] = {sheet.name: [] for sheet in layout.SHEETS}
    for commune in communes:
        key = f"synthetic-clspd-{commune.rsplit('/', 1)[-1].lower()}"
        place = territories[commune].label
        rows["bodies"].append(
            {
                "id": key,
                "name_en": f"SYNTHETIC CLSPD of {place}",
                "name_fr": f"CLSPD SYNTHÉTIQUE de {place}",
                "type": "CLSPD",
                "territory": place,
                "legal_basis": "CSI L132-4",
                "chair": "maire",
                "start_date": "2008-01-01",
            }
        )
        for member, role in (
            ("maire", "président"),
            ("préfet", "membre"),
            ("procureur de la République", "membre"),
        ):
            rows["members"].append(
                {"body": key, "member": member, "role": role, "seat_kind": "membre de droit"}
            )
        rows["mandates"].append(
            {
                "body": key,
                "domains": "prévention de la délinquance",
                "functions": "pilotage; coordination",
                "legal_basis": "CSI D132-7",
            }
        )
        rows["sources"].append({"about": key, "source": "CSI L132-4", "locator": "SYNTHETIC benchmark row"})
    for sheet in layout.SHEETS:
        with (folder / f"{sheet.name}.csv").open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow([c.name for c in sheet.columns])
            writer.writerows([row.get(c.name, "") for c in sheet.columns] for row in rows[sheet.name])
    return len(communes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bodies", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    project = Project.locate()
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary) / "synthetic"
        folder.mkdir()
        count = synthetic_workbook(project, folder, args.bodies)
        started = time.perf_counter()
        Reconciler.from_store(open_store(project))
        names = time.perf_counter() - started
        times = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            result = intake(project, folder, dry_run=True, seeds=SEEDS)
            times.append(time.perf_counter() - started)
            if not result.accepted:
                raise SystemExit(
                    "the synthetic workbook was refused: " + "; ".join(map(str, result.problems[:3]))
                )
    print(
        f"{count} bodies, {len(result.warnings)} warnings: median {statistics.median(times):.1f} s, "
        f"slowest {max(times):.1f} s (of {args.repeat}); reading the graph's names {names:.1f} s of each"
    )


if __name__ == "__main__":
    main()
