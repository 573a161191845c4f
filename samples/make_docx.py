"""Regenerate the .docx samples from their .txt twins: one paragraph per line.

    python samples/make_docx.py
"""

from pathlib import Path

import docx

HERE = Path(__file__).resolve().parent


def build(txt: Path) -> Path:
    document = docx.Document()
    for line in txt.read_text(encoding="utf-8").rstrip("\n").split("\n"):
        document.add_paragraph(line)
    out = txt.with_suffix(".docx")
    document.core_properties.author = "doclint samples"
    document.save(out)
    return out


if __name__ == "__main__":
    for name in ("parking-draft.txt",):
        print(build(HERE / name))
