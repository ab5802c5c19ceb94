"""Settings of the report: where the data is, and what each analysis and figure uses.

The one place to change the report's nodes, measures, filters and top-k; every notebook does
``from report_config import *``. ``corpus-tools report`` sets the environment variables; edit
``DATASET`` to load a published copy (a Hub repo id) instead of the local build.
"""

import os

# --- where the data comes from and where the results go ----------------------------------------
DATASET = os.environ.get("CORPUS_TOOLS_DATASET", "../build/dataset")  # a folder or a Hub repo id
REVISION = os.environ.get("CORPUS_TOOLS_DATASET_REVISION") or None  # Hub branch/tag/commit
ANNOTATOR = os.environ.get("CORPUS_TOOLS_ANNOTATOR", "rules")  # rules | stanza
REPORT_DIR = os.environ.get("CORPUS_TOOLS_REPORT_DIR", "../reports")  # figures/ and tables/
UD_GOLD = os.environ.get("CORPUS_TOOLS_UD_GOLD") or None  # UD .conllu, raw .txt beside it

# --- frequencies and keywords -------------------------------------------------------------------
BY = "norm"  # words are counted by normalised form and shown in their most frequent spelling
WORDS_BY = "lemma" if ANNOTATOR == "stanza" else BY  # stanza adds lemmas: the word list counts them
CONTENT = ("punct", "digits", "stopwords", "residue")  # left out of word lists and n-grams
WORDS_TOP = 20
NGRAMS = (2, 3)
NGRAM_TOP = 12
NGRAM_MIN_FREQ = 2
DISPERSION_TOP = 40
DISPERSION_LABELS = 16
KEYNESS_STATISTIC = "ll_2term"
KEYNESS_MIN_FREQ = 2  # a word must occur at least twice in the article to be key
KEYNESS_TOP = 8

# --- collocations -------------------------------------------------------------------------------
NODES = ("الذكاء", "شركة", "OpenAI", "Meta")  # الذكاء: the head of «الذكاء الاصطناعي»
COLLOCATION_EXCLUDE = ("punct", "residue", "stopwords")
WINDOW = (5, 5)
MEASURE = "log_dice"
MIN_COFREQ = 2
COLLOCATES_TOP = 8
COMPARE_NODE = "شركة"
COMPARE_MEASURES = ("log_dice", "g2", "mi", "t", "delta_p", "mi3")
COMPARE_TOP = 8
NETWORK_TOP = 6

# --- brand names --------------------------------------------------------------------------------
MIN_MENTIONS = 3  # brands mentioned fewer times are not characterised (one mention is no habit)
SCRIPT_MIN_MENTIONS = 2
VARIANTS_MIN = 2
FRAMES_MIN_MENTIONS = 2
DISPERSION_BRANDS = 6
