import sys
from pathlib import Path

# tests import small shared helpers (samples.py) from this folder
sys.path.insert(0, str(Path(__file__).resolve().parent))

EVAL = Path(__file__).resolve().parents[1].parent / "shared" / "eval"
