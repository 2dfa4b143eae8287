"""A step run in a forked child gives its result, or its error, to the parent."""

from __future__ import annotations

import os

import pytest

from psgraph.errors import InputError
from psgraph.forked import forked


def test_the_result_comes_back_and_the_parent_ran_meanwhile() -> None:
    shared = {"value": 21}  # the child sees the parent's memory as it was at the fork
    with forked(lambda: shared["value"] * 2) as pending:
        shared["value"] = 0  # changed in the parent only
        assert pending.result() == 42


def test_an_error_in_the_child_is_raised_in_the_parent() -> None:
    with forked(lambda: 1 / 0) as pending, pytest.raises(RuntimeError, match="ZeroDivisionError"):
        pending.result()
    with forked(lambda: (_ for _ in ()).throw(InputError("data/x.ttl: bad."))) as pending, \
            pytest.raises(InputError, match=r"^data/x\.ttl: bad\.$"):
        pending.result()


def test_a_child_that_dies_is_an_error_not_a_hang() -> None:
    with forked(lambda: os._exit(3)) as pending, pytest.raises(RuntimeError, match="exit code 3"):
        pending.result()


def test_a_killed_parent_takes_its_child_with_it(tmp_path) -> None:
    """A build killed by SIGKILL left its forked child running for 6 to 11 s, writing into a
    build folder that the next build deletes (issue 33, defect 8)."""
    import signal
    import subprocess
    import sys
    import time

    script = ("import multiprocessing, time\n"
              "from psgraph.forked import forked\n"
              "with forked(lambda: time.sleep(60)):\n"
              "    print(multiprocessing.active_children()[0].pid, flush=True)\n"
              "    time.sleep(60)\n")
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert parent.stdout is not None
    child = int(parent.stdout.readline())
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 2
    while _alive(child):
        assert time.monotonic() < deadline, "the child outlived its killed parent"
        time.sleep(0.02)


def _alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie, dead but not yet reaped by init, does not count)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False
