"""The findings of each report section, written from the tables of the same build.

Each function takes the figures (:class:`~corpus_tools.plotting.Plot`) or saved tables of a
section and returns a :class:`~corpus_tools.report.findings.Findings` whose every number is a
:func:`~corpus_tools.report.findings.num` citation, so a rebuild on another corpus rewrites the
prose. The sentences choose what to say from the data (which brands are all-Latin, which mix
scripts …), never from knowledge of the seed articles.
"""

from __future__ import annotations

from typing import Any

from corpus_tools.report.findings import Findings, Named, num

__all__ = [
    "collocation_findings",
    "corpus_findings",
    "frequency_findings",
    "loanword_findings",
]


def _q(text: Any) -> str:
    """An Arabic or Latin term quoted for Markdown prose (isolated so bidi keeps it whole)."""
    return f"«<bdi>{text}</bdi>»"


def article(doc: Any) -> str:
    """How the prose names a document: ``article 000`` (the number its id starts with)."""
    return f"article {str(doc).split('_', 1)[0]}"


def _join(items: list[str], empty: str = "none") -> str:
    if not items:
        return empty
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def corpus_findings(overview: Named, ud: Named | None = None) -> Findings:
    """Sizes and the Latin share of the words (table of ``corpus_overview``), and the
    annotator's UD scores when ``ud`` (the table of ``evaluate_ud``) is given."""
    t = overview.table
    hi = t.sort_values(["latin_pct", "doc"], ascending=[False, True], kind="stable").iloc[0]
    lo = t.sort_values(["latin_pct", "doc"], kind="stable").iloc[0]
    share = float(t["latin"].sum() / t["words"].sum()) if "latin" in t else 0.0
    size = "a small minority" if share < 0.1 else "a sizeable part" if share < 0.3 else "much"
    text = (
        f"{num(overview, 'doc', agg='count')} articles with "
        f"{num(overview, 'words', agg='sum')} words (tokens other than punctuation), "
        f"{num(overview, 'latin', agg='sum')} of them in Latin script: {size} of the text, from "
        f"{num(overview, 'latin_pct', '.1f', doc=lo.doc)} % of the words in {article(lo.doc)} to "
        f"{num(overview, 'latin_pct', '.1f', doc=hi.doc)} % in {article(hi.doc)}."
    )
    if ud is not None:
        text += (
            f" The annotator finds UD tokens with F1 {num(ud, 'f1', '.1%', metric='Tokens')} and "
            f"syntactic words (clitics split off) with F1 {num(ud, 'f1', '.1%', metric='Words')} "
            "on the UD Arabic-PUD sample."
        )
    return Findings("corpus", text)


def frequency_findings(words: Named, keywords: Named) -> Findings:
    """The top content words, how widely they spread, and each article's top keywords."""
    w = words.table
    n_docs = int(w["range"].max())
    first = w.iloc[0]
    first_sentence = (
        f"The most frequent content word is {_q(first.label)} "
        f"({num(words, 'freq', rank=first['rank'])} times, in "
        f"{num(words, 'range', rank=first['rank'])} articles). "
        f"{num(words, 'term', agg='count', range=n_docs)} of the "
        f"{num(words, 'rank', agg='count')} most frequent words occur in every article; the others "
        "are concentrated in fewer articles (topic words and names)."
    )
    parts = [first_sentence]
    kw = keywords.table
    items = []
    for doc in dict.fromkeys(kw["doc"]):
        top = kw[kw["doc"] == doc].head(3)
        terms = ", ".join(
            f"{_q(r.label)} (LL {num(keywords, 'll_2term', '.1f', doc=doc, rank=r.rank)})"
            for r in top.itertuples(index=False)
        )
        items.append(f"{article(doc)}: {terms}")
    parts.append("Most key in each article against the others: " + "; ".join(items) + ".")
    return Findings("frequencies", " ".join(parts))


def collocation_findings(
    collocates: Named, measures: Named, *, measure: str, measure_label: str, node: str
) -> Findings:
    """Each node's strongest collocate, and which collocates every measure agrees on."""
    c = collocates.table
    items = []
    for each in dict.fromkeys(c["node"]):
        best = c[c["node"] == each].iloc[0]
        items.append(
            f"{_q(best.label)} for {_q(best.node_label)} ({measure_label} "
            f"{num(collocates, measure, '.2f', node=each, rank=1)}, seen "
            f"{num(collocates, 'o11', node=each, rank=1)} times)"
        )
    m = measures.table
    robust = [_q(r.label) for r in m[m["robust"]].itertuples(index=False)]
    node = _q(node)
    text = (
        "Strongest collocates: " + "; ".join(items) + ". "
        f"Of the {num(measures, 'collocate', agg='count')} collocates of {node} in any measure's "
        f"top list, {num(measures, 'collocate', agg='count', robust=True)} are in every "
        f"measure's top list ({_join(robust)}): these are robust; the others depend on the "
        "measure (MI favours rare pairs, t-score and G² frequent ones)."
    )
    return Findings("collocations", text)


def _script_groups(scripts: Named, min_mentions: int) -> dict[str, list[str]]:
    t = scripts.table[(scripts.table["total"] >= min_mentions) & (scripts.table["brands"] == 1)]
    groups: dict[str, list[str]] = {"latin": [], "arabic": [], "mixed": []}
    for r in t.itertuples(index=False):
        kind = "latin" if r.arabic == 0 else "arabic" if r.latin == 0 else "mixed"
        groups[kind].append(
            f"<bdi>{r.brand}</bdi> "
            f"({num(scripts, 'latin', brand=r.brand)}/{num(scripts, 'total', brand=r.brand)})"
        )
    return groups


def loanword_findings(
    scripts: Named,
    by_document: Named,
    variants: Named,
    clitics: Named,
    frames: Named,
    *,
    min_mentions: int = 3,
) -> list[Findings]:
    """Scripts and their consistency, competing spellings, clitics, and «شركة X» frames."""
    groups = _script_groups(scripts, min_mentions)
    script_text = (
        f"{num(scripts, 'brands', agg='sum')} brands are mentioned "
        f"{num(scripts, 'total', agg='sum')} times, {num(scripts, 'latin', agg='sum')} of them in "
        f"Latin script. Among brands with ≥ {min_mentions} mentions (Latin/all), always Latin: "
        f"{_join(groups['latin'])}; always Arabic: {_join(groups['arabic'])}; both: "
        f"{_join(groups['mixed'])}."
    )
    d = by_document.table
    mixed = d[d["choice"] == "mixed"]
    stable = "mostly stable" if len(mixed) <= 0.25 * len(d) else "often mixed"
    consistency = (
        f" Within one article the choice is {stable}: of "
        f"{num(by_document, 'choice', agg='count')} brand–article pairs, "
        f"{num(by_document, 'choice', agg='count', choice='mixed')} mix both scripts"
        + (
            f" ({_join([f'<bdi>{b}</bdi>' for b in sorted(set(mixed['brand']))])})."
            if len(mixed)
            else "."
        )
    )
    v = variants.table
    spell = []
    for brand in dict.fromkeys(v["brand"]):
        forms = v[v["brand"] == brand]
        spell.append(
            f"<bdi>{brand}</bdi>: "
            + " / ".join(
                f"<bdi>{r.variant}</bdi> {num(variants, 'count', brand=brand, variant=r.variant)}"
                for r in forms.itertuples(index=False)
            )
        )
    spelling = f"Competing spellings: {'; '.join(spell) if spell else 'none'}."
    return [
        Findings("loanwords", script_text + consistency + " " + spelling),
        _clitic_findings(clitics),
        _frame_findings(frames),
    ]


def _clitic_findings(clitics: Named) -> Findings:
    t = clitics.table
    attached = t[t["attached"]]
    top = attached.groupby("clitic")["count"].sum().sort_values(ascending=False, kind="stable")
    shares = []
    for script, name in (("latin", "Latin-script"), ("arabic", "Arabic-script")):
        if (t["script"] == script).any():
            shares.append(
                f"{num(clitics, 'count', agg='sum', script=script, attached=True) if (attached['script'] == script).any() else 0}"
                f" of {num(clitics, 'count', agg='sum', script=script)} {name} mentions"
            )
    text = (
        "Proclitics are written onto brand names as onto any Arabic noun, in either script: "
        f"{_join(shares)} carry one"
        + (
            f"; the most common is {_q(str(top.index[0]) + 'ـ')} "
            f"({num(clitics, 'count', agg='sum', clitic=top.index[0])})."
            if len(top)
            else "."
        )
    )
    return Findings("clitics", text)


def _frame_findings(frames: Named) -> Findings:
    t = frames.table
    nouns = [
        c for c in t.columns if c not in {"brand", "total", "bare", "other", "framed", "has_frame"}
    ]
    noun_counts = ", ".join(f"{_q(n)} {num(frames, n, agg='sum')}" for n in nouns if t[n].sum())
    text = (
        f"A classifier noun right before the name («شركة X») introduces "
        f"{num(frames, 'framed', agg='sum')} of {num(frames, 'total', agg='sum')} mentions of the "
        f"brands with two or more mentions ({noun_counts}); "
        f"{num(frames, 'brand', agg='count', has_frame=True)} of "
        f"{num(frames, 'brand', agg='count')} brands are introduced this way at least once, the "
        "others always appear bare."
    )
    return Findings("frames", text)
