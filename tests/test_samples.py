"""The bundled samples: exact findings (rule, line, section), one per content category, clean sample quiet."""

import json

import pytest

from conftest import SAMPLES, run_cli

EXPECTED = [
    ('SUB001', 1, None),
    ('SCO001', 2, None),
    ('FMT001', 3, None),
    ('FMT001', 3, None),
    ('FMT001', 3, None),
    ('FMT003', 6, None),
    ('FMT003', 6, None),
    ('FMT002', 9, None),
    ('CIT001', 11, '第一条'),
    ('LIC001', 13, '第三条'),
    ('CER001', 16, '第四条第（二）项'),
    ('CON001', 17, '第五条'),
    ('FEE001', 17, '第五条'),
    ('FEE002', 17, '第五条'),
    ('FEE003', 17, '第五条'),
    ('CMP050', 18, '第六条'),
    ('CMP003', 19, '第七条'),
    ('COE001', 20, '第八条'),
    ('PEN003', 21, '第九条'),
    ('OBL002', 22, '第十条'),
    ('OBL005', 22, '第十条'),
    ('CMP012', 23, '第十一条'),
    ('POW001', 23, '第十一条'),
    ('ORG001', 24, '第十二条'),
]
CONTENT = {"licensing", "penalty", "coercion", "fee", "certificate", "obligation", "power", "organs", "competition", "consultation"}


@pytest.mark.parametrize("name", ["parking-draft.txt", "parking-draft.docx"])
def test_bad_draft_exact_findings(name):
    res = run_cli("check", "--format", "json", SAMPLES / name)
    assert res.returncode == 1
    f = json.loads(res.stdout)["files"][0]
    assert [(x["rule"], x["line"], x["section"]) for x in f["findings"]] == EXPECTED
    assert CONTENT <= {x["category"] for x in f["findings"]}
    assert len({x["rule"] for x in f["findings"]}) >= 6


def test_clean_sample_has_no_problem():
    res = run_cli("check", "--format", "json", SAMPLES / "clean-notice.txt")
    assert res.returncode == 0
    f = json.loads(res.stdout)["files"][0]
    assert [x["rule"] for x in f["findings"]] == ["SCO001"]
    assert f["scope"]["normative"] is True
    assert f["document"]["doc_number"] == "朔政办发〔2025〕12号"
