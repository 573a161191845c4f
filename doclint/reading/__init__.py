"""Reading provisions: the unit content rules judge, and what each provision does.

read → structure → **reading** → rules: a document's sentences are grouped into
provisions (doclint.reading.provisions), the vocabulary of legal concepts is data
(rulesets/concepts/*.yaml, doclint.reading.concepts), and each provision gets a
reading (doclint.reading.read): its parts, who bears each part, its mode, the acts
it names, whether it sets them or only refers to them, and the bases that cover
them.  Content rules of ``type: reading`` (doclint.rules.reading_rule) are
conditions over these readings.
"""

from doclint.reading.read import Act, Reading, read_document, read_text

__all__ = ["Act", "Reading", "read_document", "read_text"]
