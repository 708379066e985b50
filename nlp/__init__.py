"""Pure Vietnamese text -> figures, indicators, entities and watchlist matches.

nlp/ does no I/O beyond loading its own models once and lazily; it imports nothing from solieu/,
crawler/ or db/.
"""
from nlp.figure import Figure

__all__ = ["EXTRACTOR_VERSION", "Figure", "extract_figures", "indicator_key", "indicator_keys"]

EXTRACTOR_VERSION = "0.8.18"


def extract_figures(text: str, published: str | None = None, home_place: str | None = None) -> list[Figure]:
    """Find the figures in Vietnamese text.

    >>> [(f.value, f.kind, f.unit) for f in extract_figures("Thu ngân sách đạt 1.200 tỷ đồng.")]
    [(1200000000000.0, 'money', 'VND')]
    """
    from nlp.figures import extract_figures as _extract
    from nlp.indicators import assign_indicators

    return assign_indicators(_extract(text, published=published, home_place=home_place), text)


def indicator_key(subject: str | None, kind: str, unit: str | None = None, context: str | None = None) -> str | None:
    """Normalised indicator key for a subject, e.g. "tỷ lệ hộ nghèo (%)".

    >>> indicator_key("Tỷ lệ hộ nghèo", "percent")
    'tỷ lệ hộ nghèo (%)'
    """
    from nlp.indicators import indicator_key as _key

    return _key(subject, kind, unit, context)


def indicator_keys(figures: list[dict]) -> list[str | None]:
    """The indicator keys extract_figures gives, for stored figures of one text (dicts with text, kind, unit,
    subject and sentence, in the order found): the same sentence context as at extraction, no re-extraction.

    >>> indicator_keys([{"text": "1.200 tỷ đồng", "kind": "money", "unit": "VND", "subject": "Thu ngân sách",
    ...                  "sentence": "Thu ngân sách đạt 1.200 tỷ đồng, bằng 105% dự toán."},
    ...                 {"text": "105%", "kind": "percent", "unit": None, "subject": "Thu ngân sách",
    ...                  "sentence": "Thu ngân sách đạt 1.200 tỷ đồng, bằng 105% dự toán."}])
    ['thu ngân sách (VND)', 'thu ngân sách (%)']
    """
    from nlp.indicators import assign_indicators

    figs = []
    for row in figures:
        if not isinstance(row, dict) or not row.get("kind"):
            raise ValueError("each figure needs a dict with at least its kind")
        figs.append(Figure(text=row.get("text") or "", start=-1, end=-1, value=float(row.get("value") or 0.0),
                           kind=row["kind"], unit=row.get("unit"), subject=row.get("subject"),
                           sentence=row.get("sentence") or ""))
    return [f.indicator for f in assign_indicators(figs, "")]
