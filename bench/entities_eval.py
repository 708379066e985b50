"""Entity precision before/after: hand-judged labels for demo articles (fictional, in the repo) and real pages.

Each article's entities (nlp.watchlist.article_entities, as the crawl stores them) are compared with
bench/entities_demo_labels.yaml, which lists, per demo article id, the names judged correct and those judged
wrong (by reading the article). precision = correct / judged; unjudged names are listed so the labels can be
completed. --baseline REF runs the same measure with the code of git REF (git archive into a temp dir).
Real pages (../shared/real_pages, read at run time) are judged with a labels file kept outside the
repository (--real-labels FILE, same format keyed by page name): real text stays in ../shared.
Usage: python bench/entities_eval.py [--baseline REF] [--real-labels FILE] [--show]
"""
from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LABELS = Path(__file__).with_name("entities_demo_labels.yaml")
REAL = REPO.parent / "shared" / "real_pages"


def demo_articles() -> dict[str, dict]:
    """The demo site's articles as the extractor gives them: title, sapo, body paragraphs one per line."""
    import yaml

    data = yaml.safe_load((REPO / "crawler/demo/articles.yaml").read_text(encoding="utf-8"))
    out = {}
    for a in data["articles"]:
        paras = [p.strip().removeprefix("## ") for p in (a.get("body") or "").split("\n\n") if p.strip()]
        out[str(a["id"])] = {"title": a["title"], "sapo": " ".join((a.get("sapo") or "").split()),
                             "text": "\n".join(" ".join(p.split()) for p in paras)}
    return out


def real_articles(sentences: int = 60) -> dict[str, dict]:
    """Real pages of ../shared/real_pages through the article extractor, and the first `sentences` real news
    sentences of ../shared/eval/corpus as one-line articles (read at run time, never copied)."""
    from crawler.jobs import extract_page

    out = {}
    for path in sorted((REAL.parent / "eval" / "corpus").glob("*.jsonl"))[:5]:
        for line in path.read_text(encoding="utf-8").splitlines()[:sentences // 5]:
            row = json.loads(line)
            out[row["id"]] = {"title": "", "text": row["sentence"]}
    for path in sorted(REAL.glob("*.html.gz")) if REAL.is_dir() else []:
        data = extract_page(gzip.decompress(path.read_bytes()).decode("utf-8", "replace"), "https://example.org/a")
        if isinstance(data, dict):
            out[path.name.removesuffix(".html.gz")] = data
    return out


def dump(articles: dict[str, dict]) -> tuple[dict[str, list[list[str]]], float]:
    """{article: [[kind, name], ...]} from this checkout's code, and CPU seconds spent."""
    sys.path.insert(0, str(Path.cwd()))
    from crawler.watchlist import load_watchlist
    from nlp.watchlist import article_entities

    wl = load_watchlist(None)
    article_entities({"title": "Ông Nguyễn Văn An thăm Hà Nội", "text": "Sở Y tế có 5 bệnh viện."}, wl)  # load
    t = time.process_time()
    out = {k: [[r["kind"], r["name"]] for r in article_entities(a, wl)] for k, a in articles.items()}
    return out, time.process_time() - t


def _key(kind: str, name: str) -> tuple[str, str]:
    from nlp.entities import entity_key
    from nlp.gazetteer import strip_admin

    return kind, entity_key(strip_admin(name) if kind == "place" else name)


def score(pred: dict[str, list[list[str]]], labels: dict) -> tuple[int, int, list[str]]:
    """(correct, judged, unjudged names) over the labelled articles."""
    correct = judged = 0
    unjudged = []
    for art, lab in labels.items():
        good = {_key(*e.split(": ", 1)) for e in lab.get("correct") or ()}
        bad = {_key(*e.split(": ", 1)) for e in lab.get("wrong") or ()}
        for kind, name in {tuple(x) for x in pred.get(str(art), [])}:
            k = _key(kind, name)
            if k in good:
                correct, judged = correct + 1, judged + 1
            elif k in bad:
                judged += 1
            else:
                unjudged.append(f"{art}: {kind}: {name}")
    return correct, judged, unjudged


def baseline(ref: str, which: str) -> tuple[dict, float]:
    """The same dump with the code of git ref, run in a temp copy of that tree."""
    with tempfile.TemporaryDirectory() as tmp:
        tar = subprocess.run(["git", "archive", ref], cwd=REPO, check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", tmp], input=tar, check=True)
        out = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--dump", which], cwd=tmp, check=True,
                             capture_output=True, text=True).stdout
    data = json.loads(out)
    return data["entities"], data["cpu"]


def report(name: str, pred: dict, cpu: float, labels: dict, show: bool) -> None:
    """Print precision (and unjudged names) for one extractor."""
    correct, judged, unjudged = score(pred, labels)
    n = sum(len(v) for k, v in pred.items() if k in {str(a) for a in labels})
    prec = f"{correct / judged:.3f}" if judged else "n/a"
    print(f"  {name:<9} {n:4d} entities in {len(labels)} judged articles, precision {prec} ({correct}/{judged}), "
          f"unjudged {len(unjudged)}; {cpu * 1000 / max(len(pred), 1):.0f} ms CPU/article")
    if show:
        for u in unjudged:
            print("     unjudged", u)


def main() -> None:
    """Run the evaluation and print the report."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--baseline", help="git ref of the code to compare with (e.g. main)")
    ap.add_argument("--real-labels", type=Path, help="judged names of ../shared/real_pages (kept outside the repo)")
    ap.add_argument("--show", action="store_true", help="list unjudged names")
    ap.add_argument("--dump", choices=["demo", "real"], help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.dump:
        sys.path.insert(0, str(Path.cwd()))  # the checkout being measured, before any import of nlp/crawler
        ents, cpu = dump(demo_articles() if args.dump == "demo" else real_articles())
        print(json.dumps({"entities": ents, "cpu": cpu}, ensure_ascii=False))
        return
    sys.path.insert(0, str(REPO))
    import yaml

    labels = {str(k): v for k, v in (yaml.safe_load(LABELS.read_text(encoding="utf-8")) or {}).items()}
    sets = [("demo", demo_articles(), labels)]
    if args.real_labels and REAL.is_dir():
        sets.append(("real", real_articles(), json.loads(args.real_labels.read_text(encoding="utf-8"))))
    elif REAL.is_dir():
        sets.append(("real", real_articles(), {}))
    for which, arts, lab in sets:
        print(f"{which}: {len(arts)} articles")
        if args.baseline:
            report("before", *baseline(args.baseline, which), lab, args.show)
        report("after", *dump(arts), lab, args.show)
        if which == "real" and not lab:
            print("  (no --real-labels: names listed for judging)")
            for k, v in dump(arts)[0].items():
                print(f"    {k}: " + "; ".join(f"{a}: {b}" for a, b in v))


if __name__ == "__main__":
    main()
