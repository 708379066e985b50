"""Cleaning NER output: places only from the gazetteer, people with a family name, organisations at full length.

Pure functions over one sentence's tokens [(word, POS, label)]; nlp.entities calls them.
"""
from __future__ import annotations

from typing import Sequence

from nlp.gazetteer import has_admin_word, is_place, is_surname, strip_admin
from nlp.sentences import fold

# Organisation heads underthesea's model rarely tags: "Sở Y tế Hà Nội", "Bộ Tài chính", "UBND TP Hà Nội".
ORG_HEADS = frozenset({
    "Sở", "Bộ", "Ủy ban", "Uỷ ban", "UBND", "HĐND", "Tổng cục", "Cục", "Viện", "Bệnh viện", "Trường", "Công ty",
    "Tập đoàn", "Ngân hàng", "Thành ủy", "Thành uỷ", "Quận ủy", "Huyện ủy", "Hội", "Trung tâm", "Văn phòng",
    "Quốc hội", "Chính phủ", "Tòa án", "Viện kiểm sát", "Công an", "Đại học", "Ban", "Phòng", "Quỹ", "Tổng công ty",
    "Hợp tác xã", "Liên đoàn", "Đoàn", "Mặt trận", "Kho bạc", "Chi cục", "Học viện", "Bảo hiểm xã hội",
})
ADMIN = frozenset({"quận", "huyện", "phường", "xã", "thị xã", "tỉnh", "thành phố", "TP", "TP.", "thị trấn", "thủ đô"})
CONNECT = frozenset({"-", "–", "&", "và"})
HONORIFICS = frozenset({"ông", "bà", "anh", "chị", "cô", "chú", "bác", "em", "cháu", "cụ", "đồng chí", "thầy",
                        "bạn", "tiến sĩ", "bác sĩ", "ts", "ths", "bs", "pgs", "gs"})
# Lowercase nouns (POS N) that continue an organisation's name ("Trung tâm Kiểm soát bệnh tật", "Công ty Thoát nước").
_ORG_TAIL_POS = frozenset({"N"})
_ORG_STOP = frozenset(fold(w) for w in (
    "cho", "của", "tại", "đã", "sẽ", "đang", "là", "có", "được", "bị", "với", "trong", "về", "theo", "đến", "từ",
    "các", "những", "này", "đó", "nên", "thì", "mà", "khi", "để", "vừa", "cũng", "đều", "vẫn", "còn", "năm",
    "tháng", "ngày", "biết", "cho biết", "tổ chức", "phối hợp", "yêu cầu", "đề nghị", "công bố", "ghi nhận",
    "triển khai", "thực hiện", "kiểm tra", "hướng dẫn", "chỉ đạo", "báo cáo", "đánh giá", "tiếp nhận", "thông tin",
    "tham gia", "hỗ trợ", "phát hiện", "xử lý", "ban hành", "tiếp tục", "cần", "phải", "đạt", "tăng", "giảm",
))
MAX_ORG_TAIL = 3


def cap(word: str) -> bool:
    """True when the word starts with a capital letter."""
    return word[:1].isupper()


def _common(name: str) -> bool:
    from underthesea.pipeline.ner.tagged_feature import lower_words  # Viet74K, already loaded by the tagger

    return name.lower() in lower_words


def extend_org(tokens: Sequence[tuple[str, str, str]], i: int, j: int) -> int:
    """End of the organisation span starting at token i: capitalised words, "và"/"-" joins, a place, and up
    to MAX_ORG_TAIL lowercase nouns right after a capitalised word ("Kiểm soát bệnh tật")."""
    n = len(tokens)
    tail = 0
    while j < n:
        word, pos = tokens[j][0], tokens[j][1]
        nxt = tokens[j + 1][0] if j + 1 < n else ""
        if word in CONNECT and nxt in ORG_HEADS:
            break  # "Sở A và Sở B": two organisations
        if cap(word) and word not in ORG_HEADS:
            tail = 0
        elif word in CONNECT and cap(nxt) or word in ADMIN and cap(nxt):
            tail = 0
        elif (not cap(word) and pos in _ORG_TAIL_POS and fold(word) not in _ORG_STOP and tail < MAX_ORG_TAIL
              and j > i + 1 and (cap(tokens[j - 1][0]) or tail)):
            tail += 1
            if word == "người" and nxt and not cap(nxt) and fold(nxt) not in _ORG_STOP:
                j, tail = j + 1, tail + 1  # "Trung tâm Hỗ trợ người lao động": "người" + its noun
        else:
            break
        j += 1
    while j > i + 1 and (tokens[j - 1][0] in CONNECT or tokens[j - 1][0] in ADMIN):
        j -= 1
    return j


def judge(name: str, kind: str, prev: str, sentence_start: bool) -> tuple[str, str] | None:
    """(name, kind) to keep for a tagged span, or None for tagger noise.

    Places must be administrative divisions (vietnam-provinces) or countries, and a gazetteer place is never a
    person; people need two to five capitalised syllables and a family name (or "ông"/"bà" before them);
    one-syllable and common-word names ("Năm", "Kế hoạch") go.

    >>> judge("Hoàng Mai", "person", "quận", False), judge("Kế hoạch", "place", "", True)
    (('Hoàng Mai', 'place'), None)
    """
    name = name.strip(" ,.;:-–")
    if len(name) < 2 or any(c.isdigit() for c in name):
        return None
    words = name.split()
    first = words[0]
    if kind == "organization":
        head = max((k for k in (1, 2, 3, 4) if " ".join(words[:k]) in ORG_HEADS), default=0)
        if head:
            return (name, kind) if len(words) > head or name.isupper() else None
        if is_place(name) and not has_admin_word(name):
            return name, "place"
        if name.isupper() and 2 <= len(name) <= 12:  # an acronym: EVN, UBND
            return name, kind
        return (name, kind) if len(words) >= 2 and not _common(name) and all(cap(w) for w in words) else None
    if is_place(name):
        return name, "place"
    if kind == "place":
        rest = strip_admin(name)
        if has_admin_word(name) and rest != name and all(cap(w) for w in rest.split()) and not _common(rest):
            return name, "place"
        return None
    # person
    if not 2 <= len(words) <= 5 or not all(cap(w) for w in words) or name.isupper():
        return None
    if first in ORG_HEADS or any(w in ORG_HEADS for w in words):
        return None
    if is_surname(first) or fold(prev) in HONORIFICS:
        return None if _common(name) and not is_surname(first) else (name, kind)
    return None
