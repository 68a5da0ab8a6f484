from django.conf import settings
from django.urls import translate_url

from hemis.accounts import policy


def layout(request):
    """What the base layout needs: the language switcher's links and the navigation's rights."""
    path = request.get_full_path()
    user = getattr(request, "user", None)
    return {
        "language_links": [
            {
                "code": code,
                "url": translate_url(path, code),
                "name": {"en": "English", "es": "Español", "fr": "Français", "pt": "Português"}[
                    code
                ],
            }
            for code, _name in settings.LANGUAGES
        ],
        "nav_can_manage_users": policy.can_manage_users(user),
        "nav_can_view_audit": policy.can_view_audit_log(user),
    }
