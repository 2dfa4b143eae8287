"""Command-line interface: argument parsing and output only; the work is done elsewhere.

Exit codes: 0 success (the data conforms), 1 the data has violations, 2 usage or input error.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

from psgraph import __version__, logs
from psgraph.build import build
from psgraph.catalogue import LANGUAGES, find, load_catalogue
from psgraph.datapackage.package import export_package
from psgraph.errors import EXIT_INVALID, EXIT_OK, EXIT_USAGE, InputError, ParameterError, PsgraphError
from psgraph.export import FORMATS as EXPORT_FORMATS
from psgraph.export import export
from psgraph.files import output_file, write_output
from psgraph.instances.output import write_instances
from psgraph.intake.export import export_bodies
from psgraph.intake.export import xlsx as workbook_bytes
from psgraph.intake.reconcile import Reconciler
from psgraph.intake.run import intake
from psgraph.intake.run import markdown as intake_markdown
from psgraph.intake.run import summary as intake_summary
from psgraph.intake.template import check_target as check_template_target
from psgraph.intake.template import summary as template_summary
from psgraph.intake.template import write_template
from psgraph.observed.generate import OUTPUT as OBSERVED_CSP
from psgraph.observed.generate import generate as observe
from psgraph.paramnames import ParamNames
from psgraph.params import parse_assignments
from psgraph.project import Project
from psgraph.querydocs import describe, listing
from psgraph.querying import DEFAULT_TIMEOUT_S, run_embedded, run_remote
from psgraph.reference.generate import generate, locate_inputs
from psgraph.release.write import release
from psgraph.report.write import write_report
from psgraph.results import FORMATS as RESULT_FORMATS
from psgraph.results import render as render_results
from psgraph.server import config as serving
from psgraph.server import openfiles
from psgraph.server.run import serve
from psgraph.stats import collect, render_text
from psgraph.store import open_store
from psgraph.synth import synthesise
from psgraph.validation import report
from psgraph.validation.runner import CHANGED_CHECKS, CHECKS, validate, validate_changed
from psgraph.validation.shacl import ENGINES


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="psgraph",
        description="Build, validate, query and export the psgraph knowledge graph of "
                    "crime-prevention and security partnerships (FR, UK, EU).",
        epilog="Exit codes: 0 ok, 1 the data has violations, 2 usage or input error.")
    parser.add_argument("--version", action="version", version=f"psgraph {__version__}")
    parser.add_argument("--root", metavar="DIR",
                        help="the psgraph checkout (default: the nearest folder with ontology/ and data/)")
    parser.add_argument("--include", metavar="DIR", action="append", default=[],
                        help="also load the Turtle files under DIR, e.g. the synthetic layer of "
                             "`psgraph synth` (repeatable; never part of data/)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    commands.add_parser("build", help="parse ontology/ and data/ into the store, atomically")

    fake = commands.add_parser("synth", help="write a SYNTHETIC instance layer on the real territories, "
                                             "for benchmarks (needs a build; output outside data/)")
    fake.add_argument("--out", default=".psgraph/synthetic",
                      help="folder to write (default: .psgraph/synthetic)")
    fake.add_argument("--seed", type=int, default=2026, help="random seed (default: 2026)")
    fake.add_argument("--coverage", type=float, default=0.85,
                      help="share of obliged territories given a council, 0 to 1 (default: 0.85)")
    fake.add_argument("--members", type=int, default=40, help="mean number of invited members (default: 40)")

    commands.add_parser("instances", help="regenerate data/instances/, the bodies a text institutes on "
                                          "every territory of a level and the memberships it gives every "
                                          "member state (needs a build; `make instances`)")
    commands.add_parser("reference", help="regenerate data/reference/ from the pinned official datasets "
                                          "(run through `make reference`)")
    seen = commands.add_parser("observed", help="write the intake workbook of bodies observed in an official "
                                                "dataset (needs a build)")
    seen.add_argument("dataset", choices=("csp",),
                      help="csp: the Community Safety Partnerships of the ONS lookups (England and Wales)")
    seen.add_argument("--lookups", required=True, metavar="DIR",
                      help="a checkout of the public repository jtrim-ons/ons-lookups "
                           "(its csv/ and datasets.md)")
    seen.add_argument("--out", default=str(OBSERVED_CSP), metavar="DIR",
                      help=f"the workbook folder to write (default: {OBSERVED_CSP})")

    check = commands.add_parser("validate", help="run the SHACL shapes, QC queries and OWL check")
    check.add_argument("--format", choices=report.FORMATS, default="text",
                       help="text (grouped by body, default), table (tab-separated), turtle (SHACL report) "
                            "or markdown (a table, for a pull request's job summary)")
    check.add_argument("--checks", default=None,
                       help=f"comma-separated checks to run (default: {','.join(CHECKS)}; "
                            f"with --changed: {','.join(CHANGED_CHECKS)})")
    check.add_argument("--changed", metavar="REF",
                       help="validate only the resources of data/ added or changed since the git revision "
                            "REF, on the current build (run `psgraph build` first)")
    check.add_argument("--lang", choices=("en", "fr"), default="en",
                       help="the language of the messages (default en; fr: the shapes' French messages)")
    check.add_argument("--shacl-engine", choices=ENGINES, default="turbo",
                       help="turbo (pyshacl-turbo, default) or pyshacl (the reference engine: "
                            "same results, minutes on the whole graph)")

    dump = commands.add_parser("export", help="write the merged graph of the current store")
    dump.add_argument("--format", choices=[*sorted(EXPORT_FORMATS), "xlsx", "datapackage"], default="ttl",
                      help="ttl, nt or jsonld: the whole graph; xlsx: the recorded bodies in the curators' "
                           "workbook layout, to correct and import again with `psgraph intake`; "
                           "datapackage: tidy CSV tables with a Table Schema each and a codebook (a "
                           "Frictionless Data Package), into a folder or a .zip")
    dump.add_argument("--output", "-o", default="-",
                      help="file (or, for datapackage, folder or .zip) to write (default: standard output)")
    dump.add_argument("--type", default="", metavar="TYPE",
                      help="xlsx: only bodies of this type (e.g. CLSPD)")
    dump.add_argument("--country", default="", metavar="COUNTRY", help="xlsx: only bodies of this country")

    paper = commands.add_parser("report", help="write a printable comparison of countries (HTML, and PDF "
                                               "through Chromium) with charts and findings (needs a build)")
    paper.add_argument("--countries", default="fr,uk",
                       help="country codes separated by commas (default: fr,uk)")
    paper.add_argument("--as-of", metavar="YYYY-MM-DD", help="the date the report describes (default: today)")
    paper.add_argument("--lang", choices=("en", "fr"), default="en",
                       help="language of the report (default: en)")
    paper.add_argument("--output", "-o", default="report.html",
                       help="HTML file to write (default: report.html)")
    paper.add_argument("--pdf", nargs="?", const="", metavar="FILE",
                       help="also print the report to PDF with headless Chromium (default file: the HTML "
                            "file's name with .pdf)")

    snapshot = commands.add_parser("release", help="write a versioned snapshot (dumps, data package, "
                                                   "description, citation, changelog, checksums) to "
                                                   "releases/VERSION/ (needs a build)")
    snapshot.add_argument("version", metavar="VERSION", help="the release's version, e.g. 1.0.0")
    snapshot.add_argument("--previous", default="", metavar="VERSION",
                          help="the release to compare with (default: the most recently built one)")
    snapshot.add_argument("--folder", default="", metavar="DIR",
                          help="where releases are kept (default: releases/ in the checkout)")

    counts = commands.add_parser("stats", help="counts by country, level and body type")
    counts.add_argument("--format", choices=("text", "json"), default="text")

    sheet = commands.add_parser("template", help="write an empty curator's workbook (XLSX, or a folder of "
                                                "CSV files) with drop-down lists and a help sheet "
                                                "(needs a build)")
    sheet.add_argument("--type", default="CLSPD", metavar="TYPE",
                       help="the body type of the help sheet's example rows (default CLSPD; e.g. CSP, CDPD)")
    sheet.add_argument("--output", "-o", required=True, metavar="FILE.xlsx|FOLDER",
                       help="the workbook to write (.xlsx), or a folder for the CSV variant")
    intake_ = commands.add_parser("intake", help="import bodies from a curator's workbook: names reconciled, "
                                                 "every row checked, nothing written unless all are valid")
    intake_.add_argument("workbook", metavar="FILE.xlsx|FILE.csv|FOLDER")
    intake_.add_argument("--dry-run", action="store_true", help="check only; write nothing")
    intake_.add_argument("--format", choices=("text", "markdown"), default="text",
                         help="text (one line per problem, default) or markdown (a table, for a job summary)")
    intake_.add_argument("--seeds", metavar="DIR", help="the seed texts that quotes are checked against "
                                                         "(default: ../shared/seeds beside the checkout)")
    intake_.add_argument("--lang", choices=("en", "fr"), default="en",
                         help="the language of the messages (default en; fr: en français)")

    query = commands.add_parser("query", help="list, show and run the canned queries of queries/")
    actions = query.add_subparsers(dest="action", required=True, metavar="ACTION")
    actions.add_parser("list", help="every canned query: name, category, title")
    show = actions.add_parser("show", help="a query's description, parameters and text")
    show.add_argument("name")
    run = actions.add_parser("run", help="run a query on the built store or a SPARQL endpoint")
    run.add_argument("name")
    run.add_argument("--param", "-p", action="append", default=[], metavar="NAME=VALUE",
                     help="a parameter value (repeatable); `psgraph query show NAME` lists them")
    run.add_argument("--format", choices=RESULT_FORMATS, default="table",
                     help="table (default), csv, or json (SPARQL 1.1 JSON results)")
    run.add_argument("--lang", choices=LANGUAGES, default="en",
                     help="the language of the label columns (default en; fr: French labels)")
    run.add_argument("--endpoint", metavar="URL",
                     help="a SPARQL 1.1 query endpoint to run it on instead of the built store")
    run.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT_S, metavar="SECONDS",
                     help=f"how long to wait for the endpoint (default {DEFAULT_TIMEOUT_S})")

    _serve_options(commands.add_parser("serve", help="SPARQL endpoint, editor, canned query pages, "
                                                     "ontology docs"))
    return parser


def _size(text: str) -> int:
    try:
        return serving.parse_size(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a size: give e.g. 8G or 512M") from None


def _serve_options(server: argparse.ArgumentParser) -> None:
    server.add_argument("--host", default=serving.DEFAULT_HOST,
                        help=f"interface to listen on (default {serving.DEFAULT_HOST})")
    server.add_argument("--port", type=int, default=serving.DEFAULT_PORT,
                        help=f"port to listen on (default {serving.DEFAULT_PORT}; 0 picks a free one)")
    server.add_argument("--timeout", type=float, default=serving.DEFAULT_TIMEOUT_S, metavar="SECONDS",
                        help=f"time limit of one query (default {serving.DEFAULT_TIMEOUT_S:g})")
    server.add_argument("--max-rows", type=int, default=serving.DEFAULT_MAX_ROWS, metavar="N",
                        help=f"most rows or triples one answer returns (default {serving.DEFAULT_MAX_ROWS})")
    server.add_argument("--workers", type=int, default=serving.default_workers(), metavar="N",
                        help=f"query worker processes (default: twice the cores, at least 4; at most "
                             f"{serving.MAX_WORKERS})")
    server.add_argument("--spare-workers", type=int, default=serving.DEFAULT_SPARE_WORKERS, metavar="N",
                        help="workers started beforehand that take a stopped or dead worker's place at "
                             f"once (default {serving.DEFAULT_SPARE_WORKERS}; they share --max-memory)")
    server.add_argument("--max-memory", type=_size, default=serving.default_max_memory(), metavar="SIZE",
                        help="memory of all query workers together, shared equally; a query that needs "
                             "more than its worker's share is stopped (default: half the machine's "
                             "memory, e.g. 12G)")
    server.add_argument("--client-concurrency", type=int, default=serving.DEFAULT_CLIENT_CONCURRENCY,
                        metavar="N", help="queries one client may run at once "
                                          f"(default {serving.DEFAULT_CLIENT_CONCURRENCY})")
    server.add_argument("--client-budget", type=float, default=serving.DEFAULT_CLIENT_BUDGET_S,
                        metavar="SECONDS", help="query time one client may use per minute "
                                                f"(default {serving.DEFAULT_CLIENT_BUDGET_S:g})")
    server.add_argument("--queue-timeout", type=float, default=serving.DEFAULT_QUEUE_TIMEOUT_S,
                        metavar="SECONDS", help="how long a query may wait for a free worker before "
                                                f"503 (default {serving.DEFAULT_QUEUE_TIMEOUT_S:g})")
    server.add_argument("--connection-limit", type=int, default=serving.DEFAULT_CONNECTION_LIMIT,
                        metavar="N", help="open HTTP connections at most (default: as many as the "
                                          "open-file limit leaves room for, at most "
                                          f"{openfiles.MOST_CONNECTIONS:,})")
    server.add_argument("--trusted-proxy", default="", metavar="ADDRESS",
                        help="the reverse proxy's IP address: clients are then told apart by the "
                             "X-Forwarded-For it sends (see deploy/)")
    server.add_argument("--public-url", default="", metavar="URL",
                        help="the address clients use (e.g. https://psgraph.example.org), for the "
                             "service description")
    server.add_argument("--allow-service", action="append", default=[], metavar="HOST",
                        help="a host that federated SERVICE calls may reach (repeatable; none by default)")


def _serve(project: Project, args: argparse.Namespace) -> int:
    config = serving.ServerConfig(
        host=args.host, port=args.port, timeout_s=args.timeout, max_rows=args.max_rows,
        workers=args.workers, spare_workers=args.spare_workers,
        allowed_service_hosts=tuple(args.allow_service), max_memory=args.max_memory,
        client_concurrency=args.client_concurrency, client_budget_s=args.client_budget,
        queue_timeout_s=args.queue_timeout, connection_limit=args.connection_limit,
        trusted_proxy=args.trusted_proxy, public_url=args.public_url)
    serve(project, config, announce=lambda line: print(line, flush=True))
    return EXIT_OK


def _query(project: Project, args: argparse.Namespace) -> int:
    catalogue = load_catalogue(project)
    if args.action == "list":
        print(listing(catalogue))
        return EXIT_OK
    query = find(catalogue, args.name)
    if args.action == "show":
        print(describe(query))
        return EXIT_OK
    query = query.in_language(args.lang)
    given = ParamNames.of_build(project.store_link).resolve(query, parse_assignments(args.param))
    bindings = query.bind(given)
    if args.endpoint:
        table = run_remote(args.endpoint, query, bindings, args.timeout)
    else:
        table = run_embedded(open_store(project), query, bindings)
    print(render_results(table, args.format))
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logs.configure()
    try:
        project = Project.locate(args.root).including(args.include)
        if args.command == "build":
            result = build(project)
            print(f"Built {result.triples} triples ({result.derived} derived) from {result.files} files "
                  f"in {result.seconds:.2f} s into {project.relative(result.location)}.")
            return EXIT_OK
        if args.command == "synth":
            if not 0 <= args.coverage <= 1 or args.members < 1:
                raise InputError("--coverage must lie between 0 and 1 and --members be at least 1.")
            result = synthesise(open_store(project), project.root / args.out, args.seed,
                                args.coverage, args.members)
            print(f"Wrote {result.triples} SYNTHETIC triples ({result.bodies} bodies, {result.memberships} "
                  f"memberships) to {project.relative(project.root / args.out)}; build them in with "
                  f"`psgraph --include {args.out} build`.")
            return EXIT_OK
        if args.command == "instances":
            for written in write_instances(open_store(project), project.root / "data" / "instances"):
                print(f"Wrote {written.bodies} bodies, {written.changes} replacements and "
                      f"{written.memberships} memberships to {project.relative(written.path)}.")
            return EXIT_OK
        if args.command == "reference":
            for written in generate(project.root, locate_inputs(project.root)):
                print(f"Wrote {written.territories} territories to {project.relative(written.path)}.")
            return EXIT_OK
        if args.command == "observed":
            made = observe(open_store(project), Path(args.lookups), project.root / args.out)
            print(f"Wrote {made.partnerships} partnerships, {made.links} links and {made.changes} changes to "
                  f"{project.relative(made.files[0].parent)}; import them with `psgraph intake "
                  f"{args.out}`.")
            return EXIT_OK
        if args.command == "validate":
            default = CHANGED_CHECKS if args.changed else CHECKS
            checks = [c.strip() for c in (args.checks or ",".join(default)).split(",") if c.strip()]
            if args.changed:
                outcome = validate_changed(project, args.changed, checks, args.shacl_engine)
                print(report.scope_line(outcome.scope, args.changed, args.lang), file=sys.stderr)
            else:
                outcome = validate(project, checks, args.shacl_engine)
            print(report.render(outcome.findings, args.format, args.lang))
            return EXIT_OK if outcome.conforms else EXIT_INVALID
        if args.command == "template":
            target = project.root / args.output if not os.path.isabs(args.output) else Path(args.output)
            check_template_target(target)  # before the names are read
            store = open_store(project)
            reconciler = Reconciler.from_build(project.store_link.resolve())
            made = write_template(store, reconciler, target, args.type)
            for line in template_summary(made, project):
                print(line)
            return EXIT_OK
        if args.command == "intake":
            seeds = Path(args.seeds) if args.seeds else None
            result = intake(project, Path(args.workbook), args.dry_run, seeds)
            if args.format == "markdown":
                print(intake_markdown(result, args.workbook, args.lang))
            else:
                for line in intake_summary(result, args.dry_run, project, args.lang):
                    print(line, file=sys.stderr if not result.accepted else sys.stdout)
            return EXIT_OK if result.accepted else EXIT_INVALID
        if args.command == "export" and args.format == "xlsx":
            if args.output == "-":
                raise InputError("--format xlsx needs --output FILE.xlsx (a workbook is not written to a "
                                 "terminal).")
            target = output_file(args.output)
            store = open_store(project)
            reconciler = Reconciler.from_build(project.store_link.resolve())
            exported = export_bodies(store, reconciler, args.type, args.country)
            write_output(target, workbook_bytes(exported, reconciler))
            print(f"Wrote {len(exported.rows['bodies'])} bodies to {args.output}"
                  + (f" ({exported.generated} bodies that `psgraph instances` generates from rules are not "
                     "in it: correct the rule instead)" if exported.generated else "")
                  + (f"; left out {len(exported.left_out)} that the workbook cannot carry whole:"
                     if exported.left_out else "."), file=sys.stderr)
            for reason, count in Counter(why for _, why in exported.left_out).most_common():
                print(f"  {count} × {reason}", file=sys.stderr)
            return EXIT_OK
        if args.command == "export" and args.format == "datapackage":
            package = export_package(project, args.output)
            print(f"Wrote {package.tables} tables ({package.rows:,} rows) with datapackage.json and "
                  f"CODEBOOK.md to {package.target}.", file=sys.stderr)
            return EXIT_OK
        if args.command == "export":
            written = export(project, args.format, args.output)
            if args.output != "-":
                print(f"Wrote {written} bytes of {args.format} to {args.output}.", file=sys.stderr)
            return EXIT_OK
        if args.command == "query":
            return _query(project, args)
        if args.command == "release":
            made = release(project, args.version, args.previous, Path(args.folder) if args.folder else None)
            print(f"Wrote release {args.version} ({made.files} files) to {made.folder}: "
                  + (f"since {made.previous}, " if made.previous else "the first release, ")
                  + f"{made.added} bodies added, {made.removed} removed, {made.changed} changed "
                  "(CHANGELOG.md).")
            return EXIT_OK
        if args.command == "report":
            written = write_report(project, args.countries, args.as_of, args.lang, args.output, args.pdf)
            print(f"Wrote the report to {written.html} ({written.html_bytes:,} bytes)"
                  + (f" and {written.pdf} ({written.pdf_bytes:,} bytes)." if written.pdf else "."))
            return EXIT_OK
        if args.command == "serve":
            return _serve(project, args)
        if args.command == "stats":
            stats = collect(open_store(project))
            print(json.dumps(asdict(stats), indent=2) if args.format == "json" else render_text(stats))
            return EXIT_OK
    except PsgraphError as error:
        # a canned query's parameter is told in the language its labels were asked in (--lang)
        told = error.in_language(getattr(args, "lang", "en")) if isinstance(error, ParameterError) else error
        print(f"psgraph: error: {told}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("psgraph: interrupted.", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        # The reader (e.g. `head`) stopped reading: not an error of ours; silence the final flush.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    return EXIT_USAGE
