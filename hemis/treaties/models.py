"""Treaty status: the instruments against transnational organized crime, and each member
state's record for each of them (signature, consent to be bound, reservations, the source)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hemis.core.models import MemberState, current_language


class Depositary(models.TextChoices):
    UN_SECRETARY_GENERAL = "un_sg", _("Secretary-General of the United Nations")
    OAS_GENERAL_SECRETARIAT = "oas_gs", _("General Secretariat of the OAS")
    COUNCIL_OF_EUROPE = "coe", _("Secretary General of the Council of Europe")


class RecordStatus(models.TextChoices):
    """What a source shows about a state and an instrument. `unknown` is not "not a party"."""

    PARTY = "party", _("Party")
    PARTY_DATE_UNKNOWN = "party_date_unknown", _("Party (date not known)")
    SIGNATORY = "signatory", _("Signatory")
    NOT_PARTY = "not_party", _("Not a party")
    UNKNOWN = "unknown", _("No information")


PARTY_STATUSES = (RecordStatus.PARTY, RecordStatus.PARTY_DATE_UNKNOWN)


class ConsentType(models.TextChoices):
    RATIFICATION = "ratification", _("Ratification")
    ACCESSION = "accession", _("Accession")
    ACCEPTANCE = "acceptance", _("Acceptance")
    APPROVAL = "approval", _("Approval")
    SUCCESSION = "succession", _("Succession")


class Instrument(models.Model):
    """A convention or protocol, titled in the four languages."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title_en = models.CharField(_("title (English)"), max_length=400)
    title_es = models.CharField(_("title (Spanish)"), max_length=400)
    title_fr = models.CharField(_("title (French)"), max_length=400)
    title_pt = models.CharField(_("title (Portuguese)"), max_length=400)
    short_en = models.CharField(_("short title (English)"), max_length=80)
    short_es = models.CharField(_("short title (Spanish)"), max_length=80)
    short_fr = models.CharField(_("short title (French)"), max_length=80)
    short_pt = models.CharField(_("short title (Portuguese)"), max_length=80)
    adopted_on = models.DateField(_("adopted on"))
    depositary = models.CharField(_("depositary"), max_length=10, choices=Depositary.choices)
    depositary_reference = models.CharField(
        _("depositary reference"),
        max_length=40,
        blank=True,
        help_text=_("The instrument's number in the depositary's records, for example XVIII-12."),
    )
    depositary_url = models.URLField(_("depositary's status page"), max_length=300, blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="protocols",
        verbose_name=_("parent instrument"),
    )

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")

    def __str__(self) -> str:
        return self.short

    @property
    def public_key(self) -> str:
        return self.code

    def title_in(self, language: str) -> str:
        return getattr(self, f"title_{language}", "") or self.title_en

    def short_in(self, language: str) -> str:
        return getattr(self, f"short_{language}", "") or self.short_en

    @property
    def title(self) -> str:
        return self.title_in(current_language())

    @property
    def short(self) -> str:
        return self.short_in(current_language())


class TreatyRecord(models.Model):
    """One state's status for one instrument, with the source of each fact.

    A pair without a record is "no information", like a record whose status is `unknown`.
    """

    instrument = models.ForeignKey(
        Instrument, on_delete=models.PROTECT, related_name="records", verbose_name=_("instrument")
    )
    state = models.ForeignKey(
        MemberState,
        on_delete=models.PROTECT,
        related_name="treaty_records",
        verbose_name=_("state"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=RecordStatus.choices, default=RecordStatus.UNKNOWN
    )
    signature_date = models.DateField(_("signature"), null=True, blank=True)
    consent_type = models.CharField(
        _("consent to be bound"), max_length=20, choices=ConsentType.choices, blank=True
    )
    consent_date = models.DateField(_("date of consent to be bound"), null=True, blank=True)
    reservations = models.TextField(_("reservations and declarations"), blank=True)
    designated_authorities = models.TextField(
        _("authorities designated"),
        blank=True,
        help_text=_("The authorities the state designates in its declarations or notifications."),
    )
    note = models.TextField(_("note"), blank=True)
    source = models.TextField(
        _("source"),
        blank=True,
        help_text=_("A web address or a document symbol; separate several with “ | ”."),
    )
    source_consulted_on = models.DateField(_("source consulted on"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["instrument__order", "state__name_en"]
        verbose_name = _("treaty record")
        verbose_name_plural = _("treaty records")
        constraints = [
            models.UniqueConstraint(fields=["instrument", "state"], name="one_record_per_pair")
        ]
        indexes = [models.Index(fields=["state", "instrument"])]

    def __str__(self) -> str:
        return f"{self.instrument.code} · {self.state.iso3}"

    @property
    def public_key(self) -> str:
        return f"{self.instrument.code}:{self.state.iso3}"

    @property
    def is_party(self) -> bool:
        return self.status in PARTY_STATUSES

    @property
    def sources(self) -> list[str]:
        return [part.strip() for part in self.source.split("|") if part.strip()]
