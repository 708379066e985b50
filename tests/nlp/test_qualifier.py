"""Qualifiers of the guide's harder cases, in sentences of our own wording (ANNOTATION.md, "qualifier")."""
import pytest

from nlp import extract_figures


@pytest.mark.parametrize("sentence, expected", [
    # a bracket that picks out a group of units is a threshold, not a level of one of them
    ("Có 14 xã đạt tỷ lệ thu gom rác trên 90%.", [("14 xã", "actual"), ("90%", "other")]),
    ("Cả nước còn 9 tỉnh có tỷ lệ tiêm chủng đầy đủ thấp hơn 85%.", [("9 tỉnh", "actual"), ("85%", "other")]),
    ("Riêng 5 doanh nghiệp có doanh thu tăng trên 30%.", [("5 doanh nghiệp", "actual"), ("30%", "other")]),
    # ... while a level stated as "trên X%" of one thing stays a result
    ("Tỷ lệ che phủ rừng của tỉnh hiện đạt trên 58%.", [("58%", "actual")]),
    # a fee or ticket price per visit is a level a rule sets; fee revenue is a result
    ("Giá vé tham quan bảo tàng áp dụng cho người lớn là 40.000 đồng/người/lượt.",
     [("40.000 đồng/người/lượt", "other")]),
    ("Thu phí và lệ phí trong 6 tháng đạt 1.250 tỷ đồng.", [("1.250 tỷ đồng", "actual")]),
    ("Giá dịch vụ sử dụng đò ngang qua sông là 5.000 đồng/lượt.", [("5.000 đồng/lượt", "other")]),
    ("Mức thu nhập bình quân của lao động đạt 9,8 triệu đồng/người/tháng.",
     [("9,8 triệu đồng/người/tháng", "actual")]),
    # a posted rate or a price reached is a level, not a rule
    ("Ngân hàng niêm yết mức lãi suất kỳ hạn 12 tháng là 5,2%/năm.", [("5,2%", "actual")]),
    ("Giá vàng miếng tăng 500.000 đồng/lượng lên mốc 88 triệu đồng/lượng.",
     [("500.000 đồng/lượng", "change"), ("88 triệu đồng/lượng", "actual")]),
    # a sentence opened by a plan or forecast states goals, across its semicolons
    ("Theo phương án phân bổ, huyện dành 3,2 tỷ đồng để tặng 6.400 suất quà Tết.",
     [("3,2 tỷ đồng", "target"), ("6.400 suất", "target")]),
    ("Mục tiêu đến năm 2030, thu nhập của người dân tăng 2 lần; tỷ lệ hộ nghèo giảm 1,5%/năm.",
     [("2 lần", "target"), ("1,5%", "target")]),
    ("Thành phố đặt mục tiêu phấn đấu năm nay số hộ nghèo giảm còn 310 hộ.", [("310 hộ", "target")]),
    ("Dự kiến, tổng số suất quà là 12.000 suất, với tổng kinh phí hơn 6 tỷ đồng.",
     [("12.000 suất", "target"), ("6 tỷ đồng", "target")]),
    # ... but a result reported inside such a sentence stays a result
    ("Kế hoạch vốn năm nay là 900 tỷ đồng, đến hết quý I mới giải ngân được 95 tỷ đồng.",
     [("900 tỷ đồng", "target"), ("95 tỷ đồng", "actual")]),
    # a goal stated as a range keeps its "từ"; the goal a result beats is the goal, not a margin
    ("Để đạt mục tiêu tăng trưởng cả năm từ 6 đến 6,5%, các quý sau phải tăng nhanh hơn.",
     [("6 đến 6,5%", "target")]),
    ("Kim ngạch xuất khẩu tăng 9,1%, vượt mục tiêu 8% đề ra.", [("9,1%", "change"), ("8%", "target")]),
    ("Tỷ lệ tiêm chủng vượt chỉ tiêu 2,5 điểm phần trăm.", [("2,5 điểm phần trăm", "change")]),
    # after a change, the base's own level in brackets is a level; a signed share in brackets stays a change
    ("Doanh thu của hợp tác xã đạt 36 tỷ đồng, gấp 3 lần cùng kỳ (12 tỷ đồng).",
     [("36 tỷ đồng", "actual"), ("3 lần", "change"), ("12 tỷ đồng", "actual")]),
    ("Giá cà phê giảm 300 đồng/kg so với tuần trước (52.000 đồng/kg).",
     [("300 đồng/kg", "change"), ("52.000 đồng/kg", "actual")]),
    ("So với tháng trước giảm 91 vụ (-4,07%), giảm 37 người.",
     [("91 vụ", "change"), ("4,07%", "change"), ("37 người", "change")]),
    # a tariff, a tax rate or a policy rate an authority sets is "other", also as the ends of a move; the move is a
    # change, and a market price that moves stays a level
    ("Thuế suất thuế nhập khẩu mặt hàng này được giảm từ 20% xuống 15%.", [("20%", "other"), ("15%", "other")]),
    ("Lãi suất điều hành được hạ xuống 3,5%/năm.", [("3,5%", "other")]),
    ("Giá bán lẻ điện bình quân được điều chỉnh tăng 3%, lên 2.100 đồng/kWh.",
     [("3%", "change"), ("2.100 đồng/kWh", "other")]),
    ("Giá vàng miếng tăng từ 80 triệu đồng/lượng lên 85 triệu đồng/lượng.",
     [("80 triệu đồng/lượng", "actual"), ("85 triệu đồng/lượng", "actual")]),
    # a level compared with ("cao hơn mức …", "thay vì mức …") is a level; a total after a set level is a result
    ("Lãi suất kỳ hạn 6 tháng ở ngân hàng A là 4,8%/năm, cao hơn mức 4,5%/năm của ngân hàng B.",
     [("4,8%", "actual"), ("4,5%", "actual")]),
    ("Huyện chi mức hỗ trợ 2 triệu đồng cho mỗi hộ, tổng kinh phí là 900 triệu đồng.",
     [("2 triệu đồng", "other"), ("900 triệu đồng", "actual")]),
    # a plan word, what it plans, then the figure: the plan's value; after "vượt", a percent is the margin over it
    ("Năm nay trung tâm đã tuyển 640 học viên, vượt kế hoạch tuyển 500 học viên.",
     [("640 học viên", "actual"), ("500 học viên", "target")]),
    ("Tỷ lệ thất nghiệp giảm 0,4%/năm, đạt chỉ tiêu giảm bình quân 0,3-0,5%/năm.",
     [("0,4%", "change"), ("0,3-0,5%", "target")]),
    ("Tỷ lệ bao phủ đạt 93,5%, vượt chỉ tiêu giao 1,5%.", [("93,5%", "actual"), ("1,5%", "change")]),
    ("Doanh thu đạt 98% kế hoạch năm và tăng 6% so với cùng kỳ.", [("98%", "actual"), ("6%", "change")]),
    # the added capital of FDI projects is a statistic of its own, a level; a capital that grows is a change
    ("Trong quý có 320 lượt dự án đăng ký điều chỉnh với vốn đăng ký tăng thêm 1,2 tỷ USD.",
     [("320 lượt", "actual"), ("1,2 tỷ USD", "actual")]),
    ("Vốn điều lệ của công ty tăng thêm 200 tỷ đồng.", [("200 tỷ đồng", "change")]),
    # the parts of a "trong đó" breakdown share the qualifier of the total they break down
    ("Thành phố đặt mục tiêu năm nay đón 30 triệu lượt khách; trong đó khách nước ngoài đạt 6 triệu lượt, tăng 10%.",
     [("30 triệu lượt", "target"), ("6 triệu lượt", "target"), ("10%", "target")]),
    ("Phấn đấu số hộ nghèo giảm còn 500 hộ, trong đó khu vực nông thôn chỉ còn 320 hộ.",
     [("500 hộ", "target"), ("320 hộ", "target")]),
    ("Năm nay thành phố đón 30 triệu lượt khách, trong đó khách nước ngoài đạt 6 triệu lượt.",
     [("30 triệu lượt", "actual"), ("6 triệu lượt", "actual")]),
    # the future of an achievement verb is a goal, and so is what a plan needs or must do
    ("Đến cuối năm, thành phố sẽ hoàn thành cải tạo 120 km đường ống nước.", [("120 km", "target")]),
    ("Để mở rộng tuyến đường, huyện cần giải phóng mặt bằng 12 ha đất.", [("12 ha", "target")]),
    ("Theo đề án, tỉnh phải hoàn thành 2.000 căn nhà ở xã hội.", [("2.000 căn", "target")]),
    ("Năm nay Cần Thơ có 8.200 ha lúa hữu cơ.", [("8.200 ha", "actual")]),  # a city's name, not a need
    # a written sign is a change, also in brackets; a growth rate is a change whatever verb states it
    ("Lợi nhuận quý III đạt 410 tỷ đồng (+18% so với cùng kỳ).", [("410 tỷ đồng", "actual"), ("18%", "change")]),
    ("Năm 2024, tỷ lệ tăng dân số tự nhiên của tỉnh là 0,95%.", [("0,95%", "change")]),
    # a level or a limit a decree, a circular or a standard sets is "other", also when it moves
    ("Theo Thông tư số 12, học phí đại học công lập khối ngành kỹ thuật là 1,6 triệu đồng/tháng.",
     [("1,6 triệu đồng/tháng", "other")]),
    ("Theo Nghị định mới, thuế suất thuế nhập khẩu ô tô được giảm từ 70% xuống 64%.",
     [("70%", "other"), ("64%", "other")]),
    ("Lượng khí thải của mỗi lò đốt không được vượt quá 150 mg/m3.", [("150 mg/m3", "other")]),
    ("Người vi phạm bị phạt tiền từ 4 đến 6 triệu đồng với cá nhân và từ 8 đến 12 triệu đồng với tổ chức.",
     [("4 đến 6 triệu đồng", "other"), ("8 đến 12 triệu đồng", "other")]),
    # ... while a decision that recognises results leaves them results, and so does an agency quoted as source
    ("Theo quyết định của tỉnh, 46 sản phẩm được công nhận đạt 3 sao.", [("46 sản phẩm", "actual")]),
    ("Theo Cục Thống kê, chỉ số giá tiêu dùng tháng 5 tăng 0,4%.", [("0,4%", "change")]),
    # the bracket that picks out some of N units, across a list of unit names
    ("Có 12/30 xã, phường, thị trấn đạt tỷ lệ hộ dùng nước sạch trên 98%.", [("12/30", "actual"), ("98%", "other")]),
    ("Học sinh, sinh viên được giảm 50% giá vé tham quan.", [("50%", "other")]),  # a discount a rule grants
    # a change a plan sets is a goal; a plan's yardstick and a ministry's name do not make one
    ("Năm nay công ty đặt kế hoạch doanh thu 4.800 tỷ đồng, tăng 12% so với năm trước.",
     [("4.800 tỷ đồng", "target"), ("12%", "target")]),
    ("Sản lượng lúa đạt 98,5% kế hoạch, giảm 2.300 tấn so với vụ trước.", [("98,5%", "actual"), ("2.300 tấn", "change")]),
    ("Theo Bộ Kế hoạch và Đầu tư, vốn đăng ký đạt 9,1 tỷ USD, tăng 18% so với cùng kỳ.",
     [("9,1 tỷ USD", "actual"), ("18%", "change")]),
    # a market's verbs of change ("mất", "lùi", "nhích", "tăng giá")
    ("Chốt phiên, VN-Index mất 12,5 điểm, HNX-Index lùi 0,8%, còn UPCoM-Index nhích 0,3%.",
     [("12,5 điểm", "change"), ("0,8%", "change"), ("0,3%", "change")]),
    ("Giá thịt lợn tăng giá nhẹ 5.000 đồng/kg.", [("5.000 đồng/kg", "change")]),
    # a fare, a ceiling, a tax a good is subject to: levels a rule sets; a fare's revenue is a result
    ("Hãng taxi áp dụng giá mở cửa 11.000 đồng, giá cước 15.000 đồng/km.", [("11.000 đồng", "other"), ("15.000 đồng/km", "other")]),
    ("Giá trần vé máy bay chặng dài là 3,8 triệu đồng/chiều.", [("3,8 triệu đồng/chiều", "other")]),
    ("Xe điện hiện chịu thuế tiêu thụ đặc biệt 3%.", [("3%", "other")]),
    ("Doanh thu cước vận tải đạt 120 tỷ đồng.", [("120 tỷ đồng", "actual")]),
    # "quanh mức": about a level, no rule's threshold; a forecast level is a target
    ("Ngân hàng dự báo giá vàng thế giới cuối năm sẽ quanh mức 2.500 USD/ounce.", [("2.500 USD/ounce", "target")]),
])
def test_qualifier_cases(sentence, expected):
    figures = extract_figures(sentence)
    assert len(figures) == len(expected), [f.text for f in figures]
    for f, (text, qualifier) in zip(figures, expected):
        assert text in f.text and f.qualifier == qualifier, (f.text, f.qualifier)


@pytest.mark.parametrize("sentence, expected", [
    # money followed by "tiền mặt" is money; "đồng tiền" alone is a currency, not an amount
    ("Mỗi hộ được tặng 2 triệu đồng tiền mặt.", [("2 triệu đồng", 2e6, "money")]),
    # spelled counts after a verb of harm, and at the head of a sentence
    ("Năm nay xảy ra 12 vụ cháy, làm chết ba người và bị thương bốn người.",
     [("12 vụ", 12, "count"), ("ba người", 3, "count"), ("bốn người", 4, "count")]),
    ("Ba tỉnh có tỷ lệ hộ nghèo trên 20% là Hà Giang, Lai Châu và Điện Biên.",
     [("Ba tỉnh", 3, "count"), ("20%", 20, "percent")]),
    # a count of a noun outside the lexicon, after a semicolon or a copula
    ("Lực lượng chức năng thu giữ 3 bánh heroin; 150 viên ma túy tổng hợp.",
     [("3 bánh heroin", 3, "count"), ("150 viên", 150, "count")]),
    # a distance that says where a place lies is not a figure
    ("Khu du lịch cách trung tâm thành phố khoảng 40 cây số, rộng 120 ha.", [("120 ha", 120, "measure")]),
])
def test_value_cases(sentence, expected):
    figures = extract_figures(sentence)
    assert [(f.value, f.kind) for f in figures] == [(v, k) for _t, v, k in expected], [f.text for f in figures]
    for f, (text, _v, _k) in zip(figures, expected):
        assert f.text.lower().startswith(text.lower()), (f.text, text)
