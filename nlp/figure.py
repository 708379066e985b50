"""The Figure record: one number found in a sentence, with what it measures."""
from __future__ import annotations

import copy
from dataclasses import dataclass, field, fields
from typing import Any

KINDS = ("percent", "ratio", "money", "count", "measure")
QUALIFIERS = ("actual", "target", "change", "other")


@dataclass
class Figure:
    """A figure found in Vietnamese text; offsets index the NFC form of the input."""

    text: str                      # surface span, e.g. "0,03%", "1.200 tỷ đồng"
    start: int                     # offset of the span in the (NFC) input text
    end: int
    value: float                   # percent number, ratio numerator, whole currency units...
    kind: str                      # one of KINDS
    value_max: float | None = None  # high end of a range
    denominator: float | None = None  # ratios only
    unit: str | None = None        # currency code for money, unit word otherwise
    subject: str | None = None     # the noun phrase measured
    qualifier: str = "actual"      # one of QUALIFIERS
    reference: str | None = None   # the yardstick of a percent-of or a comparison: "kế hoạch", "cùng kỳ năm trước"
    period: str | None = None      # "2023", "2021-2025", "2024-Q1", "2024-H1", "2024-10", ...
    approx: bool = False           # hơn, gần, khoảng, trên, dưới, ước
    place: str | None = None       # the location the figure is about, when stated
    indicator: str | None = None   # the series key: one per concept, e.g. "tỷ lệ hộ nghèo (%)" (nlp/indicators.py)
    sentence: str = ""             # the sentence the figure was found in
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict of every field (what dataclasses.asdict gives, without its deep copy of scalars)."""
        out = {f.name: getattr(self, f.name) for f in _FIELDS}
        out["extra"] = copy.deepcopy(self.extra) if self.extra else {}
        return out


_FIELDS = fields(Figure)
