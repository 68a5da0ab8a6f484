"""The directory of national points of contact: authorities and the contact points in them."""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hemis.core.models import Language, MemberState, ThematicArea


class Function(models.TextChoices):
    """A contact point's function in the cooperation network."""

    TOC_CONTACT = "toc_contact", _("National point of contact on transnational organized crime")
    MLA_CENTRAL_AUTHORITY = (
        "mla_central_authority",
        _("Central authority for mutual legal assistance"),
    )
    EXTRADITION = "extradition", _("Extradition authority")
    TRAFFICKING_IN_PERSONS = "trafficking_in_persons", _("Trafficking-in-persons authority")
    CIFTA = "cifta", _("CIFTA point of contact")
    FIU = "fiu", _("Financial intelligence unit contact")
    CYBERCRIME = "cybercrime", _("Cybercrime or CSIRT contact")
    FORENSICS = "forensics", _("Forensic investigation")
    PENITENTIARY = "penitentiary", _("Penitentiary policy")
    OTHER = "other", _("Other")


class AuthorityKind(models.TextChoices):
    MINISTRY = "ministry", _("Ministry")
    PROSECUTOR = "prosecutor", _("Prosecutor's office")
    POLICE = "police", _("Police")
    FIU = "fiu", _("Financial intelligence unit")
    CUSTOMS = "customs", _("Customs")
    MIGRATION = "migration", _("Migration")
    JUDICIARY = "judiciary", _("Judiciary")
    CSIRT = "csirt", _("CSIRT")
    OTHER = "other", _("Other")


class TriState(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    UNKNOWN = "unknown", _("Not stated")


class EntryStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    REPLACED = "replaced", _("Replaced")
    RETIRED = "retired", _("Retired")


class VersionedEntry(models.Model):
    """A directory entry edited by several people: `version` detects concurrent edits."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    state = models.ForeignKey(MemberState, on_delete=models.PROTECT, verbose_name=_("state"))
    status = models.CharField(
        _("status"), max_length=10, choices=EntryStatus.choices, default=EntryStatus.ACTIVE
    )
    language = models.CharField(
        _("language of the text"),
        max_length=3,
        default="en",
        help_text=_("The language in which the names and notes of this entry are written."),
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True

    @property
    def public_key(self) -> str:
        return str(self.public_id)

    @property
    def is_active(self) -> bool:
        return self.status == EntryStatus.ACTIVE


class Authority(VersionedEntry):
    name = models.CharField(_("name"), max_length=300)
    name_en = models.CharField(_("name in English"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=AuthorityKind.choices)
    address = models.TextField(_("address"), blank=True)
    website = models.URLField(_("website"), blank=True)
    request_languages = models.ManyToManyField(
        Language,
        blank=True,
        related_name="+",
        verbose_name=_("languages in which it accepts requests"),
    )
    procedural_notes = models.TextField(
        _("procedural notes"),
        blank=True,
        help_text=_("How requests must be sent, formats, channels, time limits."),
    )
    palermo_legal_basis = models.CharField(
        _("accepts the Palermo Convention as legal basis"),
        max_length=10,
        choices=TriState.choices,
        default=TriState.UNKNOWN,
    )
    interpol_requests = models.CharField(
        _("accepts requests through INTERPOL"),
        max_length=10,
        choices=TriState.choices,
        default=TriState.UNKNOWN,
    )

    class Meta:
        ordering = ["state__name_en", "name"]
        verbose_name = _("authority")
        verbose_name_plural = _("authorities")

    def __str__(self) -> str:
        return self.name


class Contact(VersionedEntry):
    function = models.CharField(_("function"), max_length=30, choices=Function.choices)
    person_name = models.CharField(_("name of the person"), max_length=200, blank=True)
    office = models.CharField(
        _("office"), max_length=300, blank=True, help_text=_("For a contact that is an office.")
    )
    title = models.CharField(_("title or position"), max_length=300, blank=True)
    authority = models.ForeignKey(
        Authority,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contacts",
        verbose_name=_("authority"),
    )
    thematic_areas = models.ManyToManyField(
        ThematicArea, blank=True, related_name="+", verbose_name=_("thematic areas")
    )
    emails = models.JSONField(_("e-mail addresses"), default=list, blank=True)
    phones = models.JSONField(
        _("telephone numbers"), default=list, blank=True, help_text=_("Stored in E.164 form.")
    )
    languages = models.ManyToManyField(
        Language, blank=True, related_name="+", verbose_name=_("languages spoken")
    )
    availability = models.TextField(_("availability"), blank=True)
    last_confirmed_on = models.DateField(_("last confirmed"), default=dt.date.today)
    verified_at = models.DateTimeField(_("verified by the Secretariat"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    replaced_by = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="predecessors",
        verbose_name=_("replaced by"),
    )
    # Lower-cased, accent-free text of the searchable fields, kept by the services.
    search_text = models.TextField(blank=True, editable=False)

    class Meta:
        ordering = ["state__name_en", "function", "person_name"]
        verbose_name = _("contact point")
        verbose_name_plural = _("contact points")
        indexes = [
            models.Index(fields=["status", "state", "function"]),
            models.Index(fields=["status", "function"]),
            models.Index(fields=["status", "last_confirmed_on"]),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.person_name or self.office or str(self.get_function_display())

    def is_out_of_date(self, today: dt.date | None = None) -> bool:
        return self.last_confirmed_on < stale_before(today)


def stale_before(today: dt.date | None = None) -> dt.date:
    """Entries last confirmed before this date are out of date."""
    today = today or timezone.localdate()
    return today - dt.timedelta(days=settings.HEMIS_DIRECTORY_STALE_DAYS)


class Generation(models.Model):
    """One row whose `value` every directory write increases, in the write's transaction.

    Cached renderings of the directory (result pages, the stored PDF edition) are keyed on it,
    so a change is never hidden by a copy made before it, whatever the cache backend.
    """

    value = models.PositiveBigIntegerField(default=1)

    class Meta:
        verbose_name = _("directory generation")

    def __str__(self) -> str:
        return str(self.value)


class EditionStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to be prepared")
    RENDERING = "rendering", _("Being prepared")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class Edition(models.Model):
    """A stored PDF edition of the whole directory, for one interface language.

    It is valid for the directory generation and the day it was prepared for (the out-of-date
    marks depend on the date); a later request for the same language, generation and day reuses it.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    language = models.CharField(_("language"), max_length=7)
    generation = models.PositiveBigIntegerField()
    edition_date = models.DateField(_("date of the edition"))
    status = models.CharField(
        _("status"), max_length=10, choices=EditionStatus.choices, default=EditionStatus.QUEUED
    )
    parts_done = models.PositiveIntegerField(default=0)
    parts_total = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to="directory/editions/", blank=True)
    pages = models.PositiveIntegerField(default=0)
    size = models.PositiveIntegerField(default=0)
    seconds = models.FloatField(null=True, blank=True)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("PDF edition")
        constraints = [
            models.UniqueConstraint(
                fields=["language", "generation", "edition_date"], name="directory_edition_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.edition_date} {self.language} #{self.generation}"

    @property
    def public_key(self) -> str:
        return str(self.public_id)

    @property
    def percent(self) -> int:
        if self.status == EditionStatus.READY:
            return 100
        if not self.parts_total:
            return 0
        return min(99, round(100 * self.parts_done / self.parts_total))
