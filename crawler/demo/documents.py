"""The demo site's "Văn bản" section: four fictional documents, generated on first request.

A three-page PDF report with figures on known pages and a ruled year-column table, a DOCX plan with
a table, a scanned (image-only) PDF page and a PDF typed in the old TCVN3 font encoding. Everything
is fictional and was written for solieu's tests and demo.
"""
from __future__ import annotations

import functools
import importlib.util
from datetime import datetime
import io
from pathlib import Path

DOCUMENTS = {
    "bao-cao-ket-qua-kinh-te-xa-hoi-2025.pdf": "Báo cáo kết quả thực hiện kế hoạch kinh tế - xã hội năm 2025",
    "ke-hoach-giao-thong-cong-cong-2026.docx": "Kế hoạch phát triển giao thông công cộng năm 2026",
    "quyet-dinh-muc-ho-tro-2026-ban-chup.pdf": "Quyết định mức hỗ trợ hộ gia đình (bản chụp)",
    "thong-bao-viec-lam-2025-tcvn3.pdf": "Thông báo kết quả giải quyết việc làm năm 2025 (phông TCVN3)",
}
CONTENT_TYPES = {".pdf": "application/pdf",
                 ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
# What the tests and `make demo` can expect: (file, page, figure surface text).
KNOWN_FIGURES = [
    ("bao-cao-ket-qua-kinh-te-xa-hoi-2025.pdf", 1, "7,4%"),
    ("bao-cao-ket-qua-kinh-te-xa-hoi-2025.pdf", 2, "0,02%"),
    ("bao-cao-ket-qua-kinh-te-xa-hoi-2025.pdf", 2, "1.250 trường học"),
    ("ke-hoach-giao-thong-cong-cong-2026.docx", None, "25%"),
    ("quyet-dinh-muc-ho-tro-2026-ban-chup.pdf", 1, "1.500.000 đồng/tháng"),
    ("thong-bao-viec-lam-2025-tcvn3.pdf", 1, "165.000 người"),
]

LETTERHEAD = ("ỦY BAN NHÂN DÂN", "THÀNH PHỐ HÀ NỘI")
FIXED_TIME = datetime(2026, 1, 10, 8, 0, 0)  # no "now" inside the files: the same bytes on every run
REPORT_PAGES = [
    ["Năm 2025, tổng sản phẩm trên địa bàn (GRDP) của thành phố tăng 7,4% so với năm 2024, "
     "cao hơn mục tiêu đề ra.",
     "Các ngành dịch vụ tiếp tục là động lực chính của tăng trưởng."],
    ["Công tác an sinh xã hội được bảo đảm. Đến cuối năm 2025, tỷ lệ hộ nghèo của thành phố chỉ còn 0,02%.",
     "Toàn thành phố có 1.250 trường học đạt chuẩn quốc gia."],
    ["Bảng 1. Một số chỉ tiêu chủ yếu giai đoạn 2023 - 2025"],
]
REPORT_TABLE = [
    ["Chỉ tiêu", "Đơn vị tính", "2023", "2024", "2025"],
    ["Tốc độ tăng GRDP", "%", "6,3", "6,5", "7,4"],
    ["Thu ngân sách nhà nước", "Tỷ đồng", "420.000", "460.000", "510.000"],
    ["Doanh nghiệp thành lập mới", "doanh nghiệp", "28.000", "30.500", "32.100"],
]
PLAN_TABLE = [
    ["Chỉ tiêu", "Đơn vị tính", "Thực hiện 2025", "Kế hoạch 2026"],
    ["Số tuyến xe buýt", "tuyến", "160", "175"],
    ["Hành khách vận chuyển bằng xe buýt", "triệu lượt", "420", "460"],
]


def font_path() -> str:
    """A TrueType font with Vietnamese glyphs: DejaVu Sans as shipped inside matplotlib."""
    spec = importlib.util.find_spec("matplotlib")
    path = Path(spec.origin).parent / "mpl-data" / "fonts" / "ttf" / "DejaVuSans.ttf"
    if not path.exists():
        raise RuntimeError(f"no DejaVuSans.ttf at {path}")
    return str(path)


def _canvas(buf: io.BytesIO, **kwargs):
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    if "DejaVu" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVu", font_path()))
    c = canvas.Canvas(buf, pagesize=(595, 842), invariant=1, **kwargs)
    c.setFont("DejaVu", 11)
    return c


def _lines(c, lines: list[str], y: float = 780, size: int = 11) -> float:
    import textwrap

    c.setFont("DejaVu", size)
    for paragraph in lines:
        for line in textwrap.wrap(paragraph, 80) or [""]:
            c.drawString(60, y, line)
            y -= size * 1.6
    return y


def _letterhead(c, number: str, date_line: str, kind: str, title: str) -> float:
    y = _lines(c, [*LETTERHEAD, f"Số: {number}", date_line], y=790)
    y = _lines(c, [kind], y=y - 10, size=13)
    return _lines(c, [title, "_" * 12], y=y)


def report_pdf() -> bytes:
    """The three-page report: figures on pages 1 and 2, a ruled year table on page 3."""
    from reportlab.platypus import Table, TableStyle

    buf = io.BytesIO()
    c = _canvas(buf)
    for number, paragraphs in enumerate(REPORT_PAGES, 1):
        y = 780
        if number == 1:
            y = _letterhead(c, "215/BC-UBND", "Hà Nội, ngày 15 tháng 12 năm 2025", "BÁO CÁO",
                            "Kết quả thực hiện kế hoạch phát triển kinh tế - xã hội năm 2025") - 20
        y = _lines(c, paragraphs, y=y)
        if number == 3:
            table = Table(REPORT_TABLE)
            table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), "DejaVu", 10),
                                       ("GRID", (0, 0), (-1, -1), 0.5, "black")]))
            w, h = table.wrapOn(c, 480, 400)
            table.drawOn(c, 60, y - h - 10)
        c.drawString(290, 40, str(number))
        c.showPage()
    c.save()
    return buf.getvalue()


def plan_docx() -> bytes:
    """The DOCX plan: a letterhead table, a target sentence and a plan/result table."""
    import docx

    d = docx.Document()
    head = d.add_table(rows=2, cols=2)
    head.cell(0, 0).text = "\n".join(LETTERHEAD)
    head.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    head.cell(1, 0).text = "Số: 08/KH-UBND"
    head.cell(1, 1).text = "Hà Nội, ngày 10 tháng 1 năm 2026"
    d.add_paragraph("KẾ HOẠCH")
    d.add_paragraph("Phát triển giao thông công cộng năm 2026")
    d.add_paragraph("Phấn đấu đến năm 2026, tỷ lệ đáp ứng nhu cầu đi lại bằng xe buýt đạt 25%.")
    d.add_paragraph("Một số chỉ tiêu chủ yếu:")
    table = d.add_table(rows=len(PLAN_TABLE), cols=len(PLAN_TABLE[0]))
    for i, row in enumerate(PLAN_TABLE):
        for j, text in enumerate(row):
            table.cell(i, j).text = text
    d.core_properties.title = DOCUMENTS["ke-hoach-giao-thong-cong-cong-2026.docx"]
    d.core_properties.created = d.core_properties.modified = FIXED_TIME
    buf = io.BytesIO()
    d.save(buf)
    return _stable_zip(buf.getvalue())


def _stable_zip(data: bytes) -> bytes:
    """The same zip with fixed member times: the same document gives the same bytes on every run."""
    import zipfile

    src, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6]), src.read(info))
    return out.getvalue()


def page_image(lines: list[str], size: int = 34):
    """A white A4 page at 150 dpi with the lines drawn in black, as a Pillow image (a 'scan')."""
    from PIL import Image, ImageDraw, ImageFont

    img = Image.new("L", (1240, 1754), 255)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(font_path(), size)
    y = 120
    for line in lines:
        draw.text((100, y), line, fill=0, font=font)
        y += int(size * 1.7)
    return img


def scan_pdf() -> bytes:
    """A one-page PDF that is only an image: no text layer, OCR needed."""
    img = page_image(["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HÀ NỘI", "Số: 12/QĐ-UBND",
                      "Hà Nội, ngày 5 tháng 1 năm 2026", "", "QUYẾT ĐỊNH", "Về mức hỗ trợ hộ gia đình", "________",
                      "", "Điều 1. Hỗ trợ mức 1.500.000 đồng/tháng", "cho mỗi hộ gia đình khó khăn."])
    buf = io.BytesIO()
    stamp = FIXED_TIME.timetuple()
    img.save(buf, "PDF", resolution=150, creationDate=stamp, modDate=stamp)
    return buf.getvalue()


def tcvn3_pdf() -> bytes:
    """A PDF typed with a TCVN3 (.VnTime-style) font: its text layer holds TCVN3 codes, not Unicode."""
    from crawler.extract.legacy import unicode_to_tcvn3

    buf = io.BytesIO()
    c = _canvas(buf)
    _lines(c, [unicode_to_tcvn3(s) for s in (
        "Sở Lao động - Thương binh và Xã hội", "Thông báo",
        "Kết quả giải quyết việc làm năm 2025",
        "Trong năm 2025, tổng số lao động được giải quyết việc làm là 165.000 người.",
        "Tỷ lệ thất nghiệp ở khu vực thành thị giảm còn 2,5%.")])
    c.showPage()
    c.save()
    return buf.getvalue()


@functools.lru_cache(maxsize=None)
def document_bytes(name: str) -> bytes | None:
    """The bytes of a demo document by file name (None for an unknown name)."""
    builders = {
        "bao-cao-ket-qua-kinh-te-xa-hoi-2025.pdf": report_pdf,
        "ke-hoach-giao-thong-cong-cong-2026.docx": plan_docx,
        "quyet-dinh-muc-ho-tro-2026-ban-chup.pdf": scan_pdf,
        "thong-bao-viec-lam-2025-tcvn3.pdf": tcvn3_pdf,
    }
    build = builders.get(name)
    return build() if build else None


def content_type(name: str) -> str:
    """The Content-Type a demo document is served with."""
    return CONTENT_TYPES[Path(name).suffix]
