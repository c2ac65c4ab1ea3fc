"""Counters behind the dashboard and reports, kept current incrementally (see hooks.py) or rebuilt."""

from ansinh.reports.aggregates.hooks import batch_counters_refresh, counters_tracked, relief_counters_changed
from ansinh.reports.aggregates.rebuild import counters_as_dict, reports_rebuild
from ansinh.reports.aggregates.store import Delta, aggregates_apply

__all__ = [
    "Delta",
    "aggregates_apply",
    "batch_counters_refresh",
    "counters_as_dict",
    "counters_tracked",
    "relief_counters_changed",
    "reports_rebuild",
]
