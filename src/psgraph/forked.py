"""Running one piece of the build in a forked process while the parent goes on with another.

The build's steps are Python and Rust code that hold the interpreter's lock, so threads would run
them one after the other; a forked child starts with the parent's memory as it is (the in-memory
store included, shared copy-on-write, nothing pickled) and uses the second core. It sends back a
small picklable result, or the error it met, which the parent raises as its own.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Generic, TypeVar

from psgraph.errors import InputError

T = TypeVar("T")
PR_SET_PDEATHSIG = 1


class Pending(Generic[T]):
    def __init__(self, process: multiprocessing.process.BaseProcess, receiver: object) -> None:
        self._process = process
        self._receiver = receiver

    def result(self) -> T:
        """Wait for the child; its result, or its error raised here."""
        try:
            kind, value = self._receiver.recv()  # type: ignore[attr-defined]
        except EOFError:
            self._process.join()
            raise RuntimeError(f"the forked step died (exit code {self._process.exitcode})") from None
        self._process.join()
        if kind == "input-error":
            raise InputError(value)
        if kind == "error":
            raise RuntimeError(f"the forked step failed:\n{value}")
        return value  # type: ignore[no-any-return]


def _die_with(parent: int) -> None:
    """Have the kernel kill this child when its parent dies: a build killed with SIGKILL cannot end
    its child itself, which otherwise went on for 6 to 11 s writing into a folder the next build
    deletes. If the parent died before this call, exit at once."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(1)


@contextmanager
def forked(work: Callable[[], T]) -> Iterator[Pending[T]]:
    """Start ``work`` in a forked child; the block runs meanwhile; the child is ended on leaving."""
    context = multiprocessing.get_context("fork")
    parent = os.getpid()
    receiver, sender = context.Pipe(duplex=False)

    def child() -> None:
        _die_with(parent)
        try:
            sender.send(("result", work()))
        except InputError as error:
            sender.send(("input-error", str(error)))
        except BaseException:
            sender.send(("error", traceback.format_exc()))

    process = context.Process(target=child, daemon=True)
    process.start()
    sender.close()
    try:
        yield Pending(process, receiver)
    finally:
        if process.is_alive():
            process.terminate()
        process.join()
        receiver.close()
