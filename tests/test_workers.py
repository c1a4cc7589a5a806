"""kg.workers: real worker processes that hang, crash or raise cost their own input only."""
from __future__ import annotations

import os
import signal
import time

import pytest

from kg.workers import TimeLimit, imap_unordered, time_limit


def work(kind: str, value: int):
    if kind == "hang":
        time.sleep(600)  # never answers in time: the parent kills it
    if kind == "kill":
        os.kill(os.getpid(), signal.SIGKILL)
    if kind == "exit":
        os._exit(3)
    if kind == "raise":
        raise ValueError(f"bad input {value}")
    return value * 10


def test_a_hang_a_crash_and_an_exception_cost_their_inputs_only():
    inputs = [("ok", 1), ("hang", 2), ("kill", 3), ("ok", 4), ("exit", 5), ("raise", 6), ("ok", 7)]
    got = dict(imap_unordered(work, inputs, 2, 0.5, lambda args, why: f"lost {args[1]}: {why}", grace=0.5))
    assert sorted(got) == list(range(len(inputs)))
    assert [got[0], got[3], got[6]] == [10, 40, 70]
    assert got[1] == "lost 2: took longer than 0.5 s (kg build --max-seconds sets the limit)"
    assert got[2] == "lost 3: the process reading it was killed by SIGKILL"
    assert got[4] == "lost 5: the process reading it ended unexpectedly (exit code 3)"
    assert got[5] == "lost 6: ValueError: bad input 6"


def test_time_limit_interrupts_python_code_and_restores_an_outer_alarm():
    signal.setitimer(signal.ITIMER_REAL, 100)  # as pytest-timeout would have
    previous = signal.getsignal(signal.SIGALRM)
    try:
        t = time.monotonic()
        with pytest.raises(TimeLimit, match="took longer than 0.2 s"):
            with time_limit(0.2):
                time.sleep(30)
        assert time.monotonic() - t < 20
        assert 50 < signal.getitimer(signal.ITIMER_REAL)[0] <= 100
        assert signal.getsignal(signal.SIGALRM) is previous
        with time_limit(200):  # an outer alarm that comes sooner is left to fire
            assert signal.getitimer(signal.ITIMER_REAL)[0] <= 100
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
