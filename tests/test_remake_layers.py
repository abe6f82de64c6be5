"""The committed layers are exactly what `cpmap prepare` makes from the ONS originals.

Needs the ONS December 2016 files (BOUNDARIES_DIR, else ../shared/geo-sources); skipped, with the reason, where they
are not found. Byte-identical output assumes the pinned shapely and geopandas.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

from test_layers import tracked_files

from cpmap import config

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def test_prepare_from_the_originals_remakes_the_committed_layers_byte_for_byte(boundaries_dir, tmp_path):
    out = tmp_path / "remade"
    done = subprocess.run(
        [sys.executable, "-m", "cpmap.cli", "prepare", "--from", str(boundaries_dir), "--out", str(out)],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted(config.LAYER_FILES)
    for name in config.LAYER_FILES:
        remade, committed = (out / name).read_bytes(), (config.LAYERS_DIR / name).read_bytes()
        assert remade == committed, f"{name}: remade {len(remade):,} bytes differ from the committed {len(committed):,}"
    # and, the originals being at hand, none of them is committed under any name
    originals = {hashlib.sha256(p.read_bytes()).hexdigest(): p.name for p in boundaries_dir.iterdir() if p.is_file()}
    copies = [str(p) for p in tracked_files() if hashlib.sha256(p.read_bytes()).hexdigest() in originals]
    assert copies == []
