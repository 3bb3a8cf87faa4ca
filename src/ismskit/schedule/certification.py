"""When a certificate's next audits fall due. Pure: dates in, dates out.

The certification body must audit at least once a calendar year, the first surveillance within 12
months of the certification decision, and recertify before the certificate expires (a 3-year cycle).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from ismskit.schedule.months import add_months

if TYPE_CHECKING:
    from ismskit.models.pdca import Certification

CYCLE_MONTHS = 36
FIRST_SURVEILLANCE_MONTHS = 12


@dataclass(frozen=True, slots=True)
class CertificationSchedule:
    expires: date  # the recertification must be decided by then
    next_surveillance: date | None  # None when the recertification audit comes first


def certification_schedule(
    certification: Certification, today: date
) -> CertificationSchedule | None:
    """None when nothing falls due: superseded, or no date to count from (issued_on, stage 2)."""
    if certification.superseded_by is not None:
        return None
    held = [audit for audit in certification.audits if audit.date and audit.date <= today]
    start = certification.issued_on or max(
        (
            audit.date
            for audit in held
            if audit.kind in ("stage-2", "recertification") and audit.date
        ),
        default=None,
    )
    if start is None:
        return None
    expires = certification.expires_on or add_months(start, CYCLE_MONTHS) - timedelta(days=1)
    surveillances = [
        audit.date
        for audit in held
        if audit.kind == "surveillance" and audit.date and audit.date > start
    ]
    if surveillances:
        latest = max(surveillances)
        next_due: date | None = date(latest.year + 1, 12, 31)
    else:
        next_due = add_months(start, FIRST_SURVEILLANCE_MONTHS)
    if next_due is not None and next_due >= expires:
        next_due = None
    return CertificationSchedule(expires, next_due)


@dataclass(frozen=True, slots=True)
class CycleYear:
    """One year of a certification cycle, counted from the certificate's start."""

    number: int  # 1, 2, 3
    start: date
    end: date

    def holds(self, day: date) -> bool:
        return self.start <= day <= self.end


def certificate_period(certification: Certification) -> tuple[date, date] | None:
    """The start and the expiry of a certificate: issued_on (or its stage-2 or recertification
    audit) to expires_on (or three years on); None when there is nothing to count from."""
    start = certification.issued_on or max(
        (
            audit.date
            for audit in certification.audits
            if audit.kind in ("stage-2", "recertification") and audit.date
        ),
        default=None,
    )
    if start is None:
        return None
    return start, certification.expires_on or add_months(start, CYCLE_MONTHS) - timedelta(days=1)


def cycle_years(start: date, end: date) -> list[CycleYear]:
    """The years of a cycle from `start` to `end`, the last one ending at `end`."""
    years = []
    number = 1
    while start <= end:
        year_end = min(add_months(start, 12) - timedelta(days=1), end)
        years.append(CycleYear(number, start, year_end))
        start, number = year_end + timedelta(days=1), number + 1
    return years
