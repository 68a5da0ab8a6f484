"""The full PDF edition: rendered in parts on several processes, joined, numbered and stored.

WeasyPrint lays a document out on one core, about 40 pages a second here; the world's edition
has some 550 pages. So the state sections are split into parts of about equal size, each part
rendered as its own document in a process of its own, and the parts joined behind the cover and
the table of contents (`hemis.core.pdfparts`). Page numbers cannot come from WeasyPrint's
counters then (no part knows on which page it starts): the parts are rendered without them, the
table of contents is rendered last with each state's page written out, and "Page n of N" is
written on the joined pages.

Access is decided before: `prepare` renders what `selectors.directory_edition` gives the user
who asked, and the stored file is served only to readers of the directory (`views_edition`).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone, translation

from hemis.accounts import policy
from hemis.core import pdfparts
from hemis.directory import exports, selectors
from hemis.directory.models import Edition, EditionStatus
from hemis.directory.selectors import ContactFilters

logger = logging.getLogger(__name__)

# Below this many contact points the edition is rendered in one process: starting processes
# would cost more than it saves.
PARALLEL_MIN_CONTACTS = 400
# Parts per process: more, smaller parts balance the processes better and make progress finer.
PARTS_PER_PROCESS = 3
ANCHOR_PREFIX = "state-"

Progress = pdfparts.Progress
# What the last render in this process cost: the parts' and the front's CPU seconds in the
# child processes, for the logs and the benchmark (bench/directory_profile.py).
LAST_RENDER: dict[str, object] = {}
ERR_REQUESTER = "The account that asked for the edition may no longer read the directory."


def processes() -> int:
    """How many processes render an edition: one per core."""
    return pdfparts.processes()


def split(states: list[exports.StateEntry], parts: int) -> list[list[exports.StateEntry]]:
    """The states in order, cut into at most `parts` runs of about equal contact counts."""
    runs = pdfparts.split([state.contact_count for state in states], parts)
    return [states[run.start : run.stop] for run in runs]


def render(
    edition: exports.Edition, *, workers: int | None = None, progress: Progress | None = None
) -> tuple[bytes, int]:
    """The edition as one PDF, rendered in parallel parts when it is large enough."""
    workers = workers or processes()
    progress = progress or (lambda done, total: None)
    base_url = str(settings.BASE_DIR)
    if workers < 2 or edition.contact_count < PARALLEL_MIN_CONTACTS:
        progress(0, 1)
        whole = pdfparts.render(exports.edition_html(edition), base_url)
        progress(1, 1)
        return whole.pdf, whole.pages

    parts = split(edition.states, workers * PARTS_PER_PROCESS)
    total = len(parts) + 1  # and the front matter with the joining
    progress(0, total)
    renderer = pdfparts.Renderer(
        base_url=base_url, workers=min(workers, len(parts)), anchor_prefix=ANCHOR_PREFIX
    )
    with renderer:
        # Each part goes to the pool as soon as its HTML is written; the front with
        # provisional numbers last, being short: its page count is the real front's.
        futures = [
            renderer.submit(exports.edition_html(edition, front=False, states=part, numbered=True))
            for part in parts
        ]
        sizing = renderer.submit(_front_html(edition, {}))
        rendered = pdfparts.gather(futures, progress=lambda done, _total: progress(done, total))
        front = _front(edition, parts, rendered, sizing.result(), renderer.render)
    joined = join(front.pdf, [part.pdf for part in rendered])
    progress(total, total)
    LAST_RENDER.clear()
    LAST_RENDER.update(
        workers=workers,
        parts=len(parts),
        part_cpu_seconds=[round(part.cpu_seconds, 3) for part in rendered],
        sizing_cpu_seconds=round(sizing.result().cpu_seconds, 3),
        front_cpu_seconds=round(front.cpu_seconds, 3),
    )
    logger.info(
        "Edition rendered in %s parts on %s processes: %s", len(parts), workers, LAST_RENDER
    )
    return joined


def _front_html(edition: exports.Edition, pages: dict[str, int]) -> str:
    """The cover and the contents, each state's page taken from `pages` (0 when unknown)."""
    for state in edition.states:
        state.page = pages.get(state.anchor, 0)
    return exports.edition_html(edition, states=[], numbered=True)


def _front(
    edition: exports.Edition,
    parts: list[list[exports.StateEntry]],
    rendered: list[pdfparts.Part],
    sizing: pdfparts.Part,
    run: Callable[[str], pdfparts.Part],
) -> pdfparts.Part:
    """The cover and table of contents with every state's page written out.

    The numbers take no room in the contents' lines (edition.css), so the front rendered with
    provisional ones (`sizing`) has the real one's length; should it not, the front is
    rendered again with the numbers moved.
    """
    front_pages = sizing.pages
    cpu_seconds = 0.0
    offsets = pdfparts.page_offsets(rendered)
    for _attempt in range(3):
        pages = {
            state.anchor: front_pages + offset + part.anchors.get(state.anchor, 0) + 1
            for states, part, offset in zip(parts, rendered, offsets, strict=True)
            for state in states
        }
        front = run(_front_html(edition, pages))
        cpu_seconds += front.cpu_seconds
        if front.pages == front_pages:
            break
        front_pages = front.pages
    front.cpu_seconds = cpu_seconds
    return front


def join(front: bytes, parts: list[bytes]) -> tuple[bytes, int]:
    """The front matter and the parts as one PDF, each page but the cover numbered."""
    return pdfparts.join(front, parts, label=str(exports.PAGE_LABEL), skip=1)


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
    # The pool's processes start, WeasyPrint loaded, while the contacts are read; the cyclic
    # collector's passes over the tens of thousands of objects read and joined cost 1.5 to 2 s.
    if selectors.contact_list(viewer=edition.requested_by).count() >= PARALLEL_MIN_CONTACTS:
        pdfparts.warm_up()
    try:
        with translation.override(edition.language), pdfparts.without_cyclic_gc():
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
