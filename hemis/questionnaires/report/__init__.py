"""The live preliminary report of a campaign, as a package by part:

- `figures`: what the report counts, from each reply's last submitted revision;
- `store`: the figures kept between requests and brought up to date reply by reply;
- `data`: the figures labelled for one reader (`ReportData`), which every output reads;
- `charts`: the charts' specifications; `text`: the wording the files share;
- `annex`, `pdf`, `docx`, `xlsx`: the files.

The figures' names are also here (`report.figures_for(campaign)`), as callers read them.
"""

from hemis.questionnaires.report.figures import (
    CHOICE_KINDS,
    LISTED_KINDS,
    Figures,
    QuestionFigures,
    StateReply,
    answers_of,
    changes_since,
    compute,
    reply_statuses,
    response_rate,
    states_by_id,
    subregions,
    update,
    visible_states,
)
from hemis.questionnaires.report.store import STORE_AFTER, cache_key, figures_for, forget

__all__ = [
    "CHOICE_KINDS",
    "LISTED_KINDS",
    "STORE_AFTER",
    "Figures",
    "QuestionFigures",
    "StateReply",
    "answers_of",
    "cache_key",
    "changes_since",
    "compute",
    "figures_for",
    "forget",
    "reply_statuses",
    "response_rate",
    "states_by_id",
    "subregions",
    "update",
    "visible_states",
]
