from django.conf import settings
from django.urls import translate_url
from django.utils.functional import SimpleLazyObject
from django_otp import user_has_device

from hemis.accounts import policy

LANGUAGE_NAMES = {"en": "English", "es": "Español", "fr": "Français", "pt": "Português"}


def layout(request):
    """What the base layout needs: the language switcher's links and the navigation's rights.

    Each is worked out only if a template reads it: a fragment that htmx swaps into the page
    (an autosaved answer, say) uses none of them, and pays for none.
    """
    user = getattr(request, "user", None)

    def two_factor_pending() -> bool:
        # Until two-factor sign-in is complete, links to other pages would only lead back to it.
        return bool(
            user is not None
            and user.is_authenticated
            and hasattr(user, "is_verified")
            and not user.is_verified()
            and (user.requires_two_factor or user_has_device(user, confirmed=True))
        )

    def language_links() -> list[dict[str, str]]:
        path = request.get_full_path()
        return [
            {"code": code, "url": translate_url(path, code), "name": LANGUAGE_NAMES[code]}
            for code, _name in settings.LANGUAGES
        ]

    pending = SimpleLazyObject(two_factor_pending)
    return {
        "language_links": SimpleLazyObject(language_links),
        "nav_two_factor_pending": pending,
        "nav_can_manage_users": SimpleLazyObject(
            lambda: not pending and policy.can_manage_users(user)
        ),
        "nav_can_view_audit": SimpleLazyObject(
            lambda: not pending and policy.can_view_audit_log(user)
        ),
    }
