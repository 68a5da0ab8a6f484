"""The full PDF edition: rendered in parts on several processes, joined, numbered and stored.

WeasyPrint lays a document out on one core, about 40 pages a second here; the world's edition
has some 550 pages. So the state sections are split into parts of about equal size, each part
rendered as its own document in a process of its own, and the parts joined with pypdf behind
the cover and the table of contents. Page numbers cannot come from WeasyPrint's counters then
(no part knows on which page it starts): the parts are rendered without them, the table of
contents is rendered last with each state's page written out, and "Page n of N" is written on
the joined pages (`number_pages`).

Access is decided before: `prepare` renders what `selectors.directory_edition` gives the user
who asked, and the stored file is served only to readers of the directory (`views_edition`).
"""

from __future__ import annotations

import io
import logging
import multiprocessing
import os
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone, translation

from hemis.accounts import policy
from hemis.directory import exports, pdf_worker, selectors
from hemis.directory.models import Edition, EditionStatus
from hemis.directory.selectors import ContactFilters

logger = logging.getLogger(__name__)

# Below this many contact points the edition is rendered in one process: starting processes
# would cost more than it saves.
PARALLEL_MIN_CONTACTS = 400
# Parts per process: more, smaller parts balance the processes better and make progress finer.
PARTS_PER_PROCESS = 3

Progress = Callable[[int, int], None]
# What the last render in this process cost: the parts' and the front's CPU seconds in the
# child processes, for the logs and the benchmark (bench/directory_profile.py).
LAST_RENDER: dict[str, object] = {}
ERR_REQUESTER = "The account that asked for the edition may no longer read the directory."


def processes() -> int:
    """How many processes render an edition: one per core."""
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1)


def split(states: list[exports.StateEntry], parts: int) -> list[list[exports.StateEntry]]:
    """The states in order, cut into at most `parts` runs of about equal contact counts."""
    total = sum(state.contact_count for state in states) or 1
    runs: list[list[exports.StateEntry]] = [[]]
    done = 0
    for state in states:
        if runs[-1] and done >= total * len(runs) / parts:
            runs.append([])
        runs[-1].append(state)
        done += state.contact_count
    return [run for run in runs if run]


def _pool(workers: int) -> ProcessPoolExecutor:
    # forkserver, not fork: the parent may be a threaded gunicorn worker, and a forked child
    # could inherit a lock held by another thread. The server process imports WeasyPrint once.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["weasyprint"])
    return ProcessPoolExecutor(max_workers=workers, mp_context=context)


def render(
    edition: exports.Edition, *, workers: int | None = None, progress: Progress | None = None
) -> tuple[bytes, int]:
    """The edition as one PDF, rendered in parallel parts when it is large enough."""
    workers = workers or processes()
    progress = progress or (lambda done, total: None)
    base_url = str(settings.BASE_DIR)
    if workers < 2 or edition.contact_count < PARALLEL_MIN_CONTACTS:
        progress(0, 1)
        whole = pdf_worker.render(exports.edition_html(edition), base_url)
        progress(1, 1)
        return whole.pdf, whole.pages

    parts = split(edition.states, workers * PARTS_PER_PROCESS)
    total = len(parts) + 1  # and the front matter with the joining
    progress(0, total)
    htmls = [
        exports.edition_html(edition, front=False, states=part, numbered=True) for part in parts
    ]
    results: list[pdf_worker.Part | None] = [None] * len(parts)
    with _pool(min(workers, len(parts))) as pool:
        futures = {
            pool.submit(pdf_worker.render, html, base_url): index
            for index, html in enumerate(htmls)
        }
        del htmls
        for done, future in enumerate(as_completed(futures), start=1):
            results[futures[future]] = future.result()
            progress(done, total)
        rendered = [result for result in results if result is not None]
        # In the pool too: this process then never loads WeasyPrint (2.5 s here).
        front = _front(
            edition,
            parts,
            rendered,
            lambda html: pool.submit(pdf_worker.render, html, base_url).result(),
        )
    joined = join(front.pdf, [part.pdf for part in rendered])
    progress(total, total)
    LAST_RENDER.clear()
    LAST_RENDER.update(
        workers=workers,
        parts=len(parts),
        part_cpu_seconds=[round(part.cpu_seconds, 3) for part in rendered],
        front_cpu_seconds=round(front.cpu_seconds, 3),
    )
    logger.info(
        "Edition rendered in %s parts on %s processes: %s", len(parts), workers, LAST_RENDER
    )
    return joined


def _front(
    edition: exports.Edition,
    parts: list[list[exports.StateEntry]],
    rendered: list[pdf_worker.Part],
    run: Callable[[str], pdf_worker.Part],
) -> pdf_worker.Part:
    """The cover and table of contents with every state's page written out."""
    offsets = []
    offset = 0
    for part in rendered:
        offsets.append(offset)
        offset += part.pages
    # The front's length depends on the number of states, not on the numbers: render it with
    # provisional numbers to learn it, then with the real ones (a few pages, well under 1 s).
    front_pages = 0
    cpu_seconds = 0.0
    for _attempt in range(3):
        for states, part, part_offset in zip(parts, rendered, offsets, strict=True):
            for state in states:
                state.page = front_pages + part_offset + part.starts.get(state.anchor, 0) + 1
        front = run(exports.edition_html(edition, states=[], numbered=True))
        cpu_seconds += front.cpu_seconds
        if front.pages == front_pages:
            break
        front_pages = front.pages
    front.cpu_seconds = cpu_seconds
    return front


def join(front: bytes, parts: list[bytes]) -> tuple[bytes, int]:
    """The front matter and the parts as one PDF, each page but the cover numbered."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    front_reader = PdfReader(io.BytesIO(front))
    writer.append(front_reader)
    for part in parts:
        writer.append(PdfReader(io.BytesIO(part)))
    if front_reader.metadata:
        writer.add_metadata(dict(front_reader.metadata))
    number_pages(writer, label=str(exports.PAGE_LABEL), skip=1)
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
# The margin box of edition.css: A4, 16 mm right margin, 20 mm bottom margin, 3 mm padding,
# 7 pt text in #5b6470.
_RIGHT_EDGE_PT = 595.28 - 16 * 72 / 25.4
_BASELINE_PT = 20 * 72 / 25.4 - 3 * 72 / 25.4 - 7 * 0.76
_FONT_SIZE = 7


def _width(text: str) -> float:
    import unicodedata

    return sum(_HELVETICA.get(unicodedata.normalize("NFKD", char)[:1], 556) for char in text) * (
        _FONT_SIZE / 1000
    )


def _pdf_string(text: str) -> bytes:
    raw = text.encode("cp1252", "replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def number_pages(writer, *, label: str, skip: int = 0) -> None:
    """Write `label` ("Page %(page)s of %(pages)s") at the foot of each page after `skip`.

    A content stream is added to each page, after the page's own, wrapped so that whatever
    state the page leaves does not move the number; the font is PDF's standard Helvetica.
    """
    from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, NameObject

    def stream(data: bytes):
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
    total = len(writer.pages)
    for index, page in enumerate(writer.pages):
        if index < skip:
            continue
        text = label % {"page": index + 1, "pages": total}
        x = _RIGHT_EDGE_PT - _width(text)
        number = stream(
            b"q 0.357 0.392 0.439 rg BT /HemisPageNumber %d Tf %.2f %.2f Td %s Tj ET Q\n"
            % (_FONT_SIZE, x, _BASELINE_PT, _pdf_string(text))
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


# The stored edition.


def storage_name(edition: Edition) -> str:
    return f"directory/editions/{edition.public_id}.pdf"


def prepare(edition_pk: int) -> None:
    """Render a requested edition and store it, recording its progress on the way."""
    edition = Edition.objects.select_related("requested_by").get(pk=edition_pk)
    if edition.status == EditionStatus.READY:
        return
    started = time.perf_counter()
    Edition.objects.filter(pk=edition.pk).update(
        status=EditionStatus.RENDERING, parts_done=0, parts_total=0, error=""
    )

    def progress(done: int, total: int) -> None:
        Edition.objects.filter(pk=edition.pk).update(parts_done=done, parts_total=total)

    if not policy.can_read_directory(edition.requested_by):
        # The account that asked was closed or left the network since: nobody to read it as.
        Edition.objects.filter(pk=edition.pk).update(
            status=EditionStatus.FAILED, error=ERR_REQUESTER, finished_at=timezone.now()
        )
        return
    try:
        with translation.override(edition.language):
            filters = ContactFilters()
            sections = selectors.directory_edition(viewer=edition.requested_by, filters=filters)
            built = exports.build_edition(sections, filters=filters, today=edition.edition_date)
            pdf, pages = render(built, progress=progress)
    except Exception as error:
        logger.exception("The directory's PDF edition %s failed", edition.public_id)
        Edition.objects.filter(pk=edition.pk).update(
            status=EditionStatus.FAILED, error=str(error)[:2000], finished_at=timezone.now()
        )
        return
    name = default_storage.save(storage_name(edition), ContentFile(pdf))
    Edition.objects.filter(pk=edition.pk).update(
        status=EditionStatus.READY,
        file=name,
        pages=pages,
        size=len(pdf),
        seconds=round(time.perf_counter() - started, 2),
        finished_at=timezone.now(),
    )
    _forget_older(edition)


def _forget_older(edition: Edition) -> None:
    """Delete this language's editions of earlier generations or days, with their files."""
    older = Edition.objects.filter(language=edition.language).exclude(pk=edition.pk)
    older = older.filter(created_at__lte=edition.created_at)
    for stale in older:
        if stale.file:
            stale.file.delete(save=False)
        stale.delete()
