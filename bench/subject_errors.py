"""Where the subject points go, held out by domain: candidate recall, ranking and boundary errors.

For each corpus domain, trains on the others (bench/train_figures.py fit) and sorts every matched gold
figure of the held-out domain: exact; overlap but not exact (boundary: longer, shorter, shifted); wrong
(overlap < 0.5) -- each split by whether the rules answered alone (gated "sure") or the ranker chose,
and whether the gold subject was among the ranker's candidates. Prints counts and the words most often
extra or missing at each edge. Reads ../shared at run time; prints nothing from it but counts and words.

    python bench/subject_errors.py [--extra] [--show N] [--domain D]
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import train_figures as tf  # noqa: E402

from nlp import extract_figures, learned  # noqa: E402
from nlp.spans import words_of  # noqa: E402


def _cands(rows) -> list[list[tuple[bool, set[str]]]]:
    """Per recorded sentence, per figure: (rules sure, the ranker's candidate texts, folded)."""
    out = []
    m = learned.load_model()
    for text, folded, items in rows:
        s = learned.sentence(text, folded, m, items)
        per = []
        for n, it in enumerate(items):
            prev = items[n - 1].rule_subject if n else None
            texts = {" ".join(words_of(t)) for _k, t, _f in learned._candidates(s, items, n, prev)}
            per.append((learned._sure(it), texts))
        out.append(per)
    return out


def main() -> None:
    """Run the LODO error breakdown and print it."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--extra", action="store_true", help="train with our own annotated sets too")
    ap.add_argument("--show", type=int, default=0, help="print N (gold, predicted) word pairs per class")
    ap.add_argument("--domain", help="hold out this corpus domain only (e.g. markets)")
    args = ap.parse_args()
    tf.SF = tf.scorer()
    gold = tf.load()
    data = tf.collect(gold)
    extra = tf.collect(tf.load_extra(list(tf.EXTRA))) if args.extra else []
    domains = sorted({g["domain"] for g in gold} - {"dev"})
    if args.domain:
        if args.domain not in domains:
            raise SystemExit(f"no corpus domain {args.domain!r}; one of: {', '.join(domains)}")
        domains = [args.domain]
    table: Counter = Counter()
    edges = {k: Counter() for k in ("extra_left", "extra_right", "missing_left", "missing_right")}
    shown: dict[str, list] = {}
    for dom in domains:
        train = [d for d in data if d["gold"]["domain"] != dom] + extra
        learned.set_model(tf.fit(train, 3.0, 0.1))
        for g in (d["gold"] for d in data if d["gold"]["domain"] == dom):
            sink: dict = {}
            learned.record(sink)
            preds = [f.to_dict() for f in extract_figures(g["sentence"])]
            learned.record(None)
            cands = [c for per in _cands(sink.get("rows", [])) for c in per]
            used: set[int] = set()
            for gf in g.get("figures") or []:
                hit = next((i for i, p in enumerate(preds) if i not in used and tf.SF.same_figure(gf, p)), None)
                if hit is None:
                    continue
                used.add(hit)
                gw, pw = words_of(gf.get("subject")), words_of(preds[hit].get("subject"))
                sure, texts = cands[hit] if hit < len(cands) else (True, set())
                who = "rules" if sure else "ranker"
                inc = "in" if " ".join(gw) in texts else "out"
                if gw == pw:
                    cls = "exact"
                elif tf.SF.overlap_f1(gf.get("subject"), preds[hit].get("subject")) >= 0.5:
                    k = len(gw)
                    pos = next((i for i in range(len(pw) - k + 1) if pw[i:i + k] == gw), None)
                    if pos is not None:
                        cls = "long"
                        edges["extra_left"].update(pw[:pos][-1:])
                        edges["extra_right"].update(pw[pos + k:][:1])
                    elif any(gw[i:i + len(pw)] == pw for i in range(len(gw) - len(pw) + 1)):
                        cls = "short"
                        i = next(i for i in range(len(gw) - len(pw) + 1) if gw[i:i + len(pw)] == pw)
                        edges["missing_left"].update(gw[:i][-1:])
                        edges["missing_right"].update(gw[i + len(pw):][:1])
                    else:
                        cls = "shifted"
                else:
                    cls = "wrong" if pw else "none"
                table[(dom, cls, who, inc)] += 1
                shown.setdefault(cls + "/" + who, []).append((" ".join(gw), " ".join(pw)))
        learned.set_model(None)
    classes = ("exact", "long", "short", "shifted", "wrong", "none")
    print("| domain | who | gold in cands | " + " | ".join(classes) + " |")
    print("|---" * (3 + len(classes)) + "|")
    for dom in domains + ["all"]:
        for who in ("rules", "ranker"):
            for inc in ("in", "out"):
                cnt = [sum(v for (d, c, w, i), v in table.items() if (dom == "all" or d == dom) and c == cls
                           and w == who and i == inc) for cls in classes]
                if sum(cnt):
                    print(f"| {dom} | {who} | {inc} | " + " | ".join(map(str, cnt)) + " |")
    for k, c in edges.items():
        print(k, c.most_common(25))
    for k, pairs in sorted(shown.items()):
        if args.show and not k.startswith("exact"):
            print(f"\n## {k} ({len(pairs)})")
            for gw, pw in pairs[:args.show]:
                print(f"  gold={gw!r:45} pred={pw!r}")


if __name__ == "__main__":
    main()
