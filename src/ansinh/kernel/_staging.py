"""Temporary-column helper: normalisers materialise intermediate results in small steps.

One large Polars expression tree that re-uses sub-expressions is evaluated many times over (eager mode does
no common-subexpression elimination, and lazy CSE on deep trees is slow); small ``with_columns`` steps on
temporary columns keep every normaliser linear and fast.
"""

from __future__ import annotations

from typing import TypeVar

import polars as pl

FrameT = TypeVar("FrameT", pl.DataFrame, pl.LazyFrame)


class Tmp:
    """Names of the temporary columns of one normalisation of column ``col`` (dropped at the end)."""

    def __init__(self, col: str) -> None:
        self.prefix = f"__kernel_{col}__"
        self.used: list[str] = []

    def name(self, part: str) -> str:
        """The temporary column name for ``part`` (remembered for :meth:`drop`)."""
        full = self.prefix + part
        if full not in self.used:
            self.used.append(full)
        return full

    def __call__(self, part: str) -> pl.Expr:
        return pl.col(self.name(part))

    def apply(self, frame: FrameT, stages: list[list[pl.Expr]]) -> FrameT:
        """Add the stages' columns one ``with_columns`` at a time."""
        for stage in stages:
            frame = frame.with_columns(stage)
        return frame

    def drop(self, frame: FrameT) -> FrameT:
        """Remove every temporary column."""
        return frame.drop(self.used, strict=False)
