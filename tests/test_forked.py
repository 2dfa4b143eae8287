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
