"""Stop an analysis running in a worker thread when its client has gone.

The engine runs plain Python (and native calls) in a thread; nothing in it polls for cancellation.
`Interrupter` raises `AnalysisCancelled` *inside* that thread (CPython's PyThreadState_SetAsyncExc):
it lands at the next Python bytecode the thread runs, so the analysis stops between two steps (a
native call already under way finishes first). `AnalysisCancelled` derives from BaseException, so
the pipeline's "an analyzer failed, keep going" handlers (`except Exception`) do not swallow it.
The interrupt is armed only while `guard()` is active in that thread, and cleared on the way out,
so it can never land in the thread pool's own code after the work returned.
"""

from __future__ import annotations

import ctypes
import threading
from contextlib import contextmanager
from typing import Iterator


class AnalysisCancelled(BaseException):
    """Raised inside the worker thread when the request's client disconnected."""


class Interrupter:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._thread_id: int | None = None
        self._fired = False
        self.cancelled = False

    @contextmanager
    def guard(self) -> Iterator[None]:
        """Run the body interruptible (in the worker thread). Raises AnalysisCancelled at once when
        cancel() came before the body started."""
        with self._lock:
            if self.cancelled:
                raise AnalysisCancelled()
            self._thread_id = threading.get_ident()
        try:
            yield
        finally:
            with self._lock:
                if self._fired and self._thread_id is not None:
                    # Not delivered yet (or delivered and being handled): clear any pending one.
                    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(self._thread_id), None)
                self._thread_id = None

    def cancel(self) -> None:
        """Ask the guarded body to stop (from any thread)."""
        with self._lock:
            self.cancelled = True
            if self._thread_id is not None and not self._fired:
                self._fired = True
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(self._thread_id),
                                                           ctypes.py_object(AnalysisCancelled))
