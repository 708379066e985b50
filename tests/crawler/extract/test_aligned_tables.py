"""PDF tables without ruling lines (columns set by whitespace only) are read as tables; paragraphs,
justified text and two-column layouts with numbers are not."""
from __future__ import annotations

import io

import pytest

from crawler.demo.documents import _canvas
from crawler.documents import process_document
from crawler.extract.document import extract_document

pdfplumber = pytest.importorskip("pdfplumber")

HEADER = ["Chỉ tiêu", "ĐVT", "Năm 2022", "Năm 2023", "Năm 2024"]
ROWS = [
    ["Sản lượng lúa", "nghìn tấn", "812,5", "830,1", "845,9"],
    ["Tổng vốn đầu tư toàn xã hội", "tỷ đồng", "95.400", "101.250", "108.730"],  # label wraps: see below
    ["Số khách sạn", "cơ sở", "214", "226", "241"],
    ["Tỷ lệ đô thị hóa", "%", "41,2", "42,8", "44,0"],
]
NUMBER_X = (370, 450, 530)  # right edges of the number columns


def _text_table_pdf() -> bytes:
    """Page 1: a caption, a table drawn with drawString only (no lines), a paragraph after it."""
    buf = io.BytesIO()
    c = _canvas(buf)
    c.drawString(60, 790, "ỦY BAN NHÂN DÂN TỈNH BẮC NINH")
    c.drawString(60, 770, "Số: 77/BC-UBND")
    c.drawString(60, 750, "BÁO CÁO")
    c.drawString(60, 730, "Tình hình kinh tế - xã hội giai đoạn 2022 - 2024")
    c.drawString(60, 700, "Biểu 2. Một số chỉ tiêu chủ yếu")
    y = 675
    for row in [HEADER] + ROWS:
        label = row[0]
        if label.startswith("Tổng vốn"):
            c.drawString(60, y, "Tổng vốn đầu tư toàn xã")
        else:
            c.drawString(60, y, label)
        c.drawString(240, y, row[1])
        for x, cell in zip(NUMBER_X, row[2:]):
            c.drawRightString(x, y, cell)
        if label.startswith("Tổng vốn"):
            y -= 14
            c.drawString(60, y, "hội")  # the label's second line, nothing else on it
        y -= 20
    c.drawString(60, y - 10, "Năm 2024, tốc độ tăng trưởng kinh tế của tỉnh đạt 6,8%, cao hơn mức 6,1% của năm 2023.")
    c.drawString(60, y - 26, "Thu nhập bình quân đầu người đạt 85,2 triệu đồng, tăng 7,5% so với năm trước.")
    c.showPage()
    c.save()
    return buf.getvalue()


def _prose_pdf() -> bytes:
    """Two pages with many numbers but no table: justified paragraphs, then two columns of text."""
    from reportlab.lib.enums import TA_JUSTIFY
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Frame, Paragraph

    buf = io.BytesIO()
    c = _canvas(buf)
    style = ParagraphStyle("j", fontName="DejaVu", fontSize=11, leading=16, alignment=TA_JUSTIFY)
    text = ("Năm 2024, tổng thu ngân sách đạt 12.450 tỷ đồng, bằng 104,5% dự toán; chi ngân sách 9.870 tỷ đồng. "
            "Sản lượng lúa đạt 845,9 nghìn tấn, tăng 1,9%; vốn đầu tư đạt 108.730 tỷ đồng, tăng 7,4% so với 2023. "
            "Toàn tỉnh có 241 khách sạn với 6.320 phòng, đón 3,2 triệu lượt khách, tăng 11,6%; doanh thu du lịch "
            "đạt 4.150 tỷ đồng. Tỷ lệ đô thị hóa đạt 44,0%, tỷ lệ hộ nghèo còn 1,2%, giảm 0,4 điểm phần trăm. ") * 3
    Frame(50, 80, 495, 700, showBoundary=0).addFromList([Paragraph(text, style)], c)
    c.showPage()
    left = ["Quý I thu 2.910 tỷ đồng,", "quý II thu 3.120 tỷ đồng,", "quý III đạt 3.050 tỷ,", "quý IV đạt 3.370 tỷ."]
    right = ["Tháng 1 có 210 doanh nghiệp,", "tháng 2 có 180 doanh nghiệp,", "tháng 3 có 260 doanh nghiệp,",
             "tháng 4 có 245 doanh nghiệp."]
    y = 780
    for a, b in zip(left, right):
        c.drawString(60, y, a)
        c.drawString(320, y, b)
        y -= 16
    c.showPage()
    c.save()
    return buf.getvalue()


def test_a_table_without_lines_is_read_with_its_rows_and_columns():
    record = extract_document(_text_table_pdf(), "bieu.pdf")
    assert [t["page"] for t in record["tables"]] == [1]
    rows = record["tables"][0]["rows"]
    assert rows[0] == HEADER
    assert rows[1:] == [[r[0]] + r[1:] for r in ROWS]  # the wrapped label joined back
    assert record["tables"][0]["title"] == "Biểu 2. Một số chỉ tiêu chủ yếu"  # the line above it
    # the caption starts its own paragraph: the document's title stops before it
    assert record["meta"]["title"] == "Báo cáo Tình hình kinh tế - xã hội giai đoạn 2022 - 2024"


def test_a_table_without_lines_gives_observations_by_row_and_year():
    result = process_document(_text_table_pdf(), "bieu.pdf", "Bắc Ninh")
    assert result["status"] == "ok"
    cells = {(o["subject"], o["period"]): o for o in result["observations"] if o.get("page") == 1 and o["subject"]}
    rice = cells[("Sản lượng lúa", "2023")]
    assert rice["value"] == 830.1 and rice["page"] == 1 and rice["qualifier"] == "actual"
    invest = cells[("Tổng vốn đầu tư toàn xã hội", "2024")]
    assert invest["value"] == 108_730e9 and invest["kind"] == "money"
    assert cells[("Tỷ lệ đô thị hóa", "2022")]["kind"] == "percent"
    # the sentences after the table are still read as sentences, once
    assert sum(o["text"] == "6,8%" for o in result["observations"]) == 1


def test_paragraphs_and_two_column_text_with_numbers_are_not_tables():
    from crawler.extract.pdf import pdf_tables

    data = _prose_pdf()
    assert list(pdf_tables(data, [1, 2])) == []  # every page looked at, whether it looks tabular or not
    assert list(pdf_tables(_text_table_pdf(), [1]))  # (the same call finds the table of the other file)
    record = extract_document(data, "van-xuoi.pdf")
    assert record["page_count"] == 2 and record["tables"] == []


def test_aligned_tables_needs_numbers_right_of_the_labels():
    from crawler.extract.aligned import aligned_tables

    def words(rows):
        out = []
        for n, row in enumerate(rows):
            for x, text in zip((60, 200, 300, 400), row):
                out.append({"text": text, "x0": x, "x1": x + 6 * len(text), "top": 100 + 20 * n,
                            "bottom": 111 + 20 * n})
        return out

    names = [["Họ", "tên", "chức", "vụ"], ["Nguyễn", "Văn", "phó", "chánh"], ["Trần", "Thị", "trưởng", "phòng"]]
    assert aligned_tables(words(names)) == []  # aligned, but no figures: a list, not a figures table
    figures = [["Chỉ tiêu", "ĐVT", "2023", "2024"], ["Lúa", "tấn", "812", "830"], ["Ngô", "tấn", "95", "101"]]
    assert aligned_tables(words(figures)) == [figures]
