"""CoNLL-U export edge cases (round trips and the official scorer are in test_annotate/test_evaluate)."""

from __future__ import annotations

import corpus_tools as ct


def test_empty_table_writes_no_lines(seed_tokens) -> None:
    assert ct.to_conllu(seed_tokens.iloc[:0]) == ""


def test_one_sentence_block_per_sentence(seed_tokens) -> None:
    one = seed_tokens[seed_tokens["doc"] == seed_tokens["doc"].iloc[0]]
    text = ct.to_conllu(one)
    blocks = [b for b in text.split("\n\n") if b.strip()]
    assert text.count("# newdoc id = ") == 1
    assert len(blocks) == one["sentence"].nunique()
    assert all(b.lstrip("\n").splitlines()[-1].split("\t")[0].isdigit() for b in blocks)
