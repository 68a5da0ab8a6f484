from django.conf import settings
from django.urls import translate_url
from django_otp import user_has_device

from hemis.accounts import policy


def layout(request):
    """What the base layout needs: the language switcher's links and the navigation's rights."""
    path = request.get_full_path()
    user = getattr(request, "user", None)
    # Until two-factor sign-in is complete, links to other pages would only lead back to it.
    pending = bool(
        user is not None
        and user.is_authenticated
        and hasattr(user, "is_verified")
        and not user.is_verified()
        and (user.requires_two_factor or user_has_device(user, confirmed=True))
    )
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
        "nav_two_factor_pending": pending,
        "nav_can_manage_users": not pending and policy.can_manage_users(user),
        "nav_can_view_audit": not pending and policy.can_view_audit_log(user),
    }
