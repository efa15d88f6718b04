import os
import sys
import tempfile
from pathlib import Path

# tests import small shared helpers (samples.py) from this folder
sys.path.insert(0, str(Path(__file__).resolve().parent))

# The start-up cache (parsed packs, compiled Hyperscan databases) of this test run, in a folder of its own: the
# suite starts cold and never writes into the user's home. Subprocesses inherit it.
os.environ.setdefault("SCRAPELINT_CACHE_DIR", tempfile.mkdtemp(prefix="scrapelint-cache-"))

EVAL = Path(__file__).resolve().parents[1].parent / "shared" / "eval"
