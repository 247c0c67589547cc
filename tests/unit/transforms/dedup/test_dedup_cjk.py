"""Dedup of Chinese text (no spaces between words): shingles of characters, not of "sentences"."""

from pipeline.cli.main import main
from tests.support.articles import article
from tests.support.tables import query
from transforms.core.record import normalized_words
from transforms.core.words import count_words, split_unspaced
from transforms.dedup import DedupConfig, fingerprint, marks_conflict, match, to_node
from transforms.dedup.minhash import shingles

LIBRARY = (
    "市图书馆新馆于周六正式向公众开放，吸引了大批市民前来参观。新馆位于城市东部的文化公园内，"
    "建筑面积约三万平方米，藏书超过一百万册，并设有儿童阅读区、自习室和多功能报告厅。"
    "馆长在开馆仪式上表示，新馆将延长开放时间，工作日晚上也会开放，方便上班族借阅图书。"
    "许多家长带着孩子来到儿童阅读区，孩子们在绘本前久久不愿离开。"
    "一位退休教师说，他每周都会来图书馆看报纸，新馆环境明亮宽敞，座位也比以前多了很多。"
    "图书馆还推出了线上预约和自助借还服务，读者可以通过手机查询图书的位置。"
    "据介绍，新馆今后还将定期举办讲座、展览和读书会，丰富市民的文化生活。"
)
# The same story as another outlet runs it: a source line, one sentence dropped, a few words
# changed, a closing sentence added.
LIBRARY_EDITED = (
    "本报讯 市图书馆新馆于本周六正式向公众开放，吸引了大批市民前来参观。新馆位于城市东部的"
    "文化公园内，建筑面积约三万平方米，藏书超过一百万册，并设有儿童阅读区、自习室和多功能"
    "报告厅。馆长在开馆仪式上表示，新馆将延长开放时间，工作日晚上也会开放，方便上班族借阅。"
    "一位退休教师说，他每周都会来图书馆看报纸，新馆环境明亮宽敞，座位也比以前多了很多。"
    "图书馆还推出了线上预约和自助借还服务，读者可以通过手机查询图书的位置。"
    "据介绍，新馆今后还将定期举办讲座、展览和读书会，丰富市民的文化生活。"
    "开馆首日，到馆读者超过八千人次。"
)
RIVER = (
    "为改善城市水环境，市政府近日启动了南河综合治理工程，计划用两年时间完成河道清淤、"
    "护岸改造和沿河绿道建设。工程负责人介绍，南河全长约十二公里，过去由于管网老化，"
    "部分生活污水直接排入河道，夏季经常出现异味。此次治理将新建截污管道，把沿线污水"
    "全部接入污水处理厂。沿河居民对工程表示欢迎，一位在河边住了三十年的老人说，"
    "希望早日看到河水重新变清，孩子们又能在河边散步。环保部门表示，将在施工期间加强"
    "监测，定期公布水质数据，接受市民监督。工程完成后，沿河绿道将与城市公园连成一片。"
)
WEATHER = (
    "气象台发布消息：受冷空气影响，{city}明天最高气温{hi}度，最低气温{lo}度，"
    "北风{wind}级，降水概率百分之{rain}。气象专家提醒市民及时添加衣物，注意防寒保暖，"
    "外出时注意交通安全。交通管理部门提醒驾驶员，雨雪天气路面湿滑，应减速慢行，"
    "保持安全车距。后天起气温逐步回升，周末以晴到多云天气为主，最高气温{wk}度。"
)


def _node(doc, text, hours):
    doc = article(doc, text, published=hours, word_count=count_words(text))
    return to_node(fingerprint(doc, DedupConfig()))


def test_chinese_characters_are_words_of_their_own_and_spaced_text_is_unchanged():
    assert split_unspaced(["2024年北京", "news"]) == ["2024", "年", "北", "京", "news"]
    words = ["the", "same", "list"]
    assert split_unspaced(words) is words
    # Split on spaces and punctuation, the story is 23 clause-long "words": one changed
    # character changes a fifth of the shingles of 5 such words.
    assert len(normalized_words(LIBRARY)) == 23
    assert len(shingles(LIBRARY, 5)) > 200


def test_an_edited_chinese_story_is_a_copy_and_another_story_is_not():
    orig, edited, river = (
        _node("o", LIBRARY, 0),
        _node("e", LIBRARY_EDITED, 1),
        _node("r", RIVER, 2),
    )
    kind, similarity = match(edited, orig)
    assert kind == "near" and similarity >= 0.5
    assert match(river, orig) is None and match(orig, river) is None


def test_two_chinese_weather_reports_from_one_template_are_not_copies():
    beijing = WEATHER.format(city="北京", hi=3, lo=-6, wind=4, rain=20, wk=8)
    harbin = WEATHER.format(city="哈尔滨", hi=-9, lo=-21, wind=5, rain=35, wk=-4)
    a, b = _node("a", beijing, 0), _node("b", harbin, 1)
    assert match(b, a, DedupConfig(template_guard=False)) is not None  # the words agree
    assert marks_conflict(a.marks, b.marks)
    assert match(b, a) is None


def test_cli_drops_the_edited_chinese_copy_and_keeps_the_other_story(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in (("a.txt", LIBRARY), ("b.txt", LIBRARY_EDITED), ("c.txt", RIVER)):
        (folder / name).write_text(f"{text[:8]}\n\n{text}", encoding="utf-8")  # title, body
    out = tmp_path / "out"
    assert main(["run", "--input", f"{folder}/*", "--output", str(out),
                 "--run-date", "2026-03-01", "--quiet"]) == 0  # fmt: skip
    kept = query(out, "SELECT source_path, language FROM articles ORDER BY source_path")
    dups = query(out, "SELECT source_path, match, similarity FROM duplicates")
    # The longer text is the canonical copy (neither has a date).
    assert [(p.rsplit("/", 1)[1], lang) for p, lang in kept] == [
        ("a.txt", "zh-cn"),
        ("c.txt", "zh-cn"),
    ]
    [(path, kind, similarity)] = dups
    assert path.endswith("b.txt") and kind == "near" and similarity >= 0.5
