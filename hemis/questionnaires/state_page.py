"""The questionnaires' section of a state's page: its replies to open campaigns, with dates."""

from __future__ import annotations

from hemis.questionnaires import access, selectors
from hemis.questionnaires.models import Campaign, Invitation, Reply


def panel(request, state) -> dict | None:
    user = request.user
    if not access.can_read_campaigns(user):
        return None
    invitations = list(
        Invitation.objects.filter(campaign__status=Campaign.Status.OPEN, state=state)
        .select_related("campaign__questionnaire")
        .order_by("campaign__deadline")
    )
    if not invitations:
        return None
    replies = {
        r.campaign_id: r
        for r in Reply.objects.filter(state=state, campaign__in=[i.campaign for i in invitations])
    }
    rows = []
    for invitation in invitations:
        reply = replies.get(invitation.campaign_id)
        full = access.can_read_reply_in_full(user, state)
        rows.append(
            {
                "invitation": invitation,
                "campaign": invitation.campaign,
                "status": access.reply_status_for_user(user, state, reply),
                "days_left": selectors.days_left(invitation),
                "link": full or bool(reply and access.can_read_shared(user, reply)),
            }
        )
    return {"template": "questionnaires/state_panel.html", "state": state, "rows": rows}
