"""Legacy Vietnamese font encodings (TCVN3/ABC, VNI Windows) detected in extracted text and turned into Unicode NFC.

Old government documents were typed with .VnTime (TCVN3, TCVN 5712:1993 VN3) or VNI-Times fonts: the PDF
or Word file holds the font's byte codes, so the extracted text reads "B¸o c¸o" (TCVN3) or "Baùo caùo"
(VNI). The tables below are written from the public definitions of both encodings: TCVN3 gives each
precomposed lowercase letter (and Ă Â Đ Ê Ô Ơ Ư) one byte; VNI writes a base letter followed by one
byte for its vowel mark and/or tone.
"""
from __future__ import annotations

import re
import unicodedata

# -- TCVN3 (ABC): one byte per letter --------------------------------------------------------
_TCVN3_CAPS = {0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ",
               0xA8: "ă", 0xA9: "â", 0xAA: "ê", 0xAB: "ô", 0xAC: "ơ", 0xAD: "ư", 0xAE: "đ"}
# base vowel -> bytes for grave, hook above, tilde, acute, dot below (the order of the standard's table)
_TCVN3_TONED = {
    "a": (0xB5, 0xB6, 0xB7, 0xB8, 0xB9), "ă": (0xBB, 0xBC, 0xBD, 0xBE, 0xC6),
    "â": (0xC7, 0xC8, 0xC9, 0xCA, 0xCB), "e": (0xCC, 0xCE, 0xCF, 0xD0, 0xD1),
    "ê": (0xD2, 0xD3, 0xD4, 0xD5, 0xD6), "i": (0xD7, 0xD8, 0xDC, 0xDD, 0xDE),
    "o": (0xDF, 0xE1, 0xE2, 0xE3, 0xE4), "ô": (0xE5, 0xE6, 0xE7, 0xE8, 0xE9),
    "ơ": (0xEA, 0xEB, 0xEC, 0xED, 0xEE), "u": (0xEF, 0xF1, 0xF2, 0xF3, 0xF4),
    "ư": (0xF5, 0xF6, 0xF7, 0xF8, 0xF9), "y": (0xFA, 0xFB, 0xFC, 0xFD, 0xFE),
}
_TONES = ("\u0300", "\u0309", "\u0303", "\u0301", "\u0323")  # grave, hook, tilde, acute, dot below


def _nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


TCVN3_TO_UNICODE: dict[str, str] = {chr(b): u for b, u in _TCVN3_CAPS.items()}
for _base, _codes in _TCVN3_TONED.items():
    for _tone, _code in zip(_TONES, _codes):
        TCVN3_TO_UNICODE[chr(_code)] = _nfc(_base + _tone)
UNICODE_TO_TCVN3: dict[str, str] = {u: b for b, u in TCVN3_TO_UNICODE.items()}

# -- VNI Windows: base letter + mark byte(s) ---------------------------------------------------
# tone byte after a vowel (lower, upper): acute ù/Ù, grave ø/Ø, hook û/Û, tilde õ/Õ, dot below ï/Ï
_VNI_TONE = {"\u0301": "ùÙ", "\u0300": "øØ", "\u0309": "ûÛ", "\u0303": "õÕ", "\u0323": "ïÏ"}
# circumflex + tone: â alone, á à å ã ä ; breve + tone: ê alone, é è ú ü ë
_VNI_CIRC = {None: "âÂ", "\u0301": "áÁ", "\u0300": "àÀ", "\u0309": "åÅ", "\u0303": "ãÃ", "\u0323": "äÄ"}
_VNI_BREVE = {None: "êÊ", "\u0301": "éÉ", "\u0300": "èÈ", "\u0309": "úÚ", "\u0303": "üÜ", "\u0323": "ëË"}
# i takes its tone as one byte: í ì æ ó ò
_VNI_I = {"\u0301": "íÍ", "\u0300": "ìÌ", "\u0309": "æÆ", "\u0303": "óÓ", "\u0323": "òÒ"}


def _build_vni() -> dict[str, str]:
    table: dict[str, str] = {"ñ": "đ", "Ñ": "Đ", "ô": "ơ", "Ô": "Ơ", "ö": "ư", "Ö": "Ư"}
    for case in (0, 1):
        up = (lambda s: s.upper()) if case else (lambda s: s)
        for tone, marks in _VNI_TONE.items():
            for base in "aeouy":
                table[up(base) + marks[case]] = _nfc(up(base) + tone)
            table[("Ô" if case else "ô") + marks[case]] = _nfc(up("ơ") + tone)
            table[("Ö" if case else "ö") + marks[case]] = _nfc(up("ư") + tone)
        for tone, marks in _VNI_I.items():
            table[marks[case]] = _nfc(up("i") + tone)
        for tone, marks in _VNI_CIRC.items():
            for base in "aeo":
                table[up(base) + marks[case]] = _nfc(up(base) + "\u0302" + (tone or ""))
        for tone, marks in _VNI_BREVE.items():
            table[up("a") + marks[case]] = _nfc(up("a") + "\u0306" + (tone or ""))
    return table


VNI_TO_UNICODE: dict[str, str] = _build_vni()
UNICODE_TO_VNI: dict[str, str] = {}
for _seq, _u in sorted(VNI_TO_UNICODE.items(), key=lambda kv: -len(kv[0])):
    if len(_u) == 1 and (_u not in UNICODE_TO_VNI or len(_seq) < len(UNICODE_TO_VNI[_u])):
        UNICODE_TO_VNI[_u] = _seq
_VNI_RE = re.compile("|".join(re.escape(k) for k in sorted(VNI_TO_UNICODE, key=len, reverse=True)))

# Latin-1 letters and signs that never occur in Unicode Vietnamese text: evidence of a legacy font.
_FOREIGN = set("¡¢£¤¥¦§¨©ª«¬\xad®¯°±²³´µ¶·¸¹º»¼½¾¿ÄÅÆÇËÎÏÐÑÖ×ØÛÜÞßäåæçëîïðñöøûüþÿ")


def tcvn3_to_unicode(text: str) -> str:
    """TCVN3 (ABC) text, as read through a Latin-1 font, to Unicode NFC.

    >>> tcvn3_to_unicode("B¸o c¸o kÕt qu¶ n¨m 2024")
    'Báo cáo kết quả năm 2024'
    """
    return _nfc("".join(TCVN3_TO_UNICODE.get(ch, ch) for ch in text))


def unicode_to_tcvn3(text: str) -> str:
    """Unicode Vietnamese to TCVN3 codes (capital toned letters fall back to their lowercase code)."""
    out = []
    for ch in _nfc(text):
        code = UNICODE_TO_TCVN3.get(ch) or UNICODE_TO_TCVN3.get(ch.lower())
        out.append(code if code is not None else ch)
    return "".join(out)


def vni_to_unicode(text: str) -> str:
    """VNI Windows text, as read through a Latin-1 font, to Unicode NFC.

    >>> vni_to_unicode("Keá hoaïch naêm 2025")
    'Kế hoạch năm 2025'
    """
    return _nfc(_VNI_RE.sub(lambda m: VNI_TO_UNICODE[m.group(0)], text))


def unicode_to_vni(text: str) -> str:
    """Unicode Vietnamese to VNI Windows byte sequences (as Latin-1 characters)."""
    out = []
    for ch in _nfc(text):
        if ch in UNICODE_TO_VNI:
            out.append(UNICODE_TO_VNI[ch])
        else:
            out.append(ch)
    return "".join(out)


_NUCLEI = ("a ă â e ê i o ô ơ u ư y ai ao au ay âu ây eo êu ia iê iu oa oă oe oi ôi ơi oo ua uâ uê ui uô "
           "uơ uy ưa ưi ưu ươ yê iêu yêu oai oay oao oeo uây uôi ươi ươu uya uyê uyu").split()
_SYLLABLE = re.compile(r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx])?(?:%s)(?:ch|ng|nh|[cmnpt])?"
                       % "|".join(sorted(_NUCLEI, key=len, reverse=True)))
_TONE_MARKS = set(_TONES)
_WORD = re.compile(r"[^\W\d_]+")


def _syllable_ok(word: str) -> bool:
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = sum(ch in _TONE_MARKS for ch in decomposed)
    base = _nfc("".join(ch for ch in decomposed if ch not in _TONE_MARKS))
    return tones <= 1 and _SYLLABLE.fullmatch(base) is not None


def _score(text: str) -> int:
    """Valid Vietnamese syllables with a non-ASCII letter, less the signs no Vietnamese text has."""
    good = sum(_syllable_ok(w) for w in _WORD.findall(text) if not w.isascii())
    return good - 2 * sum(ch in _FOREIGN for ch in text)


def detect_encoding(text: str) -> str:
    """'unicode', 'tcvn3' or 'vni': the reading of text that looks most like Vietnamese.

    >>> detect_encoding("Hµ Néi"), detect_encoding("Haø Noäi"), detect_encoding("Hà Nội")
    ('tcvn3', 'vni', 'unicode')
    """
    foreign = sum(ch in _FOREIGN for ch in text)
    non_ascii = sum(not ch.isascii() and not ch.isspace() for ch in text)
    if foreign == 0 or foreign < 0.4 * non_ascii:
        return "unicode"  # a stray '½' or «quotes» in Unicode text is not a legacy font
    best, best_score = "unicode", _score(text)
    for name, conv in (("tcvn3", tcvn3_to_unicode), ("vni", vni_to_unicode)):
        score = _score(conv(text))
        if score > best_score:
            best, best_score = name, score
    return best


def fix_legacy(text: str) -> tuple[str, str]:
    """Text with legacy-encoded lines converted to Unicode NFC, and the encoding found.

    Decided line by line (a document can mix fonts); the encoding reported is the one most lines
    needed ('unicode' when none did)."""
    counts: dict[str, int] = {}
    out = []
    for line in text.split("\n"):
        enc = detect_encoding(line)
        if enc == "tcvn3":
            line = tcvn3_to_unicode(line)
        elif enc == "vni":
            line = vni_to_unicode(line)
        if enc != "unicode":
            counts[enc] = counts.get(enc, 0) + 1
        out.append(line)
    found = max(counts, key=counts.get) if counts else "unicode"
    return _nfc("\n".join(out)), found
