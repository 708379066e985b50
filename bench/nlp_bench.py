"""Benchmark nlp.extract_figures against a naive pipeline (underthesea ner() on every sentence).

Generates >= 1,000 Vietnamese articles (~600 words) from our own templates, times both pipelines in the same
run (the naive one on a sample, extrapolated), reports articles/s, ms/article and peak RSS; the last line is the
speed ratio. Usage: python bench/nlp_bench.py [--articles N] [--naive-sample K] [--seed S]
"""
from __future__ import annotations

import argparse
import random
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from nlp import extract_figures  # noqa: E402
from nlp.sentences import split_sentences  # noqa: E402

PLACES = ["Hà Nội", "Nghệ An", "Thanh Hóa", "Đà Nẵng", "Cần Thơ", "Quảng Ninh", "Lâm Đồng", "Bình Dương"]
SUBJECTS = ["tổng thu ngân sách nhà nước", "kim ngạch xuất khẩu", "tổng mức bán lẻ hàng hóa", "vốn đầu tư công",
            "doanh thu du lịch", "giá trị sản xuất công nghiệp"]
FIG_TEMPLATES = [
    "Tính chung {m} tháng đầu năm {y}, {subj} trên địa bàn tỉnh {p} ước đạt {a},{b} nghìn tỷ đồng, tăng {c},{d}% so với cùng kỳ năm trước.",
    "Theo báo cáo của Sở Lao động - Thương binh và Xã hội, năm {y} toàn tỉnh đã giải quyết việc làm cho {n}.{k} lao động, đạt {c}% kế hoạch.",
    "Tỷ lệ hộ nghèo của tỉnh {p} giảm từ {c},{d}% năm {y0} xuống còn {e},{d}% vào cuối năm {y}.",
    "Đến ngày 30/6/{y}, cả nước có {n}.{k}/8.{k} xã đạt chuẩn nông thôn mới, trong đó {e}{d} xã đạt chuẩn nông thôn mới nâng cao.",
    "Trong tháng {mo}/{y}, cả nước có {n}.{k} doanh nghiệp thành lập mới với tổng vốn đăng ký {a}{b},{d} nghìn tỷ đồng.",
    "Chỉ số giá tiêu dùng (CPI) tháng {mo}/{y} tăng 0,{d}{e}% so với tháng trước và tăng {c},{d}% so với cùng kỳ năm trước.",
    "Mục tiêu đến năm 2030, tỷ lệ bao phủ bảo hiểm y tế đạt trên {c}%, tỷ lệ lao động qua đào tạo đạt {e}{d}%.",
    "Kim ngạch xuất khẩu quý {q}/{y} đạt {a},{b} tỷ USD, tăng {c},{e}%; trong đó xuất khẩu nông sản đạt {e}{d}0 triệu USD.",
    "Toàn quốc xảy ra {n}{k} vụ tai nạn giao thông, làm chết {c}{d} người, bị thương {e}{b} người.",
    "Diện tích lúa gieo cấy toàn tỉnh đạt {n}.{k} ha, năng suất bình quân {c},{d} tạ/ha, sản lượng ước đạt {a}{b}.{k} tấn.",
    "Giai đoạn 2021-2025, thành phố đã thu hút {n}{e} dự án FDI với tổng vốn đăng ký {a},{b} tỷ USD.",
    "Mỗi hộ được hỗ trợ {c}{d}0.000 đồng, tổng kinh phí thực hiện trên {a}{b} tỷ đồng cho gần {n}.{k} hộ.",
]
PLAIN_TEMPLATES = [
    "Chiều ngày {dd}/{mo}, Ủy ban nhân dân tỉnh {p} tổ chức hội nghị sơ kết công tác chỉ đạo, điều hành.",
    "Phát biểu tại hội nghị, đồng chí Chủ tịch Ủy ban nhân dân tỉnh đánh giá cao sự nỗ lực của các sở, ngành và địa phương.",
    "Bên cạnh những kết quả đạt được, công tác quản lý vẫn còn một số hạn chế cần sớm khắc phục trong thời gian tới.",
    "Các địa phương cần tiếp tục rà soát, hoàn thiện cơ chế, chính sách để thu hút nguồn lực đầu tư cho phát triển.",
    "Theo Quyết định số {n}/QĐ-UBND ngày {dd}/{mo}/{y}, kế hoạch được triển khai đồng bộ tới các huyện, thị xã.",
    "Người dân có thể liên hệ đường dây nóng 0912 {k}{n} {k}{e} để phản ánh các vấn đề liên quan.",
    "Lãnh đạo tỉnh yêu cầu các đơn vị tập trung cải cách hành chính, nâng cao chất lượng phục vụ người dân và doanh nghiệp.",
    "Hội nghị lần thứ {e} Ban Chấp hành Đảng bộ tỉnh khóa XX diễn ra trong hai ngày với nhiều nội dung quan trọng.",
    "Ông Nguyễn Văn {name}, {age} tuổi, trú tại xã Tân Lập, cho biết gia đình đã ổn định cuộc sống nhờ chính sách hỗ trợ.",
    "Sở Kế hoạch và Đầu tư chủ trì, phối hợp với các cơ quan liên quan tham mưu giải pháp tháo gỡ khó khăn cho sản xuất.",
    "Việc chuyển đổi số được xác định là nhiệm vụ trọng tâm, xuyên suốt trong toàn bộ hệ thống chính trị của địa phương.",
    "Dự kiến 8h sáng mai, đoàn công tác sẽ kiểm tra tiến độ thi công tuyến Quốc lộ 1A đoạn qua địa bàn huyện.",
]


def make_article(rng: random.Random, words: int = 600) -> str:
    """One synthetic news article of about `words` words, mixing figure and plain sentences."""
    out: list[str] = []
    count = 0
    while count < words:
        tpl = rng.choice(FIG_TEMPLATES if rng.random() < 0.4 else PLAIN_TEMPLATES)
        y = rng.randint(2015, 2025)
        s = tpl.format(
            m=rng.choice([3, 4, 6, 9, 10, 11]), y=y, y0=y - 5, subj=rng.choice(SUBJECTS), p=rng.choice(PLACES),
            a=rng.randint(1, 99), b=rng.randint(1, 9), c=rng.randint(1, 99), d=rng.randint(0, 9), e=rng.randint(1, 9),
            n=rng.randint(1, 99), k=f"{rng.randint(0, 999):03d}", mo=rng.randint(1, 12), dd=rng.randint(1, 28),
            q=rng.choice(["I", "II", "III", "IV"]), name=rng.choice(["An", "Bình", "Cường", "Dũng"]),
            age=rng.randint(30, 80),
        )
        out.append(s)
        count += len(s.split())
    paras = [" ".join(out[i:i + 4]) for i in range(0, len(out), 4)]
    return "\n".join(paras)


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far, in MB (Linux reports KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--naive-sample", type=int, default=30)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    articles = [make_article(rng) for _ in range(args.articles)]
    n_words = sum(len(a.split()) for a in articles)
    print(f"articles {len(articles)}  words/article {n_words / len(articles):.0f}")

    extract_figures("Khởi động: tỷ lệ hộ nghèo còn 1,5%.")
    from nlp.tagger import compound_spaces
    compound_spaces("Khởi động mô hình tách từ.")  # load underthesea once, outside the timing
    rss0 = peak_rss_mb()
    t0 = time.perf_counter()
    n_figs = 0
    for a in articles:
        n_figs += len(extract_figures(a, published="2025-06-01T00:00:00", home_place="Hà Nội"))
    ours = time.perf_counter() - t0
    rss_ours = peak_rss_mb()
    ours_ms = 1000 * ours / len(articles)
    print(f"extract_figures: {len(articles) / ours:.1f} articles/s  {ours_ms:.2f} ms/article  "
          f"figures {n_figs}  peak RSS {rss_ours:.0f} MB (before {rss0:.0f} MB)")

    from underthesea import ner

    sample = articles[: max(1, min(args.naive_sample, len(articles)))]
    ner("Khởi động.")
    t0 = time.perf_counter()
    for a in sample:
        for s, e in split_sentences(a):
            ner(a[s:e])
    naive = time.perf_counter() - t0
    naive_ms = 1000 * naive / len(sample)
    print(f"naive ner() per sentence (sample {len(sample)}, extrapolated to {len(articles)}): "
          f"{1000 / naive_ms:.2f} articles/s  {naive_ms:.2f} ms/article  est. total {naive_ms * len(articles) / 1000:.0f} s  "
          f"peak RSS {peak_rss_mb():.0f} MB")
    print(f"speedup vs naive: {naive_ms / ours_ms:.1f}x")


if __name__ == "__main__":
    main()
