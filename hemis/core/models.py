"""Reference data every module shares: subregions, member states, thematic areas, the audit log."""

from __future__ import annotations

import datetime as dt
import unicodedata
from functools import lru_cache

from babel import Locale
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

LANGUAGE_CODES = ("en", "es", "fr", "pt")


def current_language() -> str:
    """The active interface language, reduced to one of hemis's four."""
    code = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return code if code in LANGUAGE_CODES else settings.LANGUAGE_CODE


class TranslatedNameMixin(models.Model):
    """Reference data named in the four interface languages, in the project's own data."""

    name_en = models.CharField(_("name (English)"), max_length=200)
    name_es = models.CharField(_("name (Spanish)"), max_length=200)
    name_fr = models.CharField(_("name (French)"), max_length=200)
    name_pt = models.CharField(_("name (Portuguese)"), max_length=200)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    def name_in(self, language: str) -> str:
        return getattr(self, f"name_{language}", "") or self.name_en

    @property
    def name(self) -> str:
        return self.name_in(current_language())


class Subregion(TranslatedNameMixin):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("subregion")
        verbose_name_plural = _("subregions")


class ThematicArea(TranslatedNameMixin):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("thematic area")
        verbose_name_plural = _("thematic areas")


@lru_cache(maxsize=8)
def _territory_names(language: str) -> dict[str, str]:
    return dict(Locale.parse(language).territories)


def name_sort_key(name: str) -> str:
    """The key that sorts names as a reader expects: accents and capitals aside ("États-Unis"
    among the E's, not after "Venezuela")."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def state_name(iso2: str, name_en: str, language: str) -> str:
    """A state's name in `language`.

    English keeps the short name the OAS uses ("Saint Kitts and Nevis"); CLDR's English names
    abbreviate ("St. Kitts & Nevis"). The other languages come from the CLDR.
    """
    if language == "en":
        return name_en
    return _territory_names(language).get(iso2, name_en)


class MemberState(models.Model):
    """A member state; its Spanish, French and Portuguese names come from the CLDR via babel."""

    iso3 = models.CharField(_("ISO 3166 alpha-3 code"), max_length=3, unique=True)
    iso2 = models.CharField(_("ISO 3166 alpha-2 code"), max_length=2, unique=True)
    name_en = models.CharField(_("English short name"), max_length=120)
    subregion = models.ForeignKey(
        Subregion, on_delete=models.PROTECT, related_name="states", verbose_name=_("subregion")
    )

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("member state")
        verbose_name_plural = _("member states")

    def __str__(self) -> str:
        return self.name

    def name_in(self, language: str) -> str:
        return state_name(self.iso2, self.name_en, language)

    @property
    def name(self) -> str:
        return self.name_in(current_language())

    def participation_on(self, day: dt.date) -> Participation | None:
        for period in self.participations.all():
            if period.covers(day):
                return period
        return None

    def is_participating(self, day: dt.date | None = None) -> bool:
        return self.participation_on(day or timezone.localdate()) is not None


class Language(models.Model):
    """A language (ISO 639-1) in which officials work; its name comes from the CLDR."""

    code = models.CharField(_("ISO 639-1 code"), max_length=3, unique=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("language")
        verbose_name_plural = _("languages")

    def __str__(self) -> str:
        return self.name

    def name_in(self, language: str) -> str:
        return Locale.parse(language).languages.get(self.code, self.code)

    @property
    def name(self) -> str:
        return self.name_in(current_language())


class Participation(models.Model):
    """A period during which a member state takes part in the OAS's work."""

    state = models.ForeignKey(MemberState, on_delete=models.CASCADE, related_name="participations")
    starts = models.DateField(_("starts"), null=True, blank=True)
    ends = models.DateField(_("ends"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["state", "starts"]
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(starts__isnull=True)
                | models.Q(ends__isnull=True)
                | models.Q(ends__gt=models.F("starts")),
                name="participation_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.state_id}: {self.starts or '…'} – {self.ends or '…'}"

    def covers(self, day: dt.date) -> bool:
        return (self.starts is None or self.starts <= day) and (
            self.ends is None or day < self.ends
        )


class AuditEvent(models.Model):
    """Who changed what, when, with old and new values; written only by services."""

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    actor_email = models.EmailField(_("who (e-mail)"), blank=True)
    action = models.CharField(_("action"), max_length=60, db_index=True)
    object_type = models.CharField(_("object type"), max_length=60, db_index=True)
    object_id = models.CharField(_("object"), max_length=64, db_index=True)
    object_repr = models.CharField(_("object name"), max_length=255, blank=True)
    state = models.ForeignKey(
        MemberState,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("state"),
    )
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [models.Index(fields=["object_type", "object_id", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_email} {self.action} {self.object_repr}"

    @property
    def by_system(self) -> bool:
        """Written by hemis itself (a migration, the demo, a command), not by a person."""
        return self.actor_id is None and (
            not self.actor_email or self.actor_email.startswith("hemis:")
        )

    @property
    def who(self) -> str:
        """Who made the change, as a history lists it."""
        if self.by_system:
            return str(_("hemis (system)"))
        return self.actor_email or "—"
