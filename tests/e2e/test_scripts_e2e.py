"""Through the CLI: articles in scripts without spaces are kept, lists of URLs are not articles."""

import duckdb

from tests.support.cli import run_command

RUN_DATE = "2026-11-22"
JA_TITLE = "北浜市、路面電車を北部の住宅地へ延伸"
JA_PARAGRAPHS = [
    "北浜市議会は二十日の本会議で、市内を走る路面電車の路線を北部の住宅地まで延ばす計画を"
    "賛成多数で可決した。新しい路線は全長およそ八キロで、停留所は十二か所を予定している。",
    "市によると、総事業費は約四百億円で、国の補助金と市債で賄う。開業は二〇二九年春を目指し、"
    "来年度から用地の買収と詳細な設計に着手する。",
    "北部の住宅地では朝の通勤時間帯にバスが混雑し、駅までの移動に四十分以上かかる地域もある。"
    "計画に賛成した議員は「通勤時間が半分になる住民も多い」と話した。",
    "一方、反対した議員は、建設費が膨らめば福祉や教育の予算が削られかねないと指摘し、"
    "第三者による費用の検証を求めた。市長は記者会見で「丁寧に説明を続けたい」と述べた。",
]
JA_HTML = f"""<!DOCTYPE html>
<html lang="ja"><head><meta charset="utf-8">
<title>{JA_TITLE} | 北浜新報</title>
<meta property="og:site_name" content="北浜新報">
<meta property="article:published_time" content="2026-11-20T18:30:00+09:00">
</head><body>
<nav><a href="/">トップ</a> <a href="/politics">政治</a> <a href="/economy">経済</a></nav>
<article><h1>{JA_TITLE}</h1>
{"".join(f"<p>{p}</p>" for p in JA_PARAGRAPHS)}
</article>
<footer>© 北浜新報社</footer>
</body></html>
"""
ZH_TEXT = (
    "北滨市议会批准有轨电车延伸计划\n\n"
    "北滨市议会周五以多数票通过了将有轨电车线路延伸至北部住宅区的计划。新线路全长约八公里，"
    "计划设置十二个车站，预计二〇二九年春季开通。\n\n"
    "市政府表示，总投资约为四百亿日元，将由国家补贴和市政债券共同承担。反对者担心，"
    "建设费用一旦超支，可能会挤占福利和教育预算，并要求进行独立的费用评估。\n"
)
TH_TEXT = (
    "สภาเมืองอนุมัติแผนขยายรถราง\n\n"
    "สภาเมืองลงมติเห็นชอบแผนขยายเส้นทางรถรางไปยังย่านที่อยู่อาศัยทางตอนเหนือของเมือง "
    "เส้นทางใหม่มีความยาวประมาณแปดกิโลเมตรและจะมีสถานีทั้งหมดสิบสองแห่ง "
    "คาดว่าจะเปิดให้บริการได้ในฤดูใบไม้ผลิของปีสองพันยี่สิบเก้า\n\n"
    "ฝ่ายค้านกังวลว่าค่าก่อสร้างที่สูงเกินไปอาจทำให้งบประมาณด้านสวัสดิการและการศึกษาถูกตัด "
    "และเรียกร้องให้มีการตรวจสอบค่าใช้จ่ายโดยหน่วยงานอิสระก่อนเริ่มการก่อสร้าง\n"
)
URLS = "\n".join(f"https://news.example.org/{d}/council-{i}.html" for i, d in enumerate(range(60)))


def test_cjk_and_thai_articles_are_kept_and_url_lists_are_not_prose(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "tram-ja.html").write_text(JA_HTML, encoding="utf-8")
    (src / "tram-zh.txt").write_text(ZH_TEXT, encoding="utf-8")
    (src / "tram-th.txt").write_text(TH_TEXT, encoding="utf-8")
    (src / "seeds.dat").write_text(URLS + "\n", encoding="utf-8")
    out = tmp_path / "out"
    proc = run_command("--input", f"{src}/*", "--output", str(out), "--run-date", RUN_DATE)
    assert proc.returncode == 0, proc.stderr[-3000:]
    con = duckdb.connect()
    rows = con.sql(
        "SELECT source_path, title, text, word_count, language FROM "
        f"read_parquet('{out}/articles/**/*.parquet', hive_partitioning=true)"
    ).fetchall()
    by_name = {
        path.rsplit("/", 1)[-1]: (title, text, words, lang)
        for path, title, text, words, lang in rows
    }
    assert set(by_name) == {"tram-ja.html", "tram-zh.txt", "tram-th.txt"}
    title, text, words, lang = by_name["tram-ja.html"]
    assert title == JA_TITLE
    assert text.split("\n\n")[-4:] == JA_PARAGRAPHS
    assert "トップ" not in text and "北浜新報社" not in text
    assert 150 <= words <= 300 and lang == "ja"
    title, text, words, _ = by_name["tram-zh.txt"]
    assert title == "北滨市议会批准有轨电车延伸计划"
    assert text.startswith("北滨市议会周五以多数票通过了") and words >= 50
    title, text, words, _ = by_name["tram-th.txt"]
    assert title == "สภาเมืองอนุมัติแผนขยายรถราง" and "ฝ่ายค้านกังวลว่า" in text and words >= 50
    rejected = con.sql(
        f"SELECT source_path, reason, detail FROM read_parquet('{out}/rejected/**/*.parquet')"
    ).fetchall()
    assert [(p.rsplit("/", 1)[-1], r) for p, r, _ in rejected] == [("seeds.dat", "not_prose")]
    assert "list of links" in rejected[0][2]
