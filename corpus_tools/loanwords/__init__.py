"""Loanword usage: English brand names in Arabic text, in Latin and in Arabic script.

Arabic news writes brands in Latin script (``أعلنت IBM وMeta``, ``لـSora``, ``«OpenAI»``) and
transliterated into Arabic script with unstable spelling (جوجل/غوغل, فيسبوك/فيس بوك), glued to
proclitics (وجوجل, لمايكروسوفت, الفيسبوك) and next to native look-alikes (ابل "camels", سورا
"wall", ميتا "dead"). :func:`brand_mentions` finds them, following the annotation standard of
``../shared/eval/brand_mentions/GUIDELINES.md`` (spans exclude clitics, tatweel, quotes and ``#``;
multiword names are one span; model numbers are excluded; domain forms keep the TLD);
:func:`brand_usage`, :func:`brand_variants` and :func:`brand_heads` summarise how each brand is
written (tidy tables); :func:`evaluate_mentions` scores
predicted spans against a gold file (span-exact micro precision/recall/F1).

How a mention is found (every step is a named *heuristic*; :data:`HEURISTICS` lists them and
``brand_mentions(..., heuristics=...)`` switches them off one by one for ablation):

``lexicon``
    Brand lexicon ``data/brands.tsv`` (canonical name, kind, Latin forms, Arabic spellings).
    Arabic spellings are matched on normalised text (:mod:`corpus_tools.normalize`) after a
    transliteration *fold* (``data/loanwords.json``: g → ج for غ/ق/گ, v → ف for ڤ, p → ب for پ,
    چ → تش, hamza seats → carrier, ی → ي), after a proclitic sequence (و ف ب ل ك ال لل and their
    combinations) and with whole-word boundaries; multiword names may be separated by spaces,
    dots (``إيه.آي``) or dashes (``دال – إي``). Latin forms match case-insensitively, except forms
    that are common English words (``Apple``, ``Signal``), which must be capitalised as listed.
``variants``
    Spellings generated from the listed ones: optional internal long vowels (ميكروسوفت →
    ميكروسفت; not a vowel letter next to another one, ديلويت ↛ ديليت), joined or split
    multiword names (فيس بوك ↔ فيسبوك), and a Latin ``I``/``l`` homoglyph (``OpenAl``). A
    generated spelling that is a native Arabic word (``data/wordlist_ar.txt``) is discarded.
``context``
    Spellings flagged ambiguous in the lexicon (ابل, سورا, ميتا, كروم ...) count only with
    supporting evidence in the document: a classifier noun before them (شركة، تطبيق ...),
    the same brand elsewhere in the document in Latin script or in an unambiguous spelling,
    another brand right next to them (``آبل وجوجل``), or quotes around them. Switching this
    heuristic off accepts every ambiguous spelling.
``latin_shape``
    Unknown Latin-script names, detected by script and shape: acronyms, camelCase, letters
    with digits, capitalised words that are not common English words (``data/wordlist_en.txt``).
    Excluded: generic technology terms (GPS, USB, AMOLED), organisations (NASA, CERN), model
    and version designators after a product (``S8``, ``Lite``, ``Oreo``) and trailing
    qualifiers or model codes of an unknown name (``Touchwiz Grace UX`` → ``Touchwiz``), lone
    qualifiers, people (two or more capitalised non-English words, unless the last is a
    name tail of ``loanwords.json``: ``Google Play``, ``Boston Dynamics``), names introduced by
    a non-brand head noun (مبادرة، قمة، فيلم ...), acronyms glossing a translated Arabic name
    (``الاتحاد الدولي للاتصالات (ITU)``). Capitalised common English words and single letters
    need a classifier noun before them, or an Arabic transliteration right before them (see
    ``gloss``).
``english_french``
    Lowercase English words become ``english``; runs with French function words, elisions or
    accents (``Sommet pour l’action``), or made of French-only words, become ``foreign``.
``gloss``
    An Arabic-script word (or two or three) right before a Latin brand, or before its
    parenthesised Latin form, whose consonant skeleton matches it (``سبوتيفاي Spotify``). A
    capitalised English word with an exactly matching transliteration right before it becomes
    a brand too (``تيليجرام Telegram``, ``أمازون Amazon``). A proclitic written before a
    hamza-seated alef is split off (``وألفابت`` = و + ألفابت).
``doc_latin``
    An Arabic-script word elsewhere in the document whose consonant skeleton equals that of a
    Latin brand of the document (``Perplexity`` … ``بيربلكسيتي``); native words are excluded.
``classifier``
    Up to three Arabic-script words right after a classifier noun (``شركة أنثروبيك``) that
    look like a transliteration: not a stopword or assimilated loanword, not definite, no
    ح ع ظ ض or hamza seat, no Arabic derivational template (تفعيل، مفعول، -ية، -ات), and a
    character-trigram transliteration score (:meth:`Lexicon.translit_score`, trained on the
    loaded lexicon's spellings against the Arabic word list) of at least ``TSCORE_UNLISTED``,
    or ``TSCORE_LISTED`` for words of the Arabic word list (which holds famous brands such as
    فيسبوك and آيفون, so list membership alone no longer vetoes), ``TSCORE_DEFINITE`` after a
    definite classifier noun. A Latin personal name right after the words vetoes them.
``propagate``
    Every other occurrence in the document, with or without proclitics, of an Arabic-script
    name found by ``classifier``, ``gloss`` or ``doc_latin``.
``assimilated``
    Established loanwords in Arabic script (تكنولوجيا، الإنترنت، ديمقراطية), category
    ``assimilated``; they never count as brands.

Categories: ``brand`` (the graded category), ``english`` (non-brand English words and generic
terms in Latin script), ``foreign`` (non-English Latin script), ``assimilated``.

The ``OpenAl`` typo of seed 000 (lowercase L for capital I) is annotated as a ``brand`` mention
of OpenAI, as the guidelines ask for misspellings ("annotated as found"); the ``variants``
heuristic finds it through the I/l homoglyph.

Modules: :mod:`~corpus_tools.loanwords.wordlists` (data files), :mod:`.transliteration`
(skeletons, trigram score), :mod:`.lexicon` (``brands.tsv`` and generated variants),
:mod:`.document` (candidates, per-document arrays, word types), :mod:`.latin` (Latin-script
evidence), :mod:`.evidence` (Arabic-script evidence, one function per kind),
:mod:`.detection` (:func:`brand_mentions`), :mod:`.usage`, :mod:`.evaluation`.
"""

from corpus_tools.loanwords.detection import (
    CATEGORIES,
    HEURISTICS,
    MENTION_COLUMNS,
    brand_mentions,
)
from corpus_tools.loanwords.evaluation import evaluate_mentions, mention_errors, read_gold
from corpus_tools.loanwords.lexicon import Lexicon, load_lexicon
from corpus_tools.loanwords.transliteration import skeleton
from corpus_tools.loanwords.usage import USAGE_COLUMNS, brand_heads, brand_usage, brand_variants

__all__ = [
    "CATEGORIES",
    "HEURISTICS",
    "MENTION_COLUMNS",
    "USAGE_COLUMNS",
    "Lexicon",
    "brand_heads",
    "brand_mentions",
    "brand_usage",
    "brand_variants",
    "evaluate_mentions",
    "load_lexicon",
    "mention_errors",
    "read_gold",
    "skeleton",
]
