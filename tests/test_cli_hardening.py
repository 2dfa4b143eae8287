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
