"""Which figures' subjects the learned ranker looks at (nlp.learned): the rules' answer when it is missing,
suspect, or sure but made of words that seldom bound a subject.

Ranking every figure doubled the extractor's time for little more than ranking these; the choice is
measured in bench/train_figures.py (SURE_MARGIN, SURE_LEX).
"""
from __future__ import annotations

from functools import lru_cache

from nlp.spans import YARDSTICKS, words_of

SUSPECT_LEN = 8
# Predicate and linking words: a rule subject holding one is likely a clause fragment, worth a second look.
_SUSPECT_WORDS = frozenset("đạt là được đã sẽ đang chiếm vượt tăng giảm ở tại với cho hơn khoảng thì chưa".split())
_GENERIC = frozenset(("mức", "mức giá", "giá", "trung bình", "bình quân", "cao nhất", "thấp nhất", "tỷ lệ", "tỉ lệ",
                      "usd", "đồng", "con số", "tổng", "số", "lũy kế", "kết quả"))
_NAME_LINKS = frozenset(("và", "-", "–"))
_PLACE_LEAD = frozenset(("địa", "toàn"))
_SUSPECT_PHRASES = ("niêm yết", "ghi nhận", "công bố", "kỳ vọng", "thu hút", "thu mua", "báo cáo", "cho biết") + YARDSTICKS


@lru_cache(maxsize=4096)  # asked twice per figure (the gate, then the figure)
def suspect(subject: str) -> bool:
    """A rule subject worth a second look: long, or holding a verb, a yardstick or a linking word.

    >>> suspect("giá vàng niêm yết"), suspect("giá vàng miếng")
    (True, False)
    """
    w = words_of(subject)
    if len(w) > SUSPECT_LEN or any(x in _SUSPECT_WORDS for x in w) or " ".join(w) in _GENERIC:
        return True
    if all(x[:1].isupper() for x in subject.replace(",", " ").split() if x not in _NAME_LINKS):
        return True  # a name alone ("Đắk Lắk", "Nam Định và Ninh Bình") is where, not what
    if w and w[0] in _PLACE_LEAD:
        return True  # "địa bàn ...", "toàn ..." name a place (a "thì" clause is caught by _SUSPECT_WORDS)
    phrase = " ".join(w)
    return any(y in phrase for y in _SUSPECT_PHRASES)


def is_sure(subject: str | None, kind: str, unit: str | None) -> bool:
    """The rules' subject needs no second look: present, not suspect, and more than the figure's unit word.

    >>> is_sure("tỷ lệ hộ nghèo", "percent", None), is_sure("hộ", "count", "hộ")
    (True, False)
    """
    if not subject or suspect(subject):
        return False
    return not (kind in ("count", "ratio") and unit and words_of(subject) == words_of(unit))


_NO_LEX = (0.0,) * 5


def doubtful(subject: str | None, lex: dict[str, list[float]], below: float | None) -> bool:
    """A subject whose first word seldom begins, or last word seldom ends, a gold subject: the model's
    lexicon log-odds (nlp.spans.LEX_FIELDS start and end) under `below`; None: every subject.

    >>> doubtful("lên mốc", {"lên": [-3.1, -2.0, 0, 0, 0]}, -1.0), doubtful("lên mốc", {}, -1.0)
    (True, False)
    """
    if below is None:
        return True
    w = words_of(subject) or [""]
    return min(lex.get(w[0], _NO_LEX)[0], lex.get(w[-1], _NO_LEX)[1]) < below
