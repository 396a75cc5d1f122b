"""The hold keeper: what makes a hold end in a settle or a release, whatever happens to its request.

One thread per worker process:
- renews the lease of every hold (and pending Idempotency-Key) this process is working on, so holds
  stay theirs while the work runs, however long;
- releases holds whose lease lapsed anywhere (a worker killed mid-request: its credit comes back
  within `lease_s` + `sweep_s`, from whichever worker sweeps first);
- retries, with backoff, the releases a request could not finish itself (the database was locked or
  down when it tried), until they land.
On shutdown it releases what this process still holds. Pure Python over the Ledger: no FastAPI.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field

from aural.billing.ledger import Ledger
from aural.errors import ServiceUnavailableError

log = logging.getLogger("aural.api")

# Backoff of a pending release: 0.5 s, 1 s, 2 s ... capped at 30 s (and retried forever; the lease
# makes another worker release it too if this process dies first).
_BACKOFF_START_S = 0.5
_BACKOFF_MAX_S = 30.0


@dataclass
class _Pending:
    request_id: str
    due: float
    delay: float = _BACKOFF_START_S


@dataclass
class HoldKeeper:
    ledger: Ledger
    lease_s: float = 60.0
    sweep_s: float = 15.0
    _holds: set[str] = field(default_factory=set)
    _keys: set[tuple[int, str]] = field(default_factory=set)
    _pending: dict[str, _Pending] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _stop: threading.Event = field(default_factory=threading.Event)
    _wake: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    # -- what requests call ----------------------------------------------------------------

    def track(self, request_id: str) -> None:
        with self._lock:
            self._holds.add(request_id)

    def untrack(self, request_id: str) -> None:
        with self._lock:
            self._holds.discard(request_id)

    def is_tracked(self, request_id: str) -> bool:
        with self._lock:
            return request_id in self._holds

    def track_key(self, account_id: int, key: str) -> None:
        with self._lock:
            self._keys.add((account_id, key))

    def untrack_key(self, account_id: int, key: str) -> None:
        with self._lock:
            self._keys.discard((account_id, key))

    def release(self, request_id: str) -> bool:
        """Release the hold now; if the database does not answer in time, keep retrying it in the
        background. Never raises for an unavailable database. True once released here and now."""
        try:
            self.ledger.release(request_id)
        except ServiceUnavailableError:
            self.release_later(request_id)
            return False
        except Exception as exc:  # e.g. no such hold (it was never placed): nothing to give back
            log.warning("release of %s: %s", request_id, exc)
            return False
        finally:
            self.untrack(request_id)
        return True

    def release_later(self, request_id: str) -> None:
        with self._lock:
            self._pending.setdefault(request_id, _Pending(request_id, time.monotonic()))
        self._wake.set()

    def pending(self) -> list[str]:
        with self._lock:
            return sorted(self._pending)

    # -- the thread ------------------------------------------------------------------------

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="aural-hold-keeper", daemon=True)
            self._thread.start()

    def stop(self, timeout_s: float = 5.0) -> None:
        """Stop the thread, then release what this process still holds (shutdown: its requests are
        gone) and make one last try at the pending releases."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=timeout_s)
        with self._lock:
            left = set(self._holds) | set(self._pending)
            self._holds.clear()
            self._pending.clear()
        for rid in sorted(left):
            try:
                self.ledger.release(rid)
            except Exception:  # the lease returns it once this process is gone
                log.warning("hold %s left to its lease at shutdown (database unavailable)", rid)

    def _run(self) -> None:
        period = max(0.2, min(self.sweep_s, self.lease_s / 3))
        next_sweep = 0.0
        while not self._stop.is_set():
            now = time.monotonic()
            if now >= next_sweep:
                self._renew()
                self._sweep()
                next_sweep = now + period
            self._retry_pending()
            with self._lock:
                due = min((p.due for p in self._pending.values()), default=next_sweep)
            self._wake.wait(timeout=max(0.05, min(next_sweep, due) - time.monotonic()))
            self._wake.clear()

    def _renew(self) -> None:
        with self._lock:
            holds, keys = sorted(self._holds), sorted(self._keys)
        if not holds and not keys:
            return
        try:
            self.ledger.renew_leases(self.lease_s, holds, keys)
        except Exception as exc:  # retried next period; the lease is several periods long
            log.warning("could not renew %d hold lease(s): %s", len(holds) + len(keys), exc)

    def _sweep(self) -> None:
        try:
            released = self.ledger.release_expired_holds()
        except Exception as exc:
            log.warning("could not sweep expired holds: %s", exc)
            return
        if released:
            log.warning("released %d hold(s) whose lease lapsed: %s", len(released), ", ".join(released))

    def _retry_pending(self) -> None:
        now = time.monotonic()
        with self._lock:
            due = [p for p in self._pending.values() if p.due <= now]
        for p in due:
            try:
                self.ledger.release(p.request_id)
            except ServiceUnavailableError:
                with self._lock:
                    p.delay = min(_BACKOFF_MAX_S, p.delay * 2)
                    p.due = time.monotonic() + p.delay
                continue
            except Exception as exc:  # e.g. the hold is gone: nothing left to do for it
                log.warning("pending release of %s dropped: %s", p.request_id, exc)
            with self._lock:
                self._pending.pop(p.request_id, None)
            log.info("released hold %s after a retry", p.request_id)
