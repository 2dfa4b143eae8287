"""Time of `psgraph intake --dry-run` on SYNTHETIC workbooks, of `psgraph template`, and of the
export → dry-run round trip of every recorded body (run `psgraph build` first).

    .venv/bin/python benchmarks/intake.py [--bodies 2,2000] [--repeat 3]

Every time is the wall time of the command as a curator runs it (a new process: start-up, reading
the names the build indexed, reconciling, checking, validating), median of --repeat runs.

The workbook is generated here, in a temporary folder, never under data/: one CLSPD for each of the
N most populous French communes (ids synthetic-clspd-<INSEE code>, names marked SYNTHETIC), each with
the three statutory seats the law requires, a mandate and the article of the code as its source, all
written as a curator would (names, not codes: "Avignon (84) [84007]", "prefect (préfet)").
A body takes six rows (the body, three seats, a mandate, a source): 2 bodies are a 12-row workbook, 334 a
2,004-row one.
Targets (issue 30): a 10-row dry run ≤ 3 s, 2,000 rows ≤ 15 s, the template ≤ 3 s.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from psgraph.intake import layout
from psgraph.intake.reconcile import Reconciler
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


PSGRAPH = [sys.executable, "-m", "psgraph"]


def timed(arguments: list[str], repeat: int) -> tuple[float, float, subprocess.CompletedProcess[str]]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        finished = subprocess.run(PSGRAPH + arguments, capture_output=True, text=True, check=False)
        times.append(time.perf_counter() - started)
        if finished.returncode != 0:
            output = finished.stdout[-400:] + finished.stderr[-400:]
            raise SystemExit(f"psgraph {' '.join(arguments)} failed: {output}")
    return statistics.median(times), max(times), finished


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bodies", default="2,334,2000", help="comma-separated workbook sizes, in bodies")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    project = Project.locate()
    with tempfile.TemporaryDirectory() as temporary:
        for size in (int(n) for n in args.bodies.split(",")):
            folder = Path(temporary) / f"synthetic-{size}"
            folder.mkdir()
            count = synthetic_workbook(project, folder, size)
            rows = sum(
                len((folder / f"{sheet.name}.csv").read_text(encoding="utf-8").splitlines()) - 1
                for sheet in layout.SHEETS
            )
            check = ["intake", str(folder), "--dry-run", "--seeds", str(SEEDS)]
            median, slowest, _ = timed(check, args.repeat)
            print(f"dry run, {count} bodies ({rows} rows): median {median:.2f} s, slowest {slowest:.2f} s")
        # a new file each run: a template never replaces a workbook already there
        template_times = [
            timed(["template", "-o", str(Path(temporary) / f"template-{run}.xlsx")], 1)[0]
            for run in range(args.repeat)
        ]
        median, slowest = statistics.median(template_times), max(template_times)
        print(f"template: median {median:.2f} s, slowest {slowest:.2f} s")
        exported = Path(temporary) / "all.xlsx"
        median, slowest, _ = timed(["export", "--format", "xlsx", "-o", str(exported)], 1)
        print(f"export of every recorded body: {median:.2f} s")
        check = ["intake", str(exported), "--dry-run", "--seeds", str(SEEDS)]
        median, slowest, finished = timed(check, args.repeat)
        print(f"dry run of that export: median {median:.2f} s, slowest {slowest:.2f} s; "
              f"{finished.stdout.strip().splitlines()[-1]}")


if __name__ == "__main__":
    main()
