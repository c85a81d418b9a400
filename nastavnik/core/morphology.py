"""One shared Russian morphological analyzer (pymorphy3) for the pure text modules.

Building the analyzer loads its dictionaries (~0.1–1 s and tens of MB), so the matching engine's text
normalisation and the roadmap reader's word rejoining share one instance, built on first use. No Django here.
"""

from __future__ import annotations

import logging
import threading

import pymorphy3

_morph: pymorphy3.MorphAnalyzer | None = None
_morph_lock = threading.Lock()


def morph() -> pymorphy3.MorphAnalyzer:
    """Return the shared analyzer; built on first use because construction takes ~0.1-1 s."""
    global _morph
    if _morph is None:
        with _morph_lock:
            if _morph is None:
                # pymorphy3 announces every dictionary load at INFO; under Django's logging that
                # lands on stderr of each management command.
                logging.getLogger("pymorphy3").setLevel(logging.WARNING)
                _morph = pymorphy3.MorphAnalyzer()
    return _morph
