"""Russian word vectors and word frequencies from the navec model shipped inside the ``natasha`` wheel.

The model (news_v1, 250,000 words, 300 dimensions, product-quantised to 100 one-byte codes a word) is a tar file
inside the installed package: nothing is downloaded. It is opened once per process, lazily: the 25 MB table of
codes is memory-mapped straight from the tar (pages are read only for the words looked up), the vocabulary and
its corpus counts (1.2 billion tokens of news) are read into memory (~0.1 s).
"""

from __future__ import annotations

import gzip
import importlib.resources
import tarfile
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

MODEL_FILE = "data/emb/navec_news_v1_1B_250K_300d_100q.tar"


@dataclass(frozen=True, slots=True)
class WordModel:
    """Vocabulary, corpus counts and the quantised vectors of navec."""

    ids: dict[str, int]
    counts: np.ndarray  # (words,) uint32
    total: float  # sum of counts
    indexes: np.ndarray  # (words, qdim) uint8, memory-mapped
    codes: np.ndarray  # (qdim, centroids, dim / qdim) float32

    def vectors(self, words: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Unit vectors of ``words`` (rows) and a mask of the words the model knows (others are zero rows)."""
        ids = np.array([self.ids.get(w, -1) for w in words], dtype=np.int64)
        known = ids >= 0
        qdim, _, sub = self.codes.shape
        out = np.zeros((len(words), qdim * sub), dtype=np.float32)
        if known.any():
            idx = np.asarray(self.indexes[ids[known]], dtype=np.int64)  # (k, qdim)
            parts = self.codes[np.arange(qdim)[None, :], idx]  # (k, qdim, sub)
            vec = parts.reshape(len(idx), qdim * sub)
            norms = np.linalg.norm(vec, axis=1, keepdims=True)
            out[known] = vec / np.maximum(norms, 1e-12)
        return out, known

    def count(self, word: str) -> int:
        """How often the word occurs in the corpus (0 when unknown)."""
        i = self.ids.get(word)
        return 0 if i is None else int(self.counts[i])


def _model_path() -> Path:
    return Path(str(importlib.resources.files("natasha") / MODEL_FILE))


def load_model(path: Path | None = None) -> WordModel:
    """Read a navec tar: meta.json, vocab.bin (gzip: count, counts, words) and pq.bin (header, indexes, codes)."""
    path = path or _model_path()
    with tarfile.open(path) as tar:
        members = {m.name: m for m in tar.getmembers()}
        vocab_file = tar.extractfile(members["vocab.bin"])
        pq_file = tar.extractfile(members["pq.bin"])
        if vocab_file is None or pq_file is None:
            raise ValueError(f"{path}: not a navec model")
        raw = gzip.decompress(vocab_file.read())
        header = pq_file.read(16)
    size = int(np.frombuffer(raw[:4], np.uint32)[0])
    counts = np.frombuffer(raw[4 : 4 + 4 * size], np.uint32)
    words = raw[4 + 4 * size :].decode("utf-8").split("\n")
    vectors, dim, qdim, centroids = (int(x) for x in np.frombuffer(header, np.uint32))
    start = members["pq.bin"].offset_data + 16
    indexes = np.memmap(path, dtype=np.uint8, mode="r", offset=start, shape=(vectors, qdim))
    codes = np.fromfile(
        path, dtype=np.float32, count=qdim * centroids * (dim // qdim), offset=start + vectors * qdim
    )
    return WordModel(
        ids={w: i for i, w in enumerate(words)},
        counts=counts,
        total=float(counts.sum()),
        indexes=indexes,
        codes=codes.reshape(qdim, centroids, dim // qdim),
    )


_model: WordModel | None = None
_lock = threading.Lock()


def model() -> WordModel:
    """The shared model, loaded on first use (once per process, thread-safe)."""
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                _model = load_model()
    return _model
