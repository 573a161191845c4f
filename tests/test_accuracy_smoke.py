"""Smoke test: the content rules meet the accuracy targets on the development corpus.

Skips when the shared corpus (../shared/corpus next to the repository) is absent.
Only the content rule families are run, so the figures do not depend on the
structural checks.
"""

import importlib.util
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
CONTENT = ["LIC,PEN,COE,FEE,CER,OBL,POW,ORG,CMP,CON"]
CONTENT_CATEGORIES = {"licensing", "penalty", "coercion", "fee", "certificate", "obligation", "power",
                      "organs", "competition", "consultation"}

pytestmark = pytest.mark.skipif(not (CORPUS / "cases.yaml").is_file(), reason="shared corpus not available")


@pytest.fixture(scope="module")
def accuracy():
    spec = importlib.util.spec_from_file_location("accuracy", REPO / "benchmarks" / "accuracy.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    mod.SELECT[:] = CONTENT
    return mod


def test_cases_targets(accuracy):
    stats = accuracy.score_cases(CORPUS, verbose=False)
    caught = cases = clean = fa = 0
    for cat, s in stats.items():
        if cat not in CONTENT_CATEGORIES:
            continue
        caught += s["caught"]
        cases += s["cases"]
        clean += s["clean"]
        fa += s["false_alarms"]
        if s["cases"] >= accuracy.MIN_CASES:
            assert s["caught"] / s["cases"] >= accuracy.TARGET_CAUGHT - 0.15, (cat, s)
    assert cases and caught / cases >= accuracy.TARGET_CAUGHT
    assert clean and fa / clean <= accuracy.TARGET_FALSE_ALARMS


def test_gazette_targets(accuracy):
    g = accuracy.score_gazette(CORPUS, verbose=False)
    labels = sum(c["labels"] for cat, c in g["per_cat"].items() if cat in CONTENT_CATEGORIES)
    caught = sum(c["caught"] for cat, c in g["per_cat"].items() if cat in CONTENT_CATEGORIES)
    assert labels and caught / labels >= accuracy.TARGET_GAZETTE_CAUGHT
    assert g["unlabelled"] * 10000 / g["chars"] <= accuracy.TARGET_UNLABELLED
    assert g["lookalike_fa"] / g["lookalikes"] <= accuracy.TARGET_FALSE_ALARMS


def test_skips_cleanly_without_corpus(accuracy, tmp_path, capsys):
    assert accuracy.main(["--corpus", str(tmp_path)]) == 0
    assert "skipping" in capsys.readouterr().out
