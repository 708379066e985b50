"""Where and when an extracted figure is: its place (normalised) and its period as a span of days."""
from __future__ import annotations

from typing import Any

from nlp.place import Place, normalize_place, observation_place
from nlp.timespan import resolve_relative, span_columns


def situate(sentence: str, period: str | None, published: str | None, home_place: str | None = None,
            dateline: Place | None = None, listed: str | None = None) -> dict[str, Any]:
    """The observation columns period, period_start, period_end, granularity, place and place_area.

    `listed` is the place a figure in a list of places names for itself ("…, Cao Bằng 22%": the Figure's
    place when it is not its sentence's, nlp.places.listed_place); it wins over the sentence's.

    A figure whose sentence states no period gets one from relative wording ("quý trước", "năm nay")
    resolved against the publication date, else the publication day as an "as-of" time stamp.

    >>> situate("Năm nay toàn thành phố có 120 xã đạt chuẩn.", None, "2026-11-20T08:00:00+07:00", "Hà Nội")
    {'period': '2026', 'period_start': '2026-01-01', 'period_end': '2026-12-31', 'granularity': 'year', 'place': 'Hà Nội', 'place_area': None}
    """
    if not isinstance(sentence, str):
        raise ValueError("sentence must be a str")
    if not period:
        period = resolve_relative(sentence, published) or None
    place = normalize_place(listed) if listed else None
    if place is None:
        place = observation_place(sentence, home_place, dateline)
    out: dict[str, Any] = {"period": period, **span_columns(period, published)}
    out.update(place=place.province if place else None, place_area=place.area if place else None)
    return out
