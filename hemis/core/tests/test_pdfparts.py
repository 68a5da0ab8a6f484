"""Long PDFs laid out in parts on several processes, joined behind a front and numbered."""

import io
import re

from django.conf import settings
from pypdf import PdfReader

from hemis.core import pdfparts

BASE_URL = str(settings.BASE_DIR)


def document(title: str, sections: list[str], *, pages_each: int = 1) -> str:
    """An HTML document with one section per name, each starting a page, a little long."""
    body = "".join(
        f'<section id="part-{name}" style="break-before: page"><h1>{name}</h1>'
        + "<p>Line of text.</p>" * (30 * pages_each)
        + "</section>"
        for name in sections
    )
    return (
        f'<html lang="fr"><head><meta charset="utf-8"><title>{title}</title>'
        '<meta name="author" content="Secretariat"><style>p { margin: 0 }</style></head>'
        f"<body>{body}</body></html>"
    )


def texts(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def test_split_cuts_items_into_runs_of_about_equal_weight():
    assert pdfparts.split([10, 10, 10, 10, 10, 10], 3) == [range(0, 2), range(2, 4), range(4, 6)]
    # Uneven weights: runs still cover every item once, in order, none empty.
    runs = pdfparts.split([1, 100, 1, 1], 3)
    assert [index for run in runs for index in run] == [0, 1, 2, 3]
    assert len(runs) <= 3 and all(runs)
    assert pdfparts.split([5], 4) == [range(0, 1)]
    assert pdfparts.split([], 4) == []


def test_render_lays_out_a_document_and_finds_where_its_anchors_fall():
    part = pdfparts.render(document("Annex", ["a", "b"], pages_each=2), BASE_URL, "part-")
    assert part.anchors["part-a"] == 0
    assert part.anchors["part-b"] >= 1
    assert part.pages > part.anchors["part-b"]
    assert texts(part.pdf)[part.anchors["part-b"]].lstrip().startswith("b")
    assert "Line of text." in texts(part.pdf)[0]
    assert part.cpu_seconds > 0


def test_the_renderer_lays_out_parts_in_parallel_and_keeps_their_order():
    steps = []
    htmls = [document(f"Part {n}", [f"s{n}"]) for n in range(3)]
    with pdfparts.Renderer(base_url=BASE_URL, workers=2, anchor_prefix="part-") as renderer:
        parts = renderer.render_all(htmls, progress=lambda done, total: steps.append((done, total)))
        front = renderer.render(document("Front", ["front"]))
    assert [list(part.anchors) for part in parts] == [["part-s0"], ["part-s1"], ["part-s2"]]
    assert steps == [(1, 3), (2, 3), (3, 3)]
    assert front.pages == 1


def test_join_puts_the_front_first_and_numbers_every_page_after_the_cover():
    front = pdfparts.render(document("Rapport", ["couverture", "sommaire"]), BASE_URL)
    parts = [pdfparts.render(document("x", [name]), BASE_URL).pdf for name in ("un", "deux")]
    pdf, pages = pdfparts.join(front.pdf, parts, label="Page %(page)s sur %(pages)s", skip=1)
    assert pages == 4
    pages_text = texts(pdf)
    assert "couverture" in pages_text[0] and "Page" not in pages_text[0]
    assert "sommaire" in pages_text[1] and "Page 2 sur 4" in pages_text[1]
    assert "un" in pages_text[2] and "Page 3 sur 4" in pages_text[2]
    assert "deux" in pages_text[3] and "Page 4 sur 4" in pages_text[3]
    assert all(text.count("sur 4") == 1 for text in pages_text[1:])
    metadata = PdfReader(io.BytesIO(pdf)).metadata
    assert metadata.title == "Rapport"
    assert metadata.author == "Secretariat"


def test_join_takes_parts_stored_earlier_without_a_front_or_numbers():
    stored = [pdfparts.render(document("Reply", [name]), BASE_URL).pdf for name in ("JAM", "MEX")]
    pdf, pages = pdfparts.join(None, stored)
    assert pages == 2
    assert ["JAM" in text for text in texts(pdf)] == [True, False]
    assert not any(re.search(r"Page \d", text) for text in texts(pdf))


def test_page_numbers_are_right_aligned_whatever_their_letters():
    width = pdfparts.text_width
    assert width("Página 10 de 12", 7) == width("Pagina 10 de 12", 7)
    assert width("Page 100 of 550", 7) > width("Page 9 of 550", 7)
    footer = pdfparts.Footer()
    assert footer.right_pt - width("Page 9 of 550", 7) > footer.right_pt / 2
