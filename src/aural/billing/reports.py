"""What the books say: an account's charges (usage) and the bookkeeping invariants."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from aural.billing.db import accounts, holds, ledger
from aural.billing.records import UsageRow
from aural.billing.store import Store, as_utc


class Reports(Store):
    """Read-only views over the ledger."""

    def usage(self, account_name: str, limit: int = 100) -> list[UsageRow]:
        """The account's charges, newest first."""
        def work(conn: Connection) -> list[UsageRow]:
            account_id = self._account_id(conn, account_name)
            rows = conn.execute(sa.select(ledger)
                                .where(ledger.c.account_id == account_id, ledger.c.kind == "charge")
                                .order_by(ledger.c.id.desc()).limit(limit))
            return [UsageRow(request_id=r.request_id, created_at=as_utc(r.created_at),  # type: ignore[arg-type]
                             sku=r.sku, duration_s=r.duration_s, billable_minutes=r.billable_minutes,
                             duration_source=r.duration_source, cost_micros=-int(r.amount_micros))
                    for r in rows]
        return self._read(work)

    def check_invariants(self) -> list[str]:
        """Every broken bookkeeping rule, as text (empty when the books are right): each balance
        equals the sum of its ledger rows and the last row's balance_after, never negative; each hold
        has one 'hold' row (more when it grew) summing to its amount, and one 'release' row of its
        amount once closed."""
        def work(conn: Connection) -> list[str]:
            problems: list[str] = []
            sums = dict(conn.execute(sa.select(ledger.c.account_id, sa.func.sum(ledger.c.amount_micros))
                                     .group_by(ledger.c.account_id)).all())
            for acc in conn.execute(sa.select(accounts)):
                total = int(sums.get(acc.id) or 0)
                if acc.balance_micros != total:
                    problems.append(f"{acc.name}: balance {acc.balance_micros} != ledger sum {total}")
                if acc.balance_micros < 0:
                    problems.append(f"{acc.name}: negative balance {acc.balance_micros}")
                last = conn.execute(sa.select(ledger.c.balance_after_micros)
                                    .where(ledger.c.account_id == acc.id)
                                    .order_by(ledger.c.id.desc()).limit(1)).scalar()
                if last is not None and last != acc.balance_micros:
                    problems.append(f"{acc.name}: last balance_after {last} != balance {acc.balance_micros}")
            rows = conn.execute(
                sa.select(ledger.c.request_id, ledger.c.kind, sa.func.count().label("n"),
                          sa.func.sum(ledger.c.amount_micros).label("total"))
                .where(ledger.c.kind.in_(("hold", "release"))).group_by(ledger.c.request_id, ledger.c.kind)).all()
            counts = {(r.request_id, r.kind): r.n for r in rows}
            totals = {(r.request_id, r.kind): int(r.total or 0) for r in rows}
            for h in conn.execute(sa.select(holds)):
                if counts.get((h.request_id, "hold"), 0) < 1:
                    problems.append(f"hold {h.request_id}: no hold row")
                elif -totals[(h.request_id, "hold")] != h.amount_micros:
                    problems.append(f"hold {h.request_id}: hold rows {-totals[(h.request_id, 'hold')]} "
                                    f"!= amount {h.amount_micros}")
                want = 0 if h.state == "open" else 1
                if counts.get((h.request_id, "release"), 0) != want:
                    problems.append(f"hold {h.request_id} ({h.state}): "
                                    f"{counts.get((h.request_id, 'release'), 0)} release rows")
            return problems
        return self._read(work)
