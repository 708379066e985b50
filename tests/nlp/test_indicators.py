"""Indicator keys: normalisation, catalog matching, sentence context, catalog validation, corpus floors."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

import nlp
from nlp import extract_figures, indicator_key
from nlp.catalog import DOMAINS, canon, load_catalog, read_catalog
from nlp.indicators import is_weak, normalize_subject
from nlp.keyforms import free_stem, with_cause

REPO = Path(__file__).resolve().parents[2]
EVAL = REPO.parent / "shared" / "eval"


@pytest.mark.parametrize("subject, expected", [
    ("Tổng số hộ nghèo trên địa bàn thành phố năm 2024", "hộ nghèo"),
    ("các doanh nghiệp thành lập mới 6 tháng đầu năm", "doanh nghiệp thành lập mới"),
    ("số vụ tai nạn giao thông quý II năm 2023", "vụ tai nạn giao thông"),
    ("thu ngân sách so với dự toán", "thu ngân sách"),
    ("những sản phẩm này", "sản phẩm"),
    ("diện tích lúa xuân toàn tỉnh", "diện tích lúa xuân"),
    ("lượng khách tại Đà Nẵng", "lượng khách"),
    ("tỷ lệ hộ nghèo cả nước", "tỷ lệ hộ nghèo"),
    ("Tỉ lệ hoá đơn điện tử", "tỷ lệ hóa đơn điện tử"),
    ("số hóa hồ sơ", "số hóa hồ sơ"),  # "số hóa" is a word, not "số" + "hóa"
    ("hộ cận nghèo tập trung ở quận Long Biên", "hộ cận nghèo tập trung"),  # places of any level
    ("di tích xã Tam Sơn", "di tích"),
    ("hộ nghèo ở huyện Ứng Hòa", "hộ nghèo"),  # a capital with a diacritic starts a name too
    ("giá vàng tại TP.HCM", "giá vàng"),
    ("xã Nông thôn mới", "xã nông thôn mới"),  # a capitalised concept is not a place
    ("lợi nhuận sau thuế", "lợi nhuận sau thuế"),  # "Huế" inside "thuế" is no place
])
def test_normalize_subject(subject, expected):
    assert normalize_subject(subject) == expected


@pytest.mark.parametrize("a, b, kind, unit", [
    ("hộ nghèo", "Tỷ lệ hộ nghèo đa chiều", "percent", None),
    ("CPI", "chỉ số giá tiêu dùng bình quân", "percent", None),
    ("kim ngạch xuất khẩu hàng hóa", "Xuất khẩu", "money", "USD"),
    ("số người tham gia BHXH bắt buộc", "bảo hiểm xã hội bắt buộc", "count", "người"),
    ("DN thành lập mới", "doanh nghiệp đăng ký thành lập mới", "count", "doanh nghiệp"),
    ("lượt khách du lịch", "tổng lượng khách du lịch", "count", "lượt khách"),
    ("khách du lịch", "khách du lịch", "count", "lượt"),  # unit variants: "lượt" / "lượt khách"
    ("tổng thu ngân sách nhà nước trên địa bàn", "thu ngân sách", "percent", None),
    ("Tổng vốn đầu tư trực tiếp nước ngoài", "vốn FDI", "money", "USD"),
    ("giá vàng miếng SJC", "giá vàng miếng", "money", "VND"),
    ("tỉ lệ che phủ rừng", "độ che phủ rừng", "percent", None),
    ("xe đạp công cộng tại Hà Nội", "xe đạp công cộng toàn thành phố", "count", "xe"),  # not in the catalog
    # "tỷ lệ X" whose stem X is itself a synonym: the catalog's concept, not a free key named X
    ("tỷ lệ chất thải rắn sinh hoạt", "tỷ lệ chất thải rắn sinh hoạt được thu gom xử lý", "percent", None),
])
def test_same_concept_same_key(a, b, kind, unit):
    assert indicator_key(a, kind, unit) == indicator_key(b, kind, unit) is not None


# Wordings of one quantity the catalog does not name: the free key folds what does not change the quantity.
@pytest.mark.parametrize("a, b, kind, unit", [
    ("tăng trưởng số thuê bao 5G", "số thuê bao 5G", "percent", None),  # the kind already says it is a growth
    ("Chỉ số hạnh phúc quốc gia (GNH)", "GNH", "percent", None),  # a closing abbreviation keys the subject
    ("trường hợp mắc bệnh dại", "ca mắc bệnh dại", "count", "ca"),
    ("người tử vong do đuối nước", "người chết do đuối nước", "count", "người"),
    ("tỷ lệ hộ dùng bếp khí sinh học", "hộ dùng bếp khí sinh học", "percent", None),
    ("tỷ lệ hộ dùng bếp khí sinh học khu vực nông thôn", "tỷ lệ hộ dùng bếp khí sinh học", "percent", None),
    ("giá cà phê Robusta nhân xô", "cà phê Robusta nhân xô", "money", "VND"),
    ("giá bình quân hạt điều thô", "giá hạt điều thô", "money", "VND"),
    ("Tỷ lệ trẻ từ 6 đến 15 tuổi biết bơi", "tỷ lệ trẻ em biết bơi", "percent", None),  # the ages it is defined for
    ("Công suất sử dụng phòng khách sạn trong những ngày nghỉ lễ", "công suất phòng khách sạn", "percent", None),
])
def test_free_wordings_share_a_key(a, b, kind, unit):
    assert indicator_key(a, kind, unit) == indicator_key(b, kind, unit) is not None


@pytest.mark.parametrize("subject, kind, units", [
    ("người làm việc tại khu chế xuất", "count", ("lao động", "người", "người lao động")),
    ("sản lượng nấm rơm", "measure", ("tấn", "kg", "tạ")),  # one unit per dimension
    ("diện tích trồng nấm", "measure", ("ha", "m2")),
])
def test_unit_spellings_share_a_key(subject, kind, units):
    assert len({indicator_key(subject, kind, u) for u in units}) == 1


@pytest.mark.parametrize("a, b, kind, unit", [
    ("tỷ lệ hộ dùng bếp khí sinh học", "tỷ lệ hộ dùng bếp điện", "percent", None),
    ("ca mắc bệnh dại", "ca tử vong do bệnh dại", "count", "ca"),
    ("số thuê bao 5G", "số thuê bao 4G", "count", "thuê bao"),
    ("giá cà phê Robusta", "giá cà phê Arabica", "money", "VND"),
    # facilities serving a population are counted in their own right, never as that population
    ("cơ sở trợ giúp người khuyết tật", "người khuyết tật", "count", None),
    ("trung tâm dưỡng lão cho người cao tuổi", "người cao tuổi", "count", None),
])
def test_free_keys_keep_concepts_apart(a, b, kind, unit):
    assert indicator_key(a, kind, unit) != indicator_key(b, kind, unit)


def test_times_and_growth_factor_in_a_key():
    assert indicator_key("kim ngạch xuất khẩu", "measure", "tấn") != "kim ngạch xuất khẩu (tấn)"  # a value, never a tonnage
    growth = [f.indicator for f in extract_figures("Số ca mắc sốt xuất huyết tăng gấp 2 lần cùng kỳ.")]
    assert growth == ["số ca mắc sốt xuất huyết (lần)"]  # "gấp N lần" is the concept's growth


def test_one_subject_keeps_its_concept_across_kinds():
    keys = [f.indicator for f in extract_figures("Dệt may đạt 2 tỷ USD, giảm 3%.")]
    assert keys == ["kim ngạch xuất khẩu dệt may (USD)", "kim ngạch xuất khẩu dệt may (%)"]


@pytest.mark.parametrize("a, b, kind", [
    ("tỷ lệ hộ nghèo", "tỷ lệ hộ cận nghèo", "percent"),
    ("hộ nghèo", "số hộ cận nghèo", "count"),
    ("bảo hiểm xã hội bắt buộc", "bảo hiểm xã hội tự nguyện", "count"),
    ("kim ngạch xuất khẩu", "kim ngạch nhập khẩu", "money"),
    ("vụ cháy", "vụ cháy lớn", "count"),  # a narrower population is another concept
    ("xe buýt", "xe buýt điện", "count"),
    ("tỷ lệ hộ nghèo", "tỷ trọng hộ nghèo trong dân số", "percent"),
    ("giá xăng E5 RON 92", "giá xăng RON 95", "money"),
])
def test_different_concepts_different_keys(a, b, kind):
    assert indicator_key(a, kind, "VND" if kind == "money" else None) != indicator_key(b, kind)


@pytest.mark.parametrize("subject, kind, unit, expected", [
    ("hộ nghèo", "percent", None, "tỷ lệ hộ nghèo (%)"),
    ("hộ nghèo", "count", "hộ", "số hộ nghèo (hộ)"),
    ("tỷ lệ người dân tham gia bảo hiểm y tế", "percent", None, "tỷ lệ bao phủ bảo hiểm y tế (%)"),
    ("kim ngạch xuất khẩu", "money", "USD", "kim ngạch xuất khẩu (USD)"),
    ("kim ngạch xuất khẩu", "percent", None, "kim ngạch xuất khẩu (%)"),  # a growth rate keeps the concept
    ("Số lượng xe buýt điện", "count", "xe", "số xe buýt điện (xe)"),
    ("xe đạp công cộng", "count", "chiếc", "xe đạp công cộng (chiếc)"),
    ("kế hoạch năm", "percent", None, None),  # a yardstick alone names no indicator
    ("Hà Nội", "count", "người", None),  # nor does a place
    (None, "percent", None, None),
])
def test_indicator_key(subject, kind, unit, expected):
    assert indicator_key(subject, kind, unit) == expected


@pytest.mark.parametrize("subject, kind, unit, context, expected", [
    ("trường tiểu học", "count", "trường", None, "số trường tiểu học (trường)"),
    ("Số đầu sách điện tử", "count", "đầu sách", None, "số đầu sách điện tử (đầu sách)"),
    ("điểm úng ngập", "count", "điểm", None, "số điểm úng ngập (điểm)"),
    ("tuyến buýt điện", "count", "tuyến", None, "số tuyến buýt điện (tuyến)"),
    ("tuyến buýt", "count", "tuyến", None, "số tuyến buýt (tuyến)"),  # distinct concepts, distinct keys
    ("sản lượng điện thương phẩm", "measure", "kWh", None, "sản lượng điện thương phẩm (kWh)"),
    ("mức đóng", "percent", None, "Hộ cận nghèo được hỗ trợ 70% mức đóng bảo hiểm y tế.", "mức đóng bảo hiểm y tế (%)"),
    ("mức đóng", "percent", None, "Mức đóng tăng 5% so với năm trước.", "mức đóng (%)"),  # no context, no concept
    ("Bảo tàng tỉnh đón", "count", "lượt", "Bảo tàng tỉnh đón 12.000 lượt khách trong dịp lễ.",
     "số lượt khách tham quan (lượt)"),
])
def test_new_local_concepts(subject, kind, unit, context, expected):
    assert indicator_key(subject, kind, unit, context) == expected


@pytest.mark.parametrize("subject, weak", [
    (None, True), ("kế hoạch", True), ("cùng kỳ năm trước", True), ("Quảng Bình", True), ("tỷ lệ", True),
    ("đạt tỷ lệ", True), ("có thể chạy", False),
    ("hộ nghèo", False), ("xe đạp công cộng", False),
])
def test_is_weak(subject, weak):
    assert is_weak(subject) is weak


def test_context_names_the_concept_of_a_weak_subject():
    assert indicator_key("kế hoạch", "percent", None, "Thu ngân sách của thành phố đạt") == "thu ngân sách (%)"
    assert indicator_key("người chết", "count", "người", "Vụ cháy nhà xưởng làm") == "số người chết do cháy nổ (người)"
    assert indicator_key("người chết", "count", "người", "Tai nạn giao thông làm") == \
        "số người chết do tai nạn giao thông (người)"


def test_extract_figures_sets_one_key_per_concept():
    text = ("Năm nay thu ngân sách của tỉnh đạt 12.500 tỷ đồng, bằng 104% dự toán. "
            "Tổng thu ngân sách nhà nước trên địa bàn tăng 9% so với cùng kỳ. "
            "Tỷ lệ hộ nghèo của tỉnh giảm còn 2,1%.")
    keys = [f.indicator for f in extract_figures(text)]
    assert keys == ["thu ngân sách (VND)", "thu ngân sách (%)", "thu ngân sách (%)",
                    "tỷ lệ hộ nghèo (%)"]
    assert all("tỉnh" not in k for k in keys)


def test_list_of_places_shares_the_concept_named_before_it():
    figs = extract_figures("Các tỉnh có tăng trưởng GRDP cao nhất gồm: Bắc Giang (13,5%), Hải Phòng (12,1%) và "
                           "Quảng Ninh (10,3%).")
    assert [f.indicator for f in figs] == ["grdp (%)"] * 3


def test_bare_counted_noun_takes_the_words_after_it():
    figs = extract_figures("Đến nay 9/12 huyện không còn hộ nghèo, 4/12 huyện có trường chuẩn.")
    assert figs[0].indicator == "số quận huyện không còn hộ nghèo (tỷ lệ)"
    assert figs[1].indicator != figs[0].indicator
    # a counted noun whose concept nobody names gets no key rather than one shared by every count of districts
    assert [f.indicator for f in extract_figures("Dịch bệnh đã xuất hiện tại 12/30 quận, huyện của thành phố.")] == [None]


def test_figure_dict_carries_the_key():
    fig = extract_figures("Cả nước có 12.000 xã đạt chuẩn nông thôn mới.")[0]
    assert fig.to_dict()["indicator"] == fig.indicator == "số xã đạt chuẩn nông thôn mới (xã)"


def test_catalog_size_and_domains():
    cat = load_catalog()
    assert len(cat) >= 150
    per = {d: sum(c.domain == d for c in cat.concepts) for d in DOMAINS}
    assert min(per.values()) >= 20, per


@pytest.mark.parametrize("text, message", [
    ("key: x", "must be a yaml list"),
    ("- just a string", "expected a mapping"),
    ("- {key: a, kinds: [percent], colour: red}", "unknown field"),
    ("- {key: '', kinds: [percent]}", "non-empty string"),
    ("- {key: a, kinds: [weight]}", "'kinds' must be"),
    ("- {key: a, kinds: [percent]}\n- {key: a, kinds: [count]}", "duplicate key"),
    ("- {key: a, kinds: [percent], synonyms: [b]}\n- {key: c, kinds: [percent], synonyms: [B]}", "already belongs"),
    ("- {key: a, kinds: [count], synonyms: [{b: [money]}]}", "within"),
    ("- {key: a, kinds: [count], context_synonyms: [b]}", "need a 'context'"),
    ("- {key: a, kinds: [count], domain: sport}", "domain must be"),
    ("- {key: a, kinds: [count], unit: ''}", "'unit' must be"),
    ("- [unclosed", "not valid yaml"),
])
def test_catalog_validation(tmp_path, text, message):
    path = tmp_path / "catalog.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        read_catalog(path)


def test_catalog_file_missing(tmp_path):
    with pytest.raises(ValueError, match="cannot read"):
        read_catalog(tmp_path / "none.yaml")


def test_same_synonym_for_different_kinds_is_allowed(tmp_path):
    path = tmp_path / "catalog.yaml"
    path.write_text("- {key: tỷ lệ a, kinds: [percent], synonyms: [a]}\n- {key: số a, kinds: [count], synonyms: [a]}",
                    encoding="utf-8")
    cat = read_catalog(path)
    assert [c.key for _, _, c in cat.find(canon("A"), "count")] == ["số a"]


@pytest.mark.parametrize("text, expected", [
    ("Số người tham gia BHXH (bắt buộc)", "số người tham gia bảo hiểm xã hội bắt buộc"),
    ("Tỉ lệ DN", "tỷ lệ doanh nghiệp"),
    ("TP.HCM", "thành phố hcm"),
    ("đầu tư", "đầu tư"),
])
def test_canon(text, expected):
    assert canon(text) == expected


def test_bad_arguments():
    with pytest.raises(ValueError):
        indicator_key("hộ nghèo", "bogus")
    with pytest.raises(ValueError):
        indicator_key(3, "count")
    with pytest.raises(ValueError):
        indicator_key("hộ nghèo", "count", "hộ", context=5)


def test_version_exported():
    assert isinstance(nlp.EXTRACTOR_VERSION, str) and nlp.EXTRACTOR_VERSION


# ------------------------------------------------------------------ floors on the shared corpus
# B-cubed F1 of the keys against the annotated concepts, computed by bench/indicators_eval.py in-process.
# "extracted" keys come from extract_figures' own subjects; "gold" feeds the gold subjects (the key function alone).
FLOORS = {  # file: (extracted F1, gold-subject F1), a little below the scores reached (0.868/0.910, 0.915/0.922)
    "corpus": (0.85, 0.90),
    "dev_figures.jsonl": (0.90, 0.91),
}
# Out of domain: each corpus file keyed without the catalog concepts of its own domain (bench --loo-all), the
# mean of the five; reached 0.854 (extracted) and 0.886 (gold subjects).
LOO_FLOORS = (0.84, 0.87)
BLIND_F_FLOORS = (0.92, 0.94)  # tests/nlp/data/blind_f.jsonl (concepts by its own annotator): 0.935 and 0.953


def _bench():
    spec = importlib.util.spec_from_file_location("indicators_eval", REPO / "bench" / "indicators_eval.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_indicator_floor_on_shared_eval(name):
    files = sorted((EVAL / "corpus").glob("*.jsonl")) if name == "corpus" else [EVAL / name]
    if not files or not all(f.exists() for f in files):
        pytest.skip(f"shared evaluation sets not available at {EVAL}")
    rows = [json.loads(line) for f in files for line in f.open(encoding="utf-8") if line.strip()]
    scores = _bench().score_rows(rows)
    ext_floor, gold_floor = FLOORS[name]
    assert scores["extracted"][2] >= ext_floor, scores
    assert scores["gold subject"][2] >= gold_floor, scores
    assert scores["extracted"][2] > scores["own"][2] + 0.1  # far better than every figure its own key


def test_indicator_floor_on_blind_f():
    rows = [json.loads(line) for line in (REPO / "tests" / "nlp" / "data" / "blind_f.jsonl").open(encoding="utf-8")
            if line.strip()]
    scores = _bench().score_rows(rows)
    assert scores["extracted"][2] >= BLIND_F_FLOORS[0] and scores["gold subject"][2] >= BLIND_F_FLOORS[1], scores


def test_indicator_floor_out_of_domain():
    if not all((EVAL / "corpus" / name).exists() for name in _bench().FILE_DOMAIN):
        pytest.skip(f"shared evaluation sets not available at {EVAL}")
    scores = _bench().loo_scores()
    ext = sum(loo["extracted"][2] for _, loo in scores.values()) / len(scores)
    gold = sum(loo["gold subject"][2] for _, loo in scores.values()) / len(scores)
    assert ext >= LOO_FLOORS[0] and gold >= LOO_FLOORS[1], (ext, gold)
    assert all(full["gold subject"][2] >= loo["gold subject"][2] for full, loo in scores.values())


# ------------------------------------------------------------------ free keys: classes of the out-of-domain errors
@pytest.mark.parametrize("a, b, kind", [
    ("chỉ số giá tiêu dùng", "CPI", "percent"),  # a standard abbreviation and its spelled form
    ("chỉ số giá sản xuất", "PPI", "percent"),
    ("tăng trưởng kinh tế", "GRDP", "percent"),
    ("chỉ số sản xuất toàn ngành công nghiệp", "IIP", "percent"),
    ("thiệt hại về mùa màng", "thiệt hại mùa màng", "money"),  # a preposition inside the phrase
    ("giá thuê kho tại các khu công nghiệp", "giá thuê kho tại khu công nghiệp", "money"),
    ("kim ngạch nhập khẩu phân bón", "nhập khẩu phân bón", "money"),
    ("tỷ lệ đỗ tốt nghiệp", "tỷ lệ tốt nghiệp", "percent"),
    ("tỷ lệ người từ 60 tuổi trở lên tập thể dục", "tỷ lệ người tập thể dục", "percent"),  # ages it is defined for
    ("giá xăng E10 RON 95", "xăng E10", "money"),  # a fuel's grade and specification codes
    ("giá dầu mazut 380CST 3.5S", "dầu mazut", "money"),
    ("tỷ giá bình quân của đồng Việt Nam với USD", "tỷ giá bình quân", "money"),  # the default pair
    ("mức thu học phí", "học phí", "money"),
    ("giải quyết việc làm mới", "giải quyết việc làm", "count"),  # the jobs of the period
])
def test_free_stems_meet(a, b, kind):
    assert free_stem(normalize_subject(a), kind) == free_stem(normalize_subject(b), kind)


def test_free_stems_keep_age_bands_of_a_bare_population_apart():
    assert free_stem("nữ dưới 35 tuổi", "percent") != free_stem("nữ trên 35 tuổi", "percent")
    # a retail or wholesale price alone stays a price, not "lẻ"/"buôn"
    assert free_stem("giá bán lẻ", "money") == "giá bán lẻ" != free_stem("giá bán buôn", "money")
    assert free_stem("xã đạt chuẩn nông thôn mới", "percent") != free_stem("xã đạt chuẩn nông thôn", "percent")


@pytest.mark.parametrize("stem, sentence, expected", [
    ("bị thương", "Va chạm giao thông trên quốc lộ làm 3 người bị thương", "người bị thương do tai nạn giao thông"),
    ("làm chết", "Hỏa hoạn ở kho hàng làm 1 người chết", "người chết do cháy nổ"),
    ("người mất tích", "Lũ quét ở vùng núi khiến 4 người mất tích", "người mất tích do thiên tai"),
    ("người chết", "Năm nay có 5 người chết", "người chết"),  # no cause named: the toll alone
    ("ca mắc", "Tỉnh ghi nhận 12 ca mắc sốt xuất huyết mới", "sốt xuất huyết"),
    ("mắc sởi", "", "sởi"),
    ("ổ dịch", "Phát hiện thêm 3 ổ dịch sốt xuất huyết", "ổ dịch sốt xuất huyết"),
    ("mắc bệnh lạ", "", "mắc bệnh lạ"),
])
def test_a_toll_or_a_case_count_takes_the_cause_its_sentence_names(stem, sentence, expected):
    assert with_cause(stem, "count", canon(sentence)) == expected


@pytest.mark.parametrize("subject, expected", [
    ("Công ty Hoa Sen công bố doanh thu thuần", "doanh thu thuần"),  # who reports a figure is not what it measures
    ("lợi nhuận sau thuế của Vinamilk", "lợi nhuận sau thuế"),  # nor the named company it belongs to
    ("nước ta có tỷ lệ hộ dùng điện lưới", "tỷ lệ hộ dùng điện lưới"),
    ("doanh nghiệp trong tỉnh đã ủng hộ quỹ phòng chống thiên tai", "quỹ phòng chống thiên tai"),
    ("đề án nâng tỷ lệ học sinh học nghề", "tỷ lệ học sinh học nghề"),  # what the programme moves is measured
    ("tỷ lệ có bằng cấp", "tỷ lệ có bằng cấp"),  # "bằng" of a degree is not a comparison
])
def test_normalize_drops_agents_and_owners(subject, expected):
    assert normalize_subject(subject) == expected


@pytest.mark.parametrize("subject, weak", [
    ("khu vực thành thị", True), ("cấp huyện", True),  # a scope or a level alone: the concept is around it
    ("Dầu Diesel", False), ("Xăng E5", False),  # a price table's capitalised rows are goods, not names
    ("xã nông thôn", False),  # a counted noun with its scope is a population
])
def test_scopes_are_weak_and_table_rows_are_not(subject, weak):
    assert is_weak(subject) is weak


@pytest.mark.parametrize("subject, kind, unit, expected", [
    ("chỉ số PMI ngành sản xuất", "measure", None, "chỉ số nhà quản trị mua hàng (đơn vị)"),
    ("lượng kiều hối chuyển về", "money", "USD", "lượng kiều hối (USD)"),
    ("giá phân urê", "money", "VND", "giá phân bón (VND)"),
    ("giá tôm thẻ chân trắng", "percent", None, "giá tôm (%)"),
    ("số vụ tai nạn lao động", "count", "vụ", "số vụ tai nạn lao động (vụ)"),
    ("ca mắc bạch hầu", "count", "ca", "số ca mắc bạch hầu (ca)"),
    ("tỷ lệ học sinh bỏ học", "percent", None, "tỷ lệ học sinh bỏ học (%)"),
    ("trạm sạc xe điện", "count", "trạm", "số trạm sạc xe điện (trạm)"),
])
def test_catalog_concepts_of_every_domain(subject, kind, unit, expected):
    assert indicator_key(subject, kind, unit) == expected


@pytest.mark.parametrize("form, kind, key", [
    ("chất thải rắn sinh hoạt", "percent", "tỷ lệ chất thải rắn sinh hoạt được thu gom xử lý"),
    ("chất thải rắn sinh hoạt", "count", None),  # the synonym is the concept's for a percent only
    ("chất thải rắn", "percent", None),  # a part of a synonym is no synonym
])
def test_catalog_exact_synonym(form, kind, key):
    c = load_catalog().exact(form, kind)
    assert (c.key if c else None) == key
