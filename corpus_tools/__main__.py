"""``python -m corpus_tools`` runs the command-line interface."""

import sys

from corpus_tools.cli import main

sys.exit(main())
