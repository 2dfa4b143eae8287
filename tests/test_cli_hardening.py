"""Bad input to the command line and to the build (issue 15, defect 9): one sentence, exit 2, no
traceback, no lost or half-written data."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from psgraph.build import MANIFEST, build
from psgraph.cli import main
from tests.conftest import MINI, REPO


def run(root: Path, *args: str) -> int:
    return main(["--root", str(root), *args])


def one_sentence(capsys) -> str:
    error = capsys.readouterr().err
    assert "Traceback" not in error and error.count("\n") == 1, error
    return error


@pytest.fixture
def built(mini_project):
    project = mini_project()
    shutil.copytree(REPO / "queries", project.root / "queries", dirs_exist_ok=True)
    for licence in ("LICENSE", "LICENSE-DATA"):  # a release ships them
        shutil.copy(REPO / licence, project.root / licence)
    build(project)
    return project


@pytest.mark.parametrize(("endpoint", "words"), [
    ("ftp://example.org/sparql", "give the query URL of a SPARQL endpoint"),
    ("http://[::1", "is not a valid URL"),
    ("http://localhost:abc/sparql", "is not a valid URL"),
    ("http://local host/sparql", "holds a space"),
])
def test_bad_endpoints(built, capsys, endpoint, words):
    assert run(built.root, "query", "run", "who-leads", "--endpoint", endpoint) == 2
    assert words in one_sentence(capsys)


@pytest.mark.parametrize("timeout", ["nan", "inf", "0", "-1"])
def test_bad_timeouts(built, capsys, timeout):
    assert run(built.root, "query", "run", "who-leads", "--endpoint", "http://127.0.0.1:9/sparql",
               "--timeout", timeout) == 2
    assert "give a number of seconds above 0" in one_sentence(capsys)


def test_the_timeout_is_a_deadline_for_the_whole_answer(built, capsys):
    """An endpoint trickling its body a byte at a time never trips a per-read timeout."""
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def trickle() -> None:
        connection, _ = listener.accept()
        with connection:
            connection.recv(65536)
            connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
                               b"Content-Length: 100000\r\n\r\n")
            while not stop.is_set():
                try:
                    connection.sendall(b" ")
                except OSError:
                    return
                time.sleep(0.1)

    thread = threading.Thread(target=trickle, daemon=True)
    thread.start()
    started = time.monotonic()
    try:
        code = run(built.root, "query", "run", "who-leads", "--endpoint",
                   f"http://127.0.0.1:{listener.getsockname()[1]}/sparql", "--timeout", "0.5")
    finally:
        stop.set()
        listener.close()
    assert code == 2 and time.monotonic() - started < 3
    assert "did not answer query who-leads within 0.5 s" in one_sentence(capsys)


@pytest.mark.parametrize(("output", "words"), [
    ("", "is empty"), ("{tmp}", "that is a folder"), ("/sys/psgraph-x.ttl", "cannot be written"),
    ("{tmp}/missing/x.ttl", "does not exist"),
])
def test_bad_export_targets(built, capsys, tmp_path, output, words):
    assert run(built.root, "export", "-o", output.format(tmp=tmp_path)) == 2
    assert words in one_sentence(capsys)


def test_export_onto_a_link_writes_through_it(built, tmp_path):
    real = tmp_path / "real.ttl"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.ttl"
    link.symlink_to(real)
    assert run(built.root, "export", "-o", str(link)) == 0
    text = real.read_text(encoding="utf-8")
    assert link.is_symlink() and text.startswith("# psgraph ") and "\n@prefix" in text


def test_synth_to_a_folder_that_cannot_be_made(built, capsys):
    assert run(built.root, "synth", "--out", "/sys/psgraph-synthetic") == 2
    assert "--out /sys/psgraph-synthetic: the folder cannot be created" in one_sentence(capsys)


@pytest.mark.parametrize("damage", ["empty", "corrupt"])
@pytest.mark.parametrize("command", [["stats"], ["query", "run", "who-leads"]])
def test_an_empty_or_damaged_store(built, capsys, damage, command):
    location = built.store_link.resolve()
    for entry in location.iterdir():
        entry.unlink()
    if damage == "corrupt":
        (location / "CURRENT").write_text("garbage\n", encoding="utf-8")
    assert run(built.root, *command) == 2
    error = one_sentence(capsys)
    assert "is empty or damaged" in error and "run `psgraph build` again" in error


def test_a_symlink_loop_in_data(mini_project, capsys):
    project = mini_project()
    (project.root / "data" / "a.ttl").symlink_to("b.ttl")
    (project.root / "data" / "b.ttl").symlink_to("a.ttl")
    for command in (["build"], ["validate"]):
        assert run(project.root, *command) == 2
        assert "data/a.ttl: a symbolic link to b.ttl, which does not exist or loops" in one_sentence(capsys)


def test_a_pipe_named_ttl_is_skipped_with_a_sentence(mini_project, capsys):
    project = mini_project()
    os.mkfifo(project.root / "data" / "pipe.ttl")
    assert run(project.root, "build") == 0
    error = capsys.readouterr().err
    assert error.count("data/pipe.ttl is not a regular file") == 1 and "Traceback" not in error


@pytest.mark.parametrize("written", ["2020-13-45", "01/01/2009"])
def test_an_invalid_date_is_refused_at_build_with_its_line(mini_project, capsys, written):
    project = mini_project()
    (project.root / "data" / "dates.ttl").write_text(
        "@prefix psg: <https://w3id.org/psgraph/ontology#> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n\n"
        f'<https://w3id.org/psgraph/id/body/fr/x> psg:startDate "{written}"^^xsd:date .\n', encoding="utf-8")
    assert run(project.root, "build") == 2
    error = one_sentence(capsys)
    assert f'data/dates.ttl:4: "{written}" is not a valid xsd:date: write dates as YYYY-MM-DD' in error
    assert not project.store_link.exists()


def test_a_parser_error_gives_its_position_once(mini_project, capsys):
    project = mini_project()
    (project.root / "data" / "broken.ttl").write_text("@prefix : <http://e/> .\n:a :b :c :d .\n",
                                                      encoding="utf-8")
    assert run(project.root, "build") == 2
    error = one_sentence(capsys)
    assert error.startswith("psgraph: error: data/broken.ttl:2:10: ") and "line 2" not in error


def _build_process(root: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "psgraph", "--root", str(root), "build"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_concurrent_builds_all_succeed(mini_project):
    project = mini_project(MINI)
    processes = [_build_process(project.root) for _ in range(3)]
    results = [process.communicate(timeout=300) for process in processes]
    assert [process.returncode for process in processes] == [0, 0, 0], results
    builds = sorted(p for p in (project.state_dir / "builds").iterdir() if p.is_dir())
    assert all((p / MANIFEST).is_file() for p in builds) and len(builds) == 2
    assert project.store_link.resolve() == builds[-1]


def test_a_killed_build_never_costs_the_last_good_one(project_copy):
    project = project_copy  # the whole graph: its build writes the store for long enough to be killed
    build(project)
    good = project.store_link.resolve()
    process = _build_process(project.root)
    deadline = time.monotonic() + 60
    builds = project.state_dir / "builds"
    while len([p for p in builds.iterdir() if p.is_dir()]) < 2:  # the new build has made its folder
        assert time.monotonic() < deadline and process.poll() is None
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    process.wait()
    partial = [p for p in builds.iterdir() if p.is_dir() and p != good]
    assert project.store_link.resolve() == good and partial and not (partial[0] / MANIFEST).exists()
    build(project)
    kept = sorted(p for p in builds.iterdir() if p.is_dir())
    assert good in kept and not any(p in kept for p in partial)


# The commands added since (issue 33, defect 8): each bad target or value is one sentence, exit 2,
# and nothing already there is lost. {tmp} is a fresh folder holding a file `afile`, a folder
# `other` with a file of its own, and a workbook `filled.xlsx`.
BAD_TARGETS = [
    (["export", "--format", "xlsx", "-o", "/sys/psgraph-x.xlsx"], "cannot be written"),
    (["export", "--format", "xlsx", "-o", "{tmp}/missing/x.xlsx"], "does not exist"),
    (["export", "--format", "xlsx", "-o", "{tmp}/other"], "that is a folder"),
    (["export", "--format", "xlsx"], "needs --output FILE.xlsx"),
    (["export", "--format", "xlsx", "-o", "{tmp}/x.xlsx", "--type", "NOPE"], "--type 'NOPE' matches no body type"),
    (["export", "--format", "xlsx", "-o", "{tmp}/x.xlsx", "--country", "Narnia"],
     "--country 'Narnia' matches no country"),
    (["export", "--format", "datapackage", "-o", "/sys/psgraph-package"], "cannot be written"),
    (["export", "--format", "datapackage", "-o", "/sys/psgraph-package.zip"], "cannot be written"),
    (["export", "--format", "datapackage", "-o", "{tmp}/missing/package"], "does not exist"),
    (["export", "--format", "datapackage", "-o", "{tmp}/afile"], "is a file"),
    (["export", "--format", "datapackage", "-o", "{tmp}/other"], "holds other files and no datapackage.json"),
    (["report", "-o", "/sys/psgraph-report.html"], "cannot be written"),
    (["report", "-o", "{tmp}/missing/report.html"], "does not exist"),
    (["report", "-o", "{tmp}/report.pdf", "--pdf"], "is the HTML file itself"),
    (["report", "-o", "{tmp}/report.html", "--pdf", "{tmp}/missing/report.pdf"], "does not exist"),
    (["report", "-o", "{tmp}/report.html", "--countries", "fr,zz"], "The graph records no body type for zz"),
    (["report", "-o", "{tmp}/report.html", "--as-of", "2020-13-01"], "is not a date"),
    (["template", "-o", "/sys/psgraph-template.xlsx"], "cannot be written"),
    (["template", "-o", "/sys/psgraph-template"], "the folder cannot be created"),
    (["template", "-o", "{tmp}/missing/t.xlsx"], "does not exist"),
    (["template", "-o", "{tmp}/afile/t"], "the folder cannot be created (Not a directory)"),
    (["template", "-o", "{tmp}/filled.xlsx"], "a template never replaces a workbook"),
    (["template", "-o", "{tmp}/t.txt"], "give a file ending in .xlsx"),
    (["template", "-o", "{tmp}/t.xlsx", "--type", "NOPE"], "matches no body type"),
    (["release", "1.0.0", "--folder", "/sys/psgraph-releases"], "the folder cannot be created"),
    (["release", "1.0.0", "--folder", "{tmp}/afile"], "that is a file, not a folder"),
    (["release", "1.0", "--folder", "{tmp}/releases"], "is not a version number"),
    (["release", "1.0.0", "--folder", "{tmp}/releases", "--previous", "0.9.0"], "there is no release 0.9.0"),
]


@pytest.fixture(scope="module")
def real_built(real_project):
    build(real_project)
    return real_project


@pytest.mark.parametrize(("args", "words"), BAD_TARGETS, ids=[" ".join(a) for a, _ in BAD_TARGETS])
def test_bad_targets_of_the_newer_commands(built, real_built, capsys, tmp_path, args, words):
    if args[0] in ("report", "template"):  # they need the real graph's body types
        built = real_built
    (tmp_path / "afile").write_text("kept", encoding="utf-8")
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "notes.txt").write_text("kept", encoding="utf-8")
    (tmp_path / "filled.xlsx").write_bytes(b"a curator's rows")
    before = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*"))
    assert run(built.root, *(arg.format(tmp=tmp_path) for arg in args)) == 2
    assert words in one_sentence(capsys)
    assert sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*")) == before
    assert (tmp_path / "filled.xlsx").read_bytes() == b"a curator's rows"
    assert (tmp_path / "other" / "notes.txt").read_text(encoding="utf-8") == "kept"


def test_a_release_is_never_written_over_and_a_pdf_that_cannot_be_written_is_said(built, real_built, capsys,
                                                                                 tmp_path):
    assert run(built.root, "release", "1.0.0", "--folder", str(tmp_path / "releases")) == 0
    capsys.readouterr()
    assert run(built.root, "release", "1.0.0", "--folder", str(tmp_path / "releases")) == 2
    assert "already exists" in one_sentence(capsys)
    if shutil.which("chromium") or os.environ.get("PSGRAPH_REQUIRE_BROWSER"):
        assert run(real_built.root, "report", "-o", str(tmp_path / "r.html"), "--pdf", "/sys/psgraph-r.pdf") == 2
        assert "--pdf /sys/psgraph-r.pdf: cannot be written" in one_sentence(capsys)
