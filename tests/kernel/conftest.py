"""Make the test corpus module importable as a plain module (tests/kernel has no __init__.py)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
