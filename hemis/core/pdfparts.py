"""Long PDFs laid out in parts on several processes, then joined and numbered.

WeasyPrint lays a document out on one core, some 40 pages a second. A long document (the
directory's edition, the questionnaire report's annex of shared replies) is therefore split into
parts, each an HTML document of its own, laid out in a pool of processes (`Renderer`), and the
parts' PDFs joined with pypdf behind a front (a cover, a table of contents) by `join`, which also
writes "Page n of N" on the joined pages, since no part knows on which page it starts.

A part may be rendered long before it is joined (stored, say, when a reply is shared): `join`
takes PDF bytes, wherever they come from.

This module imports nothing of Django: the pool's children import it to find `render`, and they
have no settings or app registry. Callers pass the base URL that resolves the documents' files.
"""

from __future__ import annotations

import gc
import io
import multiprocessing
import os
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

Progress = Callable[[int, int], None]

MM = 72 / 25.4
A4_WIDTH_PT = 595.28


@dataclass
class Part:
    """One laid-out document."""

    pdf: bytes
    pages: int
    # The page (from 0) on which each element whose id starts with the asked prefix starts.
    anchors: dict[str, int] = field(default_factory=dict)
    # CPU seconds spent on it, in the process that laid it out: its cost whatever else runs.
    cpu_seconds: float = 0.0


@contextmanager
def without_cyclic_gc() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for a large layout or join.

    WeasyPrint and pypdf create millions of short-lived objects; the collector's repeated passes
    over them and over everything the process holds cost up to a third of the time. Reference
    counting still frees them, and the collector resumes afterwards.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def render(html: str, base_url: str, anchor_prefix: str = "") -> Part:
    """One HTML document through WeasyPrint: its PDF, page count and where its anchors fall."""
    from weasyprint import HTML  # imported here: it takes a moment to load

    started = time.process_time()
    with without_cyclic_gc():
        document = HTML(string=html, base_url=base_url).render()
        anchors: dict[str, int] = {}
        if anchor_prefix:
            for number, page in enumerate(document.pages):
                for anchor in page.anchors:
                    if anchor.startswith(anchor_prefix):
                        anchors.setdefault(anchor, number)
        pdf = document.write_pdf()
    return Part(pdf, len(document.pages), anchors, time.process_time() - started)


def processes() -> int:
    """How many processes lay documents out: one per core this process may use."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


class Renderer:
    """A pool of processes that lay out HTML documents; use it as a context manager.

    with Renderer(base_url=str(settings.BASE_DIR)) as renderer:
        parts = renderer.render_all(htmls, progress=report)
        front = renderer.render(front_html)

    The pool's processes are started by a fork server, not forked from this process: it may be
    a threaded web worker, and a forked child could inherit a lock held by another thread. The
    fork server imports WeasyPrint once; this process never needs to (2.5 s here).
    """

    def __init__(self, *, base_url: str, workers: int | None = None, anchor_prefix: str = ""):
        self.base_url = base_url
        self.workers = workers or processes()
        self.anchor_prefix = anchor_prefix
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> Renderer:
        self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=_context())
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=exc_info[0] is not None)
            self._pool = None

    def submit(self, html: str) -> Future[Part]:
        """Lay out one document in the pool; the future's result is its `Part`."""
        if self._pool is None:
            raise RuntimeError("A Renderer is used inside a `with` block.")
        return self._pool.submit(render, html, self.base_url, self.anchor_prefix)

    def render(self, html: str) -> Part:
        return self.submit(html).result()

    def render_all(self, htmls: Iterable[str], *, progress: Progress | None = None) -> list[Part]:
        """The documents laid out in parallel, in their order; `progress(done, total)`.

        Each document is sent to the pool as soon as `htmls` yields it, so that the pool works
        while the next one is written.
        """
        return gather([self.submit(html) for html in htmls], progress=progress)


def gather(futures: Sequence[Future[Part]], *, progress: Progress | None = None) -> list[Part]:
    """The submitted documents once laid out, in their order; `progress(done, len(futures))`."""
    index = {future: number for number, future in enumerate(futures)}
    results: list[Part | None] = [None] * len(futures)
    for done, future in enumerate(as_completed(futures), start=1):
        results[index[future]] = future.result()
        if progress:
            progress(done, len(futures))
    return [result for result in results if result is not None]


def _context() -> Any:
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["weasyprint"])
    return context


def warm_up() -> None:
    """Start the fork server, which imports WeasyPrint, while this process does other work.

    A `Renderer` started afterwards has its processes at once instead of 1.5 to 2.5 s later.
    """
    from multiprocessing import forkserver

    _context()
    forkserver.ensure_running()


def split(weights: Sequence[int], parts: int) -> list[range]:
    """Consecutive runs of items, at most `parts`, of about equal total weight."""
    total = sum(weights) or 1
    runs: list[list[int]] = [[]]
    done = 0
    for index, weight in enumerate(weights):
        if runs[-1] and done >= total * len(runs) / parts:
            runs.append([])
        runs[-1].append(index)
        done += weight
    return [range(run[0], run[-1] + 1) for run in runs if run]


def page_offsets(parts: Sequence[Part], *, first: int = 0) -> list[int]:
    """The page (from 0) of the joined document on which each part starts, after `first`."""
    offsets = []
    offset = first
    for part in parts:
        offsets.append(offset)
        offset += part.pages
    return offsets


@dataclass(frozen=True)
class Footer:
    """Where "Page n of N" is written: right-aligned, in standard Helvetica.

    The defaults match a margin box of an A4 page with a 16 mm right and a 20 mm bottom margin,
    3 mm of padding and 7 pt text in #5b6470.
    """

    right_pt: float = A4_WIDTH_PT - 16 * MM
    baseline_pt: float = 20 * MM - 3 * MM - 7 * 0.76
    size: float = 7
    rgb: tuple[float, float, float] = (0.357, 0.392, 0.439)


def join(
    front: bytes | None,
    parts: Sequence[bytes],
    *,
    label: str | None = None,
    skip: int = 1,
    footer: Footer = Footer(),
) -> tuple[bytes, int]:
    """The front and the parts as one PDF, and its page count.

    `label` ("Page %(page)s of %(pages)s", translated) is written on every page after the
    first `skip`; the document's metadata (title, author, language) are the front's.
    """
    from pypdf import PdfReader, PdfWriter

    with without_cyclic_gc():
        writer = PdfWriter()
        documents = ([front] if front is not None else []) + list(parts)
        first = None
        for document in documents:
            reader = PdfReader(io.BytesIO(document))
            if first is None:
                first = reader
            writer.append(reader)
        if first is not None and first.metadata:
            writer.add_metadata(dict(first.metadata))
        if label:
            number_pages(writer, label=label, skip=skip, footer=footer)
        output = io.BytesIO()
        writer.write(output)
        return output.getvalue(), len(writer.pages)


# Advance widths of Helvetica (per 1,000 units of the font size), to align numbers right; an
# accented letter is as wide as its base letter, and anything else counts as 556.
_HELVETICA = dict(
    zip(
        " abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
        [278, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556]
        + [556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 667, 667, 722, 722, 667, 611]
        + [778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667]
        + [944, 667, 667, 611]
        + [556] * 10,
        strict=True,
    )
)


def text_width(text: str, size: float) -> float:
    """The width in points of `text` in Helvetica of `size` points."""
    units = sum(_HELVETICA.get(unicodedata.normalize("NFKD", char)[:1], 556) for char in text)
    return units * size / 1000


def _pdf_string(text: str) -> bytes:
    raw = text.encode("cp1252", "replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def number_pages(writer: Any, *, label: str, skip: int = 0, footer: Footer = Footer()) -> None:
    """Write `label` ("Page %(page)s of %(pages)s") at the foot of each page after `skip`.

    A content stream is added to each page, after the page's own, wrapped so that whatever
    state the page leaves does not move the number.
    """
    from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, NameObject

    def stream(data: bytes) -> Any:
        obj = DecodedStreamObject()
        obj.set_data(data)
        return writer._add_object(obj)

    font = writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
                NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
            }
        )
    )
    save, restore = stream(b"q\n"), stream(b"\nQ\n")
    colour = b"%.3f %.3f %.3f rg" % footer.rgb
    total = len(writer.pages)
    for index, page in enumerate(writer.pages):
        if index < skip:
            continue
        text = label % {"page": index + 1, "pages": total}
        x = footer.right_pt - text_width(text, footer.size)
        number = stream(
            b"q %s BT /HemisPageNumber %g Tf %.2f %.2f Td %s Tj ET Q\n"
            % (colour, footer.size, x, footer.baseline_pt, _pdf_string(text))
        )
        resources = page.get("/Resources")
        resources = resources.get_object() if resources is not None else DictionaryObject()
        fonts = resources.get("/Font")
        fonts = fonts.get_object() if fonts is not None else DictionaryObject()
        fonts[NameObject("/HemisPageNumber")] = font
        resources[NameObject("/Font")] = fonts
        page[NameObject("/Resources")] = resources
        contents = page.get("/Contents")
        existing = []
        if contents is not None:
            contents_obj = contents.get_object()
            existing = list(contents_obj) if isinstance(contents_obj, ArrayObject) else [contents]
        page[NameObject("/Contents")] = ArrayObject([save, *existing, restore, number])
