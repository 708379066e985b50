"""Indicator keys against the annotated concepts: B-cubed precision/recall/F1 per file, three ways.

    .venv/bin/python bench/indicators_eval.py [GOLD.jsonl ...]   (default: ../shared/eval/corpus/*.jsonl + dev)

- "own key": every figure its own key (the floor the scorer gives a run without keys);
- "extracted": keys of `nlp.extract_figures` on the sentence (what `solieu figures` prints), over the figures
  matched to gold like ../shared/eval/score_figures.py matches them;
- "gold subject": the key function alone, fed the gold figures (gold subject, kind, unit and position) of each
  sentence: an upper bound free of extraction and subject errors.
--catalog PATH scores another catalog file; --loo DOMAIN leaves the catalog concepts tagged with that domain out
(a rough out-of-domain number: concepts named only by that domain fall back to normalised subjects);
--loo-all prints, for each domain file, its score with and without its own domain's catalog concepts.
The sentences are read from ../shared at run time; nothing of them is written anywhere.
"""
from __future__ import annotations

import argparse
import functools
import importlib.util
import json
import sys
import unicodedata
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared" / "eval"


@functools.cache
def _scorer():
    """The shared scorer module itself, so matching and normalisation are exactly its own."""
    spec = importlib.util.spec_from_file_location("score_figures", SHARED / "score_figures.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _norm(s) -> str:
    return _scorer().norm(s)


def _same(g: dict, p) -> bool:
    return _scorer().same_figure(g, p.to_dict())


def _cluster(g: dict) -> str:
    return f"{_norm(g['concept'])}|{g['kind']}|{_norm(g.get('unit')) if g['kind'] == 'money' else ''}"


def bcubed(pairs: list[tuple[str, str]]) -> tuple[float, float, float]:
    """B-cubed (precision, recall, F1) of predicted keys against gold clusters."""
    if not pairs:
        return 0.0, 0.0, 0.0
    both, gold, pred = Counter(pairs), Counter(c for c, _ in pairs), Counter(k for _, k in pairs)
    p = sum(both[(c, k)] / pred[k] for c, k in pairs) / len(pairs)
    r = sum(both[(c, k)] / gold[c] for c, k in pairs) / len(pairs)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _gold_figures(row: dict):
    from nlp.figure import Figure

    sent = unicodedata.normalize("NFC", row["sentence"])
    out, pos = [], 0
    for g in row.get("figures") or []:
        i = sent.find(g["text"], pos)
        i = sent.find(g["text"]) if i < 0 else i
        i = max(i, 0)
        pos = i + len(g["text"])
        out.append(Figure(text=g["text"], start=i, end=i + len(g["text"]), value=g["value"], kind=g["kind"],
                          unit=g.get("unit"), subject=g.get("subject"), sentence=sent))
    return sent, out


def score_rows(rows: list[dict]) -> dict[str, tuple[float, float, float]]:
    """{"own": ..., "extracted": ..., "gold subject": ...} B-cubed triples over the rows."""
    import nlp
    from nlp.indicators import assign_indicators

    own, ext, gsub = [], [], []
    for row in rows:
        golds = [g for g in row.get("figures") or [] if g.get("concept")]
        preds = nlp.extract_figures(row["sentence"])
        used: set[int] = set()
        for n, g in enumerate(golds):
            own.append((_cluster(g), f"\0{row['id']}:{n}"))
            hit = next((i for i, p in enumerate(preds) if i not in used and _same(g, p)), None)
            if hit is not None:
                used.add(hit)
                key = preds[hit].indicator
                ext.append((_cluster(g), _norm(key) if key else f"\0{row['id']}:{n}"))
        sent, figs = _gold_figures(row)
        assign_indicators(figs, sent)
        for n, (g, f) in enumerate(zip(row.get("figures") or [], figs)):
            if g.get("concept"):
                gsub.append((_cluster(g), _norm(f.indicator) if f.indicator else f"\0{row['id']}:{n}"))
    return {"own": bcubed(own), "extracted": bcubed(ext), "gold subject": bcubed(gsub),
            "n": (len(own), len({c for c, _ in own}), len(ext))}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--catalog", help="score with this catalog file instead of nlp/indicators.yaml")
    ap.add_argument("--loo", help="leave the catalog concepts of this domain out")
    ap.add_argument("--loo-all", action="store_true", help="each domain file without its own domain's concepts")
    args = ap.parse_args()
    if args.loo_all:
        return _loo_all()
    files = args.files or sorted((SHARED / "corpus").glob("*.jsonl")) + [SHARED / "dev_figures.jsonl"]
    if not all(f.exists() for f in files):
        sys.exit(f"missing gold files (is ../shared there?): {[str(f) for f in files if not f.exists()]}")
    from nlp import catalog as cat

    if args.catalog or args.loo:
        full = cat.read_catalog(args.catalog or cat.CATALOG_PATH)
        kept = [c for c in full.concepts if c.domain != args.loo]
        chosen = cat.Catalog(kept)
        cat.load_catalog.cache_clear()
        cat.load_catalog = lambda path=None: chosen  # type: ignore[assignment]
        import nlp.indicators as ind

        ind.load_catalog = cat.load_catalog
        print(f"catalog: {len(kept)} of {len(full)} concepts" + (f" (without domain {args.loo})" if args.loo else ""))
    else:
        print(f"catalog: {len(cat.load_catalog())} concepts")
    print(f"{'file':<24} {'figs':>5} {'clus':>5} {'own F1':>7} {'extracted P/R/F1':>20} {'gold-subject P/R/F1':>20}")
    every: list[dict] = []
    for f in files:
        rows = [json.loads(line) for line in f.open(encoding="utf-8") if line.strip()]
        if f.parent.name == "corpus":
            every += rows
        _print(f.name, score_rows(rows))
    if len(every) > 0 and len(files) > 1:
        _print("corpus (all five)", score_rows(every))


FILE_DOMAIN = {"econ.jsonl": "economy", "markets.jsonl": "markets", "social.jsonl": "social",
               "health_edu_env.jsonl": "health_edu_env", "local_hanoi.jsonl": "local"}


def _use_catalog(concepts) -> None:
    from nlp import catalog as cat
    import nlp.indicators as ind

    chosen = cat.Catalog(list(concepts))
    ind.load_catalog = lambda path=None: chosen  # type: ignore[assignment]


def loo_scores() -> dict[str, tuple[dict, dict]]:
    """{file: (scores with the whole catalog, scores without the catalog concepts of the file's own domain)}."""
    from nlp import catalog as cat
    import nlp.indicators as ind

    full, original = cat.read_catalog(cat.CATALOG_PATH), ind.load_catalog
    out = {}
    try:
        for name, domain in FILE_DOMAIN.items():
            rows = [json.loads(line) for line in (SHARED / "corpus" / name).open(encoding="utf-8") if line.strip()]
            _use_catalog(full.concepts)
            a = score_rows(rows)
            _use_catalog([c for c in full.concepts if c.domain != domain])
            out[name] = (a, score_rows(rows))
    finally:
        ind.load_catalog = original
    return out


def _loo_all() -> None:
    from nlp import catalog as cat

    full = cat.read_catalog(cat.CATALOG_PATH)
    print(f"{'file':<24} {'left out':>22} {'extracted F1 all/loo':>22} {'gold-subject F1 all/loo':>24}")
    scores = loo_scores()
    for name, (a, b) in scores.items():
        domain = FILE_DOMAIN[name]
        left = sum(c.domain == domain for c in full.concepts)
        print(f"{name:<24} {left:>4} {domain:>17} {a['extracted'][2]:>10.3f}/{b['extracted'][2]:.3f}"
              f" {a['gold subject'][2]:>12.3f}/{b['gold subject'][2]:.3f}")
    mean = [sum(s[i][k][2] for s in scores.values()) / len(scores) for i in (0, 1) for k in ("extracted", "gold subject")]
    print(f"{'mean of the five':<24} {'':>22} {mean[0]:>10.3f}/{mean[2]:.3f} {mean[1]:>12.3f}/{mean[3]:.3f}")


def _print(name: str, s: dict) -> None:
    fmt = "{:.3f}/{:.3f}/{:.3f}"
    print(f"{name:<24} {s['n'][0]:>5} {s['n'][1]:>5} {s['own'][2]:>7.3f} {fmt.format(*s['extracted']):>20} "
          f"{fmt.format(*s['gold subject']):>20}")


if __name__ == "__main__":
    main()
