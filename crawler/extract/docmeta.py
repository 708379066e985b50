"""What a Vietnamese administrative document says about itself on its first page.

Issuing body (the capitals above "Số:"), number ("215/BC-UBND", "08-CTr/TU"), place and date
("Hà Nội, ngày 15 tháng 3 năm 2025"), document type (BÁO CÁO, KẾ HOẠCH, QUYẾT ĐỊNH…) and title.
"""
from __future__ import annotations

import re
from typing import Any

TYPES = ("niên giám thống kê", "báo cáo", "kế hoạch", "quyết định", "nghị quyết", "nghị định", "thông tư",
         "chỉ thị", "chương trình", "thông báo", "tờ trình", "công văn", "đề án", "kết luận", "hướng dẫn", "luật")
_CODES = {"BC": "báo cáo", "KH": "kế hoạch", "QĐ": "quyết định", "NQ": "nghị quyết", "NĐ": "nghị định",
          "TT": "thông tư", "CT": "chỉ thị", "CTr": "chương trình", "TB": "thông báo", "TTr": "tờ trình",
          "HD": "hướng dẫn", "KL": "kết luận", "ĐA": "đề án"}
_NUMBER = re.compile(r"Số\s*:?\s*(\d+[\w.-]*)\s*(/[\wĐđ./-]*[A-Za-zĐđ][\wĐđ-]*)")
_DATE = re.compile(r"([A-ZĐÀ-Ỹ][^\W\d_]+(?: [^\W\d_]+){0,3}),\s*ngày\s*(\d{1,2})\s*tháng\s*(\d{1,2})\s*năm\s*((?:19|20)\d{2})")
_SKIP = re.compile(r"cộng hòa|cộng hoà|độc lập|^[_\-=\s.]*$|^số\b", re.I)
_TITLE_STOP = re.compile(r"^(?:[_\-=.\s]+|căn cứ|kính gửi|thực hiện|theo|điều \d|phần|i\.|1\.|(?:bảng|biểu) \d)",
                         re.I)  # "Bảng 1." / "Biểu 2": a table's caption, not the title


def _issuer(lines: list[str]) -> str | None:
    parts = []
    for line in lines[:8]:
        s = re.split(r"CỘNG HÒA|CỘNG HOÀ", line)[0].strip()
        if not s or _SKIP.search(s):
            if parts and not s.lower().startswith(("cộng", "độc")):
                break
            continue
        if not re.fullmatch(r"[^\W\d_]{2,}(?:[ -][^\W\d_]+)*", s):
            if parts:
                break
            continue  # a stamp or scan noise above the letterhead
        if s.upper() != s or len(s) > 80 or any(t.upper() == s for t in TYPES):
            break
        parts.append(s)
    if not parts:
        return None
    name = " ".join(parts).title()
    for long, short in (("Ủy Ban Nhân Dân", "UBND"), ("Uỷ Ban Nhân Dân", "UBND"), ("Hội Đồng Nhân Dân", "HĐND")):
        name = name.replace(long, short)
    for word in ("Tỉnh", "Thành Phố", "Huyện", "Quận", "Xã", "Phường"):
        name = re.sub(rf"(?<=\S) {word}\b", " " + word.lower(), name)
    return name


def _iso(day: str, month: str, year: str) -> str | None:
    d, m = int(day), int(month)
    return f"{year}-{m:02d}-{d:02d}" if 1 <= d <= 31 and 1 <= m <= 12 else None


def document_meta(text: str) -> dict[str, Any]:
    """Issuer, number, place, issued (ISO date), doc_type and title from a document's first page.

    >>> m = document_meta("ỦY BAN NHÂN DÂN\\nTHÀNH PHỐ HÀ NỘI\\nSố: 215/BC-UBND\\nHà Nội, ngày 5 tháng 3 năm 2025\\n"
    ...                   "BÁO CÁO\\nKết quả thực hiện kế hoạch năm 2024\\n")
    >>> m["issuer"], m["number"], m["place"], m["issued"], m["doc_type"], m["title"]
    ('UBND thành phố Hà Nội', '215/BC-UBND', 'Hà Nội', '2025-03-05', 'báo cáo', 'Báo cáo Kết quả thực hiện kế hoạch năm 2024')
    """
    head = text[:6000]
    lines = [ln.strip() for ln in head.splitlines()]
    number = (m[1] + m[2]).rstrip(".,") if (m := _NUMBER.search(head)) else None
    date = _DATE.search(head)
    doc_type, title = None, None
    for i, line in enumerate(lines[:60]):
        low = line.lower().strip(" :")
        found = next((t for t in TYPES if low == t or low.startswith(t + " ") and line.upper() == line), None)
        if found:
            doc_type = found
            rest = [line[len(found):].strip()] if low != found else []
            for nxt in lines[i + 1:i + 7]:
                if not nxt or _TITLE_STOP.match(nxt) or len(nxt) > 400 or re.search(r"[.:;]$", nxt):
                    break  # a title has no full stop: the sentence after it is the body
                rest.append(nxt)
            joined = " ".join(r for r in rest if r)
            title = (found.capitalize() + (" " + joined if joined else "")).strip()
            break
    if doc_type is None and number:
        code = re.search(r"/([A-Za-zĐđ]+)", number)
        doc_type = _CODES.get(code[1]) if code else None
    return {
        "issuer": _issuer(lines), "number": number,
        "place": re.sub(r"^(?:[A-ZĐ]{1,3} )+", "", date[1]) if date else None,
        "issued": _iso(date[2], date[3], date[4]) if date else None,
        "doc_type": doc_type, "title": title,
    }
