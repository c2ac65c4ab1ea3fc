"""Reuse the intake pipeline's messy-file generator (tests/intake/messy.py)."""

from __future__ import annotations

import sys
from pathlib import Path

_MESSY = str(Path(__file__).resolve().parent.parent / "intake")
if _MESSY not in sys.path:
    sys.path.insert(0, _MESSY)
