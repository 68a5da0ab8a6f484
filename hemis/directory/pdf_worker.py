"""What a child process does for `hemis.directory.edition`: lay out one document.

It imports nothing of Django: the children of a process pool load this module to find the
function, and they have no settings or app registry.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass


@dataclass
class Part:
    pdf: bytes
    pages: int
    # The page (from 0) on which each state section starts.
    starts: dict[str, int]
    # CPU seconds the child spent on it: its share of the work, whatever else the machine does.
    cpu_seconds: float = 0.0


def render(html: str, base_url: str) -> Part:
    """One document through WeasyPrint: its PDF, page count and where each state starts."""
    import time

    from weasyprint import HTML

    started = time.process_time()
    # WeasyPrint makes millions of short-lived objects; reference counting frees them, and
    # the cyclic collector's passes over them cost a tenth of the time (see exports.py).
    enabled = gc.isenabled()
    gc.disable()
    try:
        document = HTML(string=html, base_url=base_url).render()
        starts: dict[str, int] = {}
        for number, page in enumerate(document.pages):
            for anchor in page.anchors:
                if anchor.startswith("state-"):
                    starts.setdefault(anchor, number)
        pdf = document.write_pdf()
        return Part(pdf, len(document.pages), starts, time.process_time() - started)
    finally:
        if enabled:
            gc.enable()
