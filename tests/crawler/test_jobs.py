"""Worker jobs: plain functions from an article to its observations and entities."""
import gzip

from crawler.jobs import article_observations, process_page
from db.store import compress_html


def test_sapo_figure_repeated_in_body_is_one_observation():
    article = {"sapo": "Thành phố đã giải ngân 1.250 tỷ đồng vốn đầu tư công.",
               "text": "Theo Sở Tài chính, thành phố đã giải ngân 1.250 tỷ đồng vốn đầu tư công, đạt 40% kế hoạch.",
               "published_at": "2024-05-02T09:00:00+07:00"}
    obs = article_observations(article, "Hà Nội")
    money = [o for o in obs if o["kind"] == "money"]
    assert len(money) == 1 and money[0]["value"] == 1.25e12
    assert money[0]["span_start"] > len(article["sapo"])
    assert any(o["kind"] == "percent" and o["value"] == 40 for o in obs)


def test_sapo_only_figure_is_kept_with_offsets_into_sapo_plus_text():
    article = {"sapo": "Có 12.500 hộ được hỗ trợ.", "text": "Chương trình tiếp tục trong năm tới."}
    obs = article_observations(article, None)
    full = article["sapo"] + "\n" + article["text"]
    assert [full[o["span_start"]:o["span_end"]] for o in obs] == ["12.500 hộ"]
    assert obs[0]["indicator"]


def test_a_list_of_places_gives_each_observation_its_own_place():
    article = {"text": "Giá lúa tại Cần Thơ 7.200 đồng/kg, Bạc Liêu 7.000 đồng/kg. Toàn thành phố có 12 chợ đầu mối."}
    obs = article_observations(article, "Hà Nội")
    assert [(o["text"], o["place"], o["place_area"]) for o in obs] == [
        ("7.200 đồng/kg", "Cần Thơ", None), ("7.000 đồng/kg", "Cà Mau", "Bạc Liêu (cũ)"), ("12 chợ", "Hà Nội", None)]


def test_process_page_compresses_the_html_as_the_store_keeps_it_only_when_asked():
    from crawler.demo.site import DemoSite

    site = DemoSite("http://127.0.0.1:9")
    path = site.articles[0]["path"]
    html = site.respond(path).body.decode("utf-8")
    kept = process_page(html, site.url(path), None, [], keep_html=True)
    assert isinstance(kept, dict) and kept["observations"], kept
    assert kept["html_gz"] == compress_html(html) and gzip.decompress(kept["html_gz"]).decode("utf-8") == html
    assert "html_gz" not in process_page(html, site.url(path), None, [])
