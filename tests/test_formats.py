"""Reports in Word, PDF and HTML read through their libraries into the same pipeline."""
from __future__ import annotations

from pathlib import Path

import pytest

from kg.build import build
from kg.text.document import load_document
from kg.text.formats import read
from kg.text.reader import ReadError

ROOT = Path(__file__).resolve().parent.parent
LINES = ["关于绛县2022年国民经济和社会发展计划执行情况与2023年国民经济和社会发展计划草案的报告",
         "各位代表：",
         "2022年，全县地区生产总值完成86.34亿元，同比增长4.6%；固定资产投资完成31.13亿元，同比增长13.3%。"]

WEB_PAGE = """<html><head><meta charset="utf-8"><title>政府工作报告</title></head><body>
<nav><a href="/">首页</a> | <a href="/zwgk">政务公开</a> | <a href="/hd">互动交流</a></nav>
<aside class="sidebar"><h3>相关文章</h3><ul><li><a href="/a">关于开展安全生产大检查的通知</a></li>
<li><a href="/b">县长信箱办理情况公示</a></li></ul></aside>
<article><h1>政府工作报告</h1><p>——2023年2月16日在绛县第十七届人民代表大会第三次会议上</p>
<p>各位代表：</p><p>现在，我代表县人民政府，向大会报告工作，请予审议。</p>
<p>2022年，全县地区生产总值完成86.34亿元，同比增长4.6%；一般公共预算收入完成2.07亿元，同比增长8.1%。??</p>
<p>2023年经济社会发展的主要预期目标是：地区生产总值增长6.5%左右。&nbsp;</p></article>
<div class="share">分享到：微信 微博 QQ空间</div><div>上一篇：关于2022年部门预算的说明</div><div>下一篇：县长信箱</div>
<footer>版权所有：绛县人民政府 主办单位：县政府办公室</footer></body></html>"""


def write_docx(path: Path) -> None:
    from docx import Document

    d = Document()
    for line in LINES:
        d.add_paragraph(line)
    d.save(path)


def write_pdf(path: Path) -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path))
    c.setFont("STSong-Light", 10)
    y = 800
    for line in LINES:
        for k in range(0, len(line), 40):  # the layout breaks lines mid-sentence, as PDFs do
            c.drawString(40, y, line[k:k + 40])
            y -= 16
        y -= 10
    c.save()


def test_docx_reads_its_paragraphs(tmp_path):
    p = tmp_path / "report.docx"
    write_docx(p)
    assert read(p).splitlines() == LINES


def test_pdf_text_layer_is_read_and_broken_lines_joined(tmp_path):
    p = tmp_path / "report.pdf"
    write_pdf(p)
    doc = load_document(p)
    assert "全县地区生产总值完成86.34亿元，同比增长4.6%；固定资产投资完成31.13亿元" in doc.text


def test_web_page_keeps_the_report_and_drops_the_chrome(tmp_path):
    p = tmp_path / "report.html"
    p.write_text(WEB_PAGE, encoding="utf-8")
    doc = load_document(p)
    assert "地区生产总值完成86.34亿元" in doc.text
    for chrome in ("首页", "政务公开", "相关文章", "安全生产大检查", "分享到", "上一篇", "下一篇", "版权所有", "??", "&nbsp;"):
        assert chrome not in doc.text, chrome


def test_every_format_builds_into_the_graph(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    write_docx(folder / "a.docx")
    write_pdf(folder / "b.pdf")
    (folder / "c.html").write_text(WEB_PAGE, encoding="utf-8")
    result = build([folder], tmp_path / "g.ttl", jobs=1)
    assert not result.problems, result.problems
    assert sorted(r.source_name for r in result.reports) == ["a.docx", "b.pdf", "c.html"]
    assert all(r.meta.region == "绛县" for r in result.reports)


@pytest.mark.parametrize("name,data,message", [
    ("broken.docx", b"PK\x03\x04 not really a zip", "not a readable Word"),
    ("broken.pdf", b"%PDF-1.4\n garbage \n%%EOF", "PDF"),
    ("empty.html", b"", "empty file"),
    ("nav.html", "<html><body><nav>首页</nav></body></html>".encode(), "no main text"),
    ("sheet.xlsx", b"PK\x03\x04", "unsupported file type"),
])
def test_damaged_files_say_what_is_wrong(tmp_path, name, data, message):
    p = tmp_path / name
    p.write_bytes(data)
    with pytest.raises(ReadError, match=message):
        read(p)
