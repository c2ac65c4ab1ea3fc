"""Typed errors of the relief workflow. Messages are Vietnamese: views show them as they are."""

from __future__ import annotations


class ReliefError(Exception):
    """A refused step: wrong role, wrong area, out of order, separation of duties, bad input."""


class OutOfOrderError(ReliefError):
    """The batch/decision/payment is not in a state where this step is allowed."""


class PermissionRefused(ReliefError):
    """The user's role or area does not allow this step."""


class DoubleAwardError(ReliefError):
    """The person already has an award for this policy and period (database constraint)."""
