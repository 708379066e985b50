"""Own Vietnamese sentences -> expected figures (value, kind, unit, denominator, subject, qualifier, period)."""
import pytest

# (sentence, [(value, kind, unit, denominator, subject, qualifier, period), ...]); subject None = not checked
CASES = [
    ("Tuyến buýt chở trên 5.000 người mỗi ngày.", [(5000, "count", "người", None, None, "actual", None)]),
    ("Năm 2022, thu ngân sách nhà nước trên địa bàn tỉnh đạt 15.320 tỷ đồng, tăng 8,4% so với cùng kỳ.",
     [(15.32e12, "money", "VND", None, "thu ngân sách nhà nước", "actual", "2022"),
      (8.4, "percent", None, None, "thu ngân sách nhà nước", "change", "2022")]),
    ("Kim ngạch xuất khẩu 9 tháng năm 2023 ước đạt 2,3 triệu USD.",
     [(2.3e6, "money", "USD", None, "Kim ngạch xuất khẩu", "actual", "2023-9M")]),
    ("Tổng vốn FDI đạt 1,5 tỉ USD trong quý II/2023.",
     [(1.5e9, "money", "USD", None, "Tổng vốn FDI", "actual", "2023-Q2")]),
    ("Huyện có 12/15 xã đạt chuẩn nông thôn mới.",
     [(12, "ratio", "xã", 15, "xã đạt chuẩn nông thôn mới", "actual", None)]),
    ("Tỷ lệ sinh bình quân là 1,9 con/phụ nữ.", [(1.9, "count", "con/phụ nữ", None, "Tỷ lệ sinh bình quân", "actual", None)]),
    ("Tỷ lệ mắc là 5,6 ca trên 100.000 dân.", [(5.6, "count", "ca trên 100.000 dân", None, "Tỷ lệ mắc", "actual", None)]),
    ("Năng suất lúa đạt 60,5 tạ/ha, sản lượng đạt 1.250 tấn/ngày.",
     [(60.5, "measure", "tạ/ha", None, "Năng suất lúa", "actual", None),
      (1250, "measure", "tấn/ngày", None, "sản lượng", "actual", None)]),
    ("Giá trị sản xuất tăng gấp 2,5 lần so với năm 2015.",
     [(2.5, "measure", "lần", None, "Giá trị sản xuất", "change", None)]),
    ("Thu nhập bình quân đầu người tăng gấp đôi so với năm 2020.",
     [(2, "measure", "lần", None, "Thu nhập bình quân đầu người", "change", None)]),
    ("Tỷ lệ hộ nghèo giảm 1,5 điểm phần trăm so với năm trước.",
     [(1.5, "percent", "điểm phần trăm", None, "Tỷ lệ hộ nghèo", "change", None)]),
    ("Giá vàng giảm (-2,5%) trong phiên sáng.", [(-2.5, "percent", None, None, "Giá vàng", "change", None)]),
    ("Phấn đấu đến năm 2025, tỷ lệ đô thị hóa đạt 45%.", [(45, "percent", None, None, "tỷ lệ đô thị hóa", "target", "2025")]),
    ("Diện tích trồng rừng mới đạt 3.200 ha, vượt 6,7% kế hoạch.",
     [(3200, "measure", "ha", None, "Diện tích trồng rừng", "actual", None),
      (6.7, "percent", None, None, "Diện tích trồng rừng", "change", None)]),
    ("Doanh thu dự kiến đạt 500 tỷ đồng trong năm 2024.", [(5e11, "money", "VND", None, "Doanh thu", "target", "2024")]),
    ("Có hơn 1.200 lượt khách tham quan trong dịp lễ.",
     [(1200, "count", "lượt khách", None, "khách tham quan", "actual", None)]),  # the classifier is the unit
    ("Hộ có thu nhập dưới 1,5 triệu đồng được xếp vào diện hộ nghèo.",
     [(1.5e6, "money", "VND", None, "Hộ có thu nhập", "other", None)]),
    ("Mỗi hộ được hỗ trợ 400.000 đồng.", [(4e5, "money", "VND", None, None, "other", None)]),
    ("Công suất nhà máy là 50 MW.", [(50, "measure", "MW", None, "Công suất nhà máy", "actual", None)]),
    ("Lãi suất cho vay từ 5 đến 7%.", [(5, "percent", None, None, "Lãi suất cho vay", "actual", None)]),
    ("Khoảng 15-25% học sinh bỏ học.", [(15, "percent", None, None, "học sinh bỏ học", "actual", None)]),
    ("Lượng mưa đạt 9.000 – 9.500 mm.", [(9000, "measure", "mm", None, "Lượng mưa", "actual", None)]),
    ("Số ca mắc sốt xuất huyết là 1.250 ca, giảm 320 ca so với tuần trước.",
     [(1250, "count", "ca", None, "Số ca mắc sốt xuất huyết", "actual", None),
      (320, "count", "ca", None, "Số ca mắc sốt xuất huyết", "change", None)]),
    ("Đến hết tháng 10/2024, vốn đầu tư công giải ngân đạt 60,1% kế hoạch.",
     [(60.1, "percent", None, None, "vốn đầu tư công giải ngân", "actual", "2024-10")]),
    ("Tính đến ngày 30/6/2023, toàn tỉnh có 95,2% dân số tham gia bảo hiểm y tế.",
     [(95.2, "percent", None, None, "dân số tham gia bảo hiểm y tế", "actual", "2023-06-30")]),
    ("Tỷ lệ che phủ rừng tăng từ 40,5% năm 2015 lên 42% năm 2020.",
     [(40.5, "percent", None, None, "Tỷ lệ che phủ rừng", "actual", "2015"),
      (42, "percent", None, None, "Tỷ lệ che phủ rừng", "actual", "2020")]),
    ("Hai phần ba số hộ đã có nước sạch, một nửa số xã có trạm y tế đạt chuẩn.",
     [(2 / 3, "ratio", None, 1, "số hộ đã có nước sạch", "actual", None),
      (0.5, "ratio", None, 1, "số xã có trạm y tế đạt chuẩn", "actual", None)]),
    ("Giai đoạn 2021-2025, tỉnh thu hút 45 dự án với tổng vốn đăng ký 1,2 tỷ USD.",
     [(45, "count", "dự án", None, None, "actual", "2021-2025"),
      (1.2e9, "money", "USD", None, "tổng vốn đăng ký", "actual", "2021-2025")]),
    ("Trong 6 tháng đầu năm 2024, toàn tỉnh có 1.234 doanh nghiệp thành lập mới, tăng 12,5%.",
     [(1234, "count", "doanh nghiệp", None, "doanh nghiệp thành lập mới", "actual", "2024-H1"),
      (12.5, "percent", None, None, "doanh nghiệp thành lập mới", "change", "2024-H1")]),
    ("Thuỷ sản xuất khẩu đạt 1.234,5 tấn, tăng 3,2% so với cùng kỳ năm 2023.",
     [(1234.5, "measure", "tấn", None, "Thuỷ sản xuất khẩu", "actual", None),
      (3.2, "percent", None, None, "Thuỷ sản xuất khẩu", "change", None)]),
    # a clause after the unit that picks the units out stays in the subject (subject_pick._RESTRICT)
    ("Đến cuối năm 2024, 9/12 phường không còn hộ nghèo.",
     [(9, "ratio", "phường", 12, "phường không còn hộ nghèo", "actual", "2024")]),
    ("Toàn huyện còn 14 công trình chưa hoàn thành hồ sơ quyết toán.",
     [(14, "count", "công trình", None, "công trình chưa hoàn thành hồ sơ quyết toán", "actual", None)]),
    ("Năm 2023, có 35 trạm y tế không có bác sĩ.",
     [(35, "count", "trạm y tế", None, "trạm y tế không có bác sĩ", "actual", "2023")]),
    # after a label word ("cấp 3", "phố 8"), a number with a count after "cấp", or a percent, is a figure
    ("Năm 2025, huyện đã cấp 4.310 giấy chứng nhận quyền sử dụng đất.",
     [(4310, "count", "giấy chứng nhận", None, None, "actual", "2025")]),
    ("Tỷ lệ giải ngân của huyện cao hơn bình quân chung của thành phố 6,4 điểm phần trăm.",
     [(6.4, "percent", "điểm phần trăm", None, None, "change", None)]),
    # the bare start of a move takes the unit of its end
    ("Số xã có chợ đạt chuẩn tăng từ 12 lên 31 xã.",
     [(12, "count", "xã", None, None, "actual", None), (31, "count", "xã", None, None, "actual", None)]),
    ("Độ mặn ở cửa sông là 7,5‰.", [(7.5, "measure", "‰", None, None, "actual", None)]),
    ("Quỹ tín dụng đạt doanh số cho vay 845 tỷ đồng.", [(845e9, "money", "VND", None, None, "actual", None)]),
    ("Mức phạt bằng từ 2 đến 4 lần số tiền trốn thuế.", [(2, "measure", "lần", None, None, "other", None)]),
    ("Tỉnh có 6/9 trạm quan trắc đạt chuẩn.", [(6, "ratio", "trạm", 9, None, "actual", None)]),
    ("Nồng độ cồn trong máu của tài xế là 30 miligam/100 mililít máu.",
     [(30, "measure", "miligam/100 mililít", None, None, "actual", None)]),
    ("Sàn HoSE có 210 mã tăng giá và 95 mã giảm giá.",
     [(210, "count", "mã", None, None, "actual", None), (95, "count", "mã", None, None, "actual", None)]),
    ("Công ty chứng khoán dự báo VN-Index có thể chạm vùng 1.300 điểm trong quý tới.",
     [(1300, "measure", "điểm", None, None, "target", None)]),  # whole points of an index are its level
    ("Giá cao su kỳ hạn tại Tokyo lên 305 yen/kg.", [(305, "money", "JPY", None, None, "actual", None)]),
    ("Cà phê arabica tăng 1,5 cent/lb lên 290,4 cent/lb.",  # hundredths of a dollar
     [(0.015, "money", "USD", None, None, "change", None), (2.904, "money", "USD", None, None, "actual", None)]),
    ("Tuổi thọ trung bình của người dân thành phố năm 2024 đạt 76,1 tuổi, tăng 0,2 tuổi so với năm 2020.",
     [(76.1, "measure", "tuổi", None, None, "actual", "2024"), (0.2, "measure", "tuổi", None, None, "change", "2024")]),
    # a class's bound is no figure, the price of the class is
    ("Phí đối với ô tô dưới 12 chỗ là 30.000 đồng/lượt.", [(30000, "money", "VND", None, None, "other", None)]),
    ("Nồng độ bụi PM2.5 trung bình 52 µg/m3.", [(52, "measure", "µg/m3", None, None, "actual", None)]),
    # who set a goal, after it, is not what it measures
    ("Năm 2025, tỷ lệ hộ nghèo của tỉnh còn 1,2%, chưa đạt mục tiêu 1% Tỉnh ủy đề ra.",
     [(1.2, "percent", None, None, "tỷ lệ hộ nghèo", "actual", "2025"),
      (1, "percent", None, None, "tỷ lệ hộ nghèo", "target", "2025")]),
    ("Lạm phát cơ bản bình quân năm 2025 tăng 3,1%, dưới mức 4% Chính phủ đặt ra.",  # a level set as the goal
     [(3.1, "percent", None, None, "Lạm phát cơ bản bình quân", "change", "2025"),
      (4, "percent", None, None, "Lạm phát cơ bản bình quân", "target", "2025")]),
    ("Lực lượng chức năng thu giữ 3.600 viên ma túy tổng hợp.",
     [(3600, "count", "viên", None, None, "actual", None)]),
]

NEGATIVES = [
    "Sáng 14/3, lúc 14h30 tại số 12 Lý Thái Tổ, Hà Nội, hội nghị lần thứ 3 diễn ra.",
    "Theo Quyết định số 666/2015/QĐ-UBND và Kế hoạch 08-KH/TU, tuyến Quốc lộ 1A được nâng cấp.",
    "Liên hệ số điện thoại 0912 345 678 hoặc 024.3825.1234 để được hỗ trợ.",
    "Ông Trần Văn B, 63 tuổi, nhớ lại ngày 30/4/1975.",
    "Kỷ niệm 50 năm ngày thống nhất đất nước, năm 2025 là dấu mốc quan trọng.",
    "Hội nghị diễn ra vào ngày 15.8.2024 tại hội trường tầng 3, kéo dài đến 17h.",
    "Nghị định 15/2022/NĐ-CP có hiệu lực từ tháng 2/2022 và kéo dài đến quý IV/2023.",
    "Đoàn kiểm tra số 05 của Chương trình 135 làm việc tại xã trong 2 ngày 7-8/9.",
    "Bệnh nhân COVID-19 được điều trị tại Bệnh viện 108 từ 8 giờ sáng ngày 2-9-2021.",
    "Các năm 2017 - 2021 là giai đoạn khó khăn, nhiều người gọi 1900 1234 để hỏi.",
    "Biểu phí mới áp dụng cho xe chở người không quá 7 người và xe chở khách dưới 30 chỗ.",  # vehicle classes
    "Đường dây nóng của Sở trực 24/24 giờ, kể cả ngày nghỉ.",  # round the clock
    "Các chốt kiểm soát làm việc 24/24h trong dịp nghỉ lễ.",
    "Trẻ được tiêm vắc xin 5 trong 1 mũi nhắc lại tại trạm y tế phường.",  # a product's name
    "Học sinh cấp 3 ở tổ 12 phố 8 sống trong nhà cấp 4.",  # labels
    "Doanh nghiệp chào bán gạo 5% tấm và gạo 15% tấm sang châu Phi.",  # grades of rice
    "Xe tải trên 5 tấn và ô tô khách trên 30 chỗ không được đi vào nội đô.",  # vehicle classes
    "Tôm thẻ cỡ 60 con/kg và gà hộp 6 quả bán chạy; giá mít tăng 4 phiên liên tiếp.",  # sizes, packs, a streak
    "Hành khách là trẻ em cao từ 1 m trở lên phải mua vé, bình 45 kg dùng cho bếp công nghiệp.",  # classes, sizes
    "Chỉ số có 6 phiên tăng liên tiếp; giá thép giảm 5 lần liên tiếp, mỗi xe cát loại 7 m3.",  # streaks, a load size
]


def test_n_in_one_blocks_only_the_one(extract):
    assert [f.text for f in extract("Có 3 trong 10 hộ được hỗ trợ vay vốn.")] == ["10 hộ"]


@pytest.mark.parametrize("sentence, expected", CASES)
def test_figures(extract, sentence, expected):
    figs = extract(sentence)
    assert len(figs) == len(expected), [(f.text, f.value) for f in figs]
    for f, (value, kind, unit, den, subject, qual, period) in zip(figs, expected):
        assert f.value == pytest.approx(value)
        assert f.kind == kind
        assert f.unit == unit
        assert (f.denominator is None and den is None) or f.denominator == pytest.approx(den)
        if subject is not None:
            assert f.subject == subject
        assert f.qualifier == qual
        assert f.period == period
        assert sentence[f.start:f.end] == f.text


@pytest.mark.parametrize("sentence", NEGATIVES)
def test_not_figures(extract, sentence):
    assert extract(sentence) == []


def test_ranges_and_approx(extract):
    f = extract("Khoảng 15-25% học sinh bỏ học.")[0]
    assert (f.value, f.value_max, f.approx) == (15, 25, True)
    g = extract("Lãi suất dao động từ 5 đến 7%.")[0]
    assert (g.value, g.value_max) == (5, 7)


def test_home_place_and_named_place(extract):
    assert extract("Toàn thành phố có 25.000 hộ kinh doanh.", home_place="Hà Nội")[0].place == "Hà Nội"
    assert extract("Đà Nẵng có 25.000 hộ kinh doanh.", home_place="Hà Nội")[0].place == "Đà Nẵng"


def test_published_resolves_nam_nay(extract):
    f = extract("4 tháng đầu năm nay, doanh thu đạt 120 tỷ đồng.", published="2022-05-02T10:00:00")[0]
    assert f.period == "2022-4M"


def test_offsets_in_multi_sentence_text(extract):
    text = "Mở đầu không có số. Tỷ lệ hộ nghèo còn 1,2%. Kết thúc."
    f = extract(text)[0]
    assert text[f.start:f.end] == "1,2%" and f.sentence == "Tỷ lệ hộ nghèo còn 1,2%."


@pytest.mark.parametrize("sentence, kind", [
    ("Điểm chuẩn ngành Luật năm nay là 26 điểm.", "measure"),  # a score ends its phrase
    ("Nhiều ngành lấy điểm chuẩn từ 22 điểm trở lên.", "measure"),
    ("Khu vực nội thành có 9 điểm úng ngập sau mưa.", "count"),  # places
    ("Tài xế bị trừ 6 điểm giấy phép lái xe.", "count"),  # a licence's points
])
def test_whole_points(extract, sentence, kind):
    assert [f.kind for f in extract(sentence)] == [kind]


def test_points_with_decimals_are_a_measure(extract):
    figs = extract("Chỉ số chứng khoán tăng 9,8 điểm lên 1.302,4 điểm; người vi phạm bị trừ 6 điểm.")
    assert [(f.text, f.kind) for f in figs] == [("9,8 điểm", "measure"), ("1.302,4 điểm", "measure"),
                                                ("6 điểm", "count")]


# (sentence, figure text, the subject given out): phrases the rules once cut, glued or took from an aside
SUBJECT_READS = [
    ("Từ tháng 7, thuế suất thuế giá trị gia tăng giảm từ 10% xuống 8%.", "10%",
     "thuế suất thuế giá trị gia tăng"),  # "gia tăng" is no verb of change here
    ("Cục Thuế đã ra 1.350 quyết định hoàn thuế giá trị gia tăng trong quý.", "1.350 quyết định",
     "quyết định hoàn thuế giá trị gia tăng"),
    ("Phiên sáng có 212 mã tăng và 97 mã giảm.", "97 mã", "mã giảm"),  # the units that moved
    ("Tháng này có 9 nhóm hàng tăng giá và 2 nhóm hàng giảm giá.", "9 nhóm hàng", "nhóm hàng tăng giá"),
    ("Vốn đăng ký tăng thêm đạt 2,4 tỷ USD.", "2,4 tỷ USD", "Vốn đăng ký tăng thêm"),
    ("Huyện có 27 sản phẩm đạt chuẩn 3 sao.", "27 sản phẩm", "sản phẩm đạt chuẩn 3 sao"),  # a rating names the kind
    ("Xã có 140 sản phẩm OCOP, trong đó 12 sản phẩm đạt 4 sao.", "12 sản phẩm", "sản phẩm đạt 4 sao"),
    ("Giá vàng nhẫn ở mức 80,2 - 81,9 triệu đồng/lượng (mua - bán), giảm 300.000 đồng so với hôm qua.",
     "300.000 đồng", "Giá vàng nhẫn"),  # never the aside "mua - bán)"
    ("Giá đô la Mỹ tự do được mua vào quanh 26.100 đồng/USD và bán ra 26.250 đồng/USD.", "26.250 đồng/USD",
     "Giá đô la Mỹ tự do"),  # the trade side is no subject of a price
    ("Mức phạt tiền tối đa trong lĩnh vực khoáng sản là 800 triệu đồng đối với cá nhân và 1,6 tỷ đồng đối với tổ chức.",
     "1,6 tỷ đồng", "Mức phạt tiền tối đa trong lĩnh vực khoáng sản"),  # whom the level before was for
    ("Tháng qua toàn tỉnh xảy ra 38 vụ tai nạn giao thông; nhiều nhất là Krông Pắc 6 vụ.", "6 vụ",
     "vụ tai nạn giao thông"),  # a place is no subject
]


@pytest.mark.parametrize("sentence, text, subject", SUBJECT_READS)
def test_subject_reads(extract, sentence, text, subject):
    got = {f.text: f.subject for f in extract(sentence)}
    assert got.get(text) == subject, got


# (sentence, [(text, value, value_max, qualifier)]): the figures a reading once missed, split or mislabelled
VALUE_READS = [
    ("Lãi suất tại quầy: kỳ hạn 1 tháng 2,6%/năm, kỳ hạn 6 tháng 3,9%/năm.",  # a term's length, then its rate
     [("2,6%", 2.6, None, "actual"), ("3,9%", 3.9, None, "actual")]),
    ("Để đạt mục tiêu cả năm 8%, quý cuối phải tăng 9,5%.", [("8%", 8, None, "target"), ("9,5%", 9.5, None, "target")]),
    ("Nhóm cổ phiếu ngân hàng mất từ 1,5% đến 2,5%.", [("1,5% đến 2,5%", 1.5, 2.5, "change")]),  # one range
    ("Quý III có 41 đợt phát hành trái phiếu doanh nghiệp.", [("41 đợt phát hành", 41, None, "actual")]),
    ("Trong 11 nhóm hàng chính, có 7 nhóm tăng giá.", [("7 nhóm", 7, None, "actual")]),  # the whole is no figure
    ("Giá xăng RON95 tăng 390 đồng/lít, lên không cao hơn 21.500 đồng/lít.",  # a ceiling, not a change
     [("390 đồng/lít", 390, None, "change"), ("21.500 đồng/lít", 21500, None, "other")]),
]


@pytest.mark.parametrize("sentence, expected", VALUE_READS)
def test_value_reads(extract, sentence, expected):
    assert [(f.text, f.value, f.value_max, f.qualifier) for f in extract(sentence)] == expected
