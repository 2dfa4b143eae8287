"""Stopping `psgraph serve`: a burst of stop signals (an operator's repeated Ctrl-C, a supervisor
that sends SIGTERM to the whole process group more than once) still ends with a clean exit."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

from psgraph.build import build


def test_repeated_stop_signals_leave_no_pin_and_no_traceback(real_project) -> None:
    build(real_project)
    process = subprocess.Popen([sys.executable, "-m", "psgraph", "--root", str(real_project.root), "serve",
                                "--port", "0", "--workers", "1"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stdout is not None and "psgraph serving" in process.stdout.readline()
    pin = real_project.state_dir / "pins" / str(process.pid)
    assert pin.exists()
    for _ in range(40):  # every few milliseconds, through the whole shutdown
        if process.poll() is not None:
            break
        process.send_signal(signal.SIGTERM)
        time.sleep(0.005)
    _, errors = process.communicate(timeout=30)
    assert "Traceback" not in errors
    assert not pin.exists()
