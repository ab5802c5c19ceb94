"""Build ``corpus_tools/data/wordfreq_ar.tsv``: Arabic word forms with their Zipf frequency.

The clitic segmenter (:mod:`corpus_tools.segment`) weighs each split of a word by how frequent
its pieces are as written words. The frequencies come from wordfreq 3.1.1 (Robyn Speer; code
MIT, word lists CC BY-SA 4.0), which is *not* a dependency of the package; to rebuild::

    pip install wordfreq==3.1.1
    python scripts/build_wordfreq_ar.py

Every form of ``wordfreq.iter_wordlist("ar")`` is kept with its diacritics and tatweel
removed (hamza and alef forms stay as written: ``أحد`` and ``احد`` are different entries);
forms that are then not pure Arabic letters are dropped; frequencies of forms that become
equal are added; forms with a Zipf frequency below ``MIN_ZIPF`` are dropped. Output: one
``form<TAB>zipf`` line per form (Zipf = log10 of the frequency per billion words, two
decimals), sorted by form, after a commented header.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

MIN_ZIPF = 2.5
OUT = Path(__file__).resolve().parents[1] / "corpus_tools" / "data" / "wordfreq_ar.tsv"
_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_LETTERS = re.compile("^[\u0621-\u064a]+$")

HEADER = f"""\
# _source: wordfreq 3.1.1 (Robyn Speer; https://github.com/rspeer/wordfreq), Arabic word forms
# (iter_wordlist("ar")) with diacritics and tatweel removed, hamza and alef forms as written,
# Zipf frequency >= {MIN_ZIPF} (log10 of occurrences per billion words), frequencies of forms
# that became equal added. Forms are orthographic words, so clitic-attached forms (وقال, بالنسبة)
# are entries of their own.
# Licence of the data: CC BY-SA 4.0 (wordfreq's word lists; attribution: wordfreq by Robyn
# Speer, built from Wikipedia, OpenSubtitles, Google Books, Twitter, Reddit, Common Crawl and
# others). Regenerate with scripts/build_wordfreq_ar.py. Columns: form, zipf.
"""


def main() -> None:
    import wordfreq

    freq: dict[str, float] = {}
    for word in wordfreq.iter_wordlist("ar", "best"):
        form = _MARKS.sub("", word)
        if _LETTERS.match(form):
            freq[form] = freq.get(form, 0.0) + wordfreq.word_frequency(word, "ar", "best")
    rows = sorted(
        (form, math.log10(f) + 9) for form, f in freq.items() if math.log10(f) + 9 >= MIN_ZIPF
    )
    lines = [f"{form}\t{zipf:.2f}" for form, zipf in rows]
    OUT.write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} forms -> {OUT}")


if __name__ == "__main__":
    main()
