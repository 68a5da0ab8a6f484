"""Where the report's figures are kept between requests, and how they are brought up to date."""

from __future__ import annotations

import uuid

from django.core.cache import cache

from hemis.questionnaires.models import (
    Campaign,
)
from hemis.questionnaires.report.figures import Figures, compute, update

CACHE_SECONDS = 24 * 3600


# The figures kept between requests.
#
# Each process keeps its own copy of the figures of the campaigns it read last, and updates it
# reply by reply: reading figures back from the shared cache means unpickling them, and storing
# them pickling them, each tens of milliseconds at world scale. The shared cache holds figures
# for processes that have none (a new worker), stored when every reply was counted and again
# when they fall STORE_AFTER generations behind. An epoch beside them, set when they are first
# stored, says that a process's copy still belongs with them: clearing the cache (or `forget`)
# drops every process's copy too. A copy is replaced, never changed, so a thread holding one is
# never surprised.
_HELD: dict[int, tuple[str, Figures]] = {}


_HELD_AT_MOST = 4


STORE_AFTER = 20


def cache_key(campaign_id: int) -> str:
    return f"questionnaires:report-figures:{campaign_id}"


def _epoch_key(campaign_id: int) -> str:
    # "<epoch> <generation of the figures stored>"
    return f"questionnaires:report-figures-epoch:{campaign_id}"


def figures_for(campaign: Campaign) -> Figures:
    """The report's figures as of the campaign's current report generation.

    This process's copy when no reply changed since; otherwise that copy (or, without one, the
    figures in the shared cache) brought up to date reply by reply; failing both, every reply
    counted.
    """
    # Read before the replies: a submission committed in between is then counted under an
    # older generation, and counted again (no change) at the next read, never missed.
    generation = (
        Campaign.objects.filter(pk=campaign.pk).values_list("report_generation", flat=True).first()
    ) or 0
    campaign.report_generation = generation
    epoch, _space, stored = (cache.get(_epoch_key(campaign.pk)) or "").partition(" ")
    held = _HELD.get(campaign.pk)
    base = None
    if epoch and held is not None and held[0] == epoch and held[1].generation <= generation:
        if held[1].generation == generation:
            return held[1]
        base = held[1].copy()
    elif epoch and int(stored) <= generation:
        base = cache.get(cache_key(campaign.pk))  # a fresh object: no copy needed
    if base is None:
        figures = compute(campaign)
        epoch = uuid.uuid4().hex
        _store(campaign.pk, epoch, figures)
    else:
        figures = update(campaign, base)
        if figures.generation - int(stored) >= STORE_AFTER:
            _store(campaign.pk, epoch, figures)
    _HELD.pop(campaign.pk, None)
    while len(_HELD) >= _HELD_AT_MOST:
        del _HELD[next(iter(_HELD))]
    _HELD[campaign.pk] = (epoch, figures)
    return figures


def _store(campaign_id: int, epoch: str, figures: Figures) -> None:
    cache.set_many(
        {
            cache_key(campaign_id): figures,
            _epoch_key(campaign_id): f"{epoch} {figures.generation}",
        },
        CACHE_SECONDS,
    )


def forget(campaign_id: int) -> None:
    """Drop the campaign's figures from the cache and from this process (the next read counts
    every reply)."""
    _HELD.pop(campaign_id, None)
    cache.delete_many([cache_key(campaign_id), _epoch_key(campaign_id)])
