"""Train the transliteration model of corpus_tools.translit_model (deterministic, seeded).

    PYTHONPATH=. python scripts/train_translit_model.py [--exclude-brands A,B] [--seed 0]
        [--out corpus_tools/data/translit_model.json] [--limit N]

Builds the training lists (English words rendered into Arabic script vs Arabic word forms, every
lexicon brand and each ``--exclude-brands`` name with all their spellings left out), holds out a
seeded slice of source words, fits an L2-regularised logistic regression on the rest with
L-BFGS (scipy), prints precision, recall, F1 (threshold 0.5) and ROC AUC on the held-out slice
and writes that model (so the held-out figures describe the shipped weights) with a header
recording all of it. The same
inputs give the same bytes: every random choice comes from ``numpy.random.default_rng(seed)``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import scipy.optimize
import scipy.sparse
from scipy.stats import rankdata

from corpus_tools import __version__
from corpus_tools.translit_model import (
    MODEL_FILE,
    FeatureSettings,
    TrainingLists,
    encode_weights,
    feature_pairs,
    training_lists,
)

DEFAULT_OUT = Path(__file__).resolve().parents[1] / "corpus_tools" / "data" / MODEL_FILE
HELDOUT_SHARE = 0.1
L2 = 1e-5
MAX_ITER = 300


@dataclass(frozen=True)
class Fit:
    weights: np.ndarray
    bias: float
    iterations: int


@dataclass(frozen=True)
class HeldOut:
    precision: float
    recall: float
    f1: float
    auc: float
    positives: int
    negatives: int


def design(words: list[str], settings: FeatureSettings) -> scipy.sparse.csr_matrix:
    rows, cols = feature_pairs(words, settings)
    data = np.ones(len(rows))
    shape = (len(words), 1 << settings.bits)
    return scipy.sparse.csr_matrix((data, (rows, cols)), shape=shape)


def fit_logistic(x: scipy.sparse.csr_matrix, y: np.ndarray, l2: float = L2) -> Fit:
    """Minimise mean class-balanced log loss + l2/2 |w|² (bias unpenalised) with L-BFGS-B."""
    counts = np.bincount(y, minlength=2).astype(float)
    sample_w = np.where(y == 1, 0.5 / counts[1], 0.5 / counts[0])
    xt = x.T.tocsr()

    def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
        w, b = theta[:-1], theta[-1]
        z = x @ w + b
        # log(1 + e^-z) for y=1, log(1 + e^z) for y=0, computed stably
        signed = np.where(y == 1, -z, z)
        value = float(sample_w @ np.logaddexp(0.0, signed)) + 0.5 * l2 * float(w @ w)
        resid = sample_w * (1.0 / (1.0 + np.exp(-z)) - y)
        grad = np.concatenate([xt @ resid + l2 * w, [resid.sum()]])
        return value, grad

    theta0 = np.zeros(x.shape[1] + 1)
    res = scipy.optimize.minimize(
        loss, theta0, jac=True, method="L-BFGS-B", options={"maxiter": MAX_ITER}
    )
    return Fit(weights=res.x[:-1], bias=float(res.x[-1]), iterations=int(res.nit))


def roc_auc(y: np.ndarray, score: np.ndarray) -> float:
    """Mann-Whitney AUC with mid-ranks for ties."""
    ranks = rankdata(score)
    n1, n0 = int(y.sum()), int(len(y) - y.sum())
    return float((ranks[y == 1].sum() - n1 * (n1 + 1) / 2) / (n1 * n0))


def heldout_mask(lists: TrainingLists, seed: int) -> np.ndarray:
    """Seeded choice of source groups (all renderings of one English word go together)."""
    groups = sorted(set(lists.groups))
    rng = np.random.default_rng([seed, 2])
    chosen = set(np.asarray(groups, dtype=object)[rng.random(len(groups)) < HELDOUT_SHARE])
    return np.array([g in chosen for g in lists.groups])


def evaluate(fit: Fit, x: scipy.sparse.csr_matrix, y: np.ndarray) -> HeldOut:
    z = x @ fit.weights + fit.bias
    pred = z > 0
    tp = int((pred & (y == 1)).sum())
    precision = tp / max(int(pred.sum()), 1)
    recall = tp / max(int((y == 1).sum()), 1)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    auc = roc_auc(y, z)
    return HeldOut(precision, recall, f1, auc, int(y.sum()), int(len(y) - y.sum()))


def _digest(items: list[str]) -> str:
    return hashlib.sha256("\n".join(items).encode("utf-8")).hexdigest()


def model_document(
    lists: TrainingLists, fit: Fit, held: HeldOut, settings: FeatureSettings, seed: int
) -> dict:
    weights, scale = encode_weights(fit.weights)
    excl = lists.exclusion
    return {
        "_source": (
            "Transliteration model of corpus_tools.translit_model, trained by "
            "scripts/train_translit_model.py from the package's own word lists: positives = "
            "data/wordlist_en.txt (wordfreq 3.1.1, CC BY-SA 4.0) rendered into Arabic script by "
            "data/translit_model_rules.json and the lexicon's vowel-dropping variants; negatives = "
            "data/wordlist_ar.txt (wordfreq 3.1.1, CC BY-SA 4.0) and data/stopwords_ar.txt. Every "
            "brand of data/brands.tsv (Latin forms, Arabic spellings and generated variants) is "
            "excluded from both lists. Licence of the weights: CC BY-SA 4.0 (derived from wordfreq)."
        ),
        "model": "logistic regression, hashed character n-grams, class-balanced, L2",
        "seed": seed,
        "l2": L2,
        "iterations": fit.iterations,
        "features": settings.as_header(),
        "training": {
            "positives": int(sum(lists.labels)),
            "negatives": int(len(lists.labels) - sum(lists.labels)),
            "conflicts_dropped": lists.conflicts,
            "words_sha256": _digest(list(lists.words)),
        },
        "excluded": {
            "brands": len(excl.names),
            "names_sha256": _digest(sorted(excl.names)),
            "latin_words": len(excl.latin),
            "arabic_spellings": len(excl.arabic),
            "reserved_loanwords": len(excl.reserved_arabic),
        },
        "heldout": {
            "share": HELDOUT_SHARE,
            "threshold": 0.5,
            "precision": round(held.precision, 4),
            "recall": round(held.recall, 4),
            "f1": round(held.f1, 4),
            "auc": round(held.auc, 4),
            "positives": held.positives,
            "negatives": held.negatives,
        },
        "version": __version__,
        "bias": round(fit.bias, 6),
        "weight_scale": scale,
        "weights": weights,
    }


def train(exclude_brands: list[str], seed: int, limit: int | None) -> dict:
    settings = FeatureSettings()
    lists = training_lists(exclude_brands, seed=seed, limit=limit)
    x = design(list(lists.words), settings)
    y = np.asarray(lists.labels, dtype=np.int64)
    held = heldout_mask(lists, seed)
    held_fit = fit_logistic(x[~held], y[~held])
    scores = evaluate(held_fit, x[held], y[held])
    print(
        f"held-out ({scores.positives} transliterations, {scores.negatives} native): "
        f"P={scores.precision:.4f} R={scores.recall:.4f} F1={scores.f1:.4f} AUC={scores.auc:.4f}"
    )
    return model_document(lists, held_fit, scores, settings, seed)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--exclude-brands", default="", help="comma-separated extra names")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--limit", type=int, default=None, help="about N words per list")
    args = parser.parse_args(argv)
    extra = [b for b in args.exclude_brands.split(",") if b.strip()]
    doc = train(extra, args.seed, args.limit)
    text = json.dumps(doc, ensure_ascii=False, indent=1) + "\n"
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out} ({len(text.encode('utf-8')):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
