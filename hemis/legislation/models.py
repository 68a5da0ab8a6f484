"""The database of domestic laws: laws of member states and the provisions in them.

A law is published (everyone reads it) or, while a state coordinator's proposal awaits the
Secretariat, proposed (or rejected); only published laws are searchable by the public.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hemis.core.models import MemberState, ThematicArea, TranslatedNameMixin


class LawKind(models.TextChoices):
    CONSTITUTION = "constitution", _("Constitution")
    CODE = "code", _("Code")
    LAW = "law", _("Law")
    DECREE = "decree", _("Decree")
    REGULATION = "regulation", _("Regulation")


class LawStatus(models.TextChoices):
    """Whether the law is in force: the law's own status, not its publication in hemis."""

    IN_FORCE = "in_force", _("In force")
    AMENDED = "amended", _("Amended")
    REPEALED = "repealed", _("Repealed")


class Publication(models.TextChoices):
    """Where a law stands in hemis: official data only are published."""

    PROPOSED = "proposed", _("Proposed, awaiting validation")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected")


class Instrument(models.TextChoices):
    UNTOC = "untoc", _("UNTOC")
    TIP = "tip", _("Trafficking in Persons Protocol")
    SOM = "som", _("Smuggling of Migrants Protocol")
    FIREARMS = "firearms", _("Firearms Protocol")


class ConventionArticle(TranslatedNameMixin):
    """An article of UNTOC or of one of its Protocols that a provision may implement."""

    code = models.SlugField(_("code"), max_length=20, unique=True)
    instrument = models.CharField(_("instrument"), max_length=10, choices=Instrument.choices)
    number = models.PositiveSmallIntegerField(_("article number"))

    class Meta:
        ordering = ["instrument", "number"]
        verbose_name = _("convention article")
        verbose_name_plural = _("convention articles")

    @property
    def label(self) -> str:
        return f"{self.get_instrument_display()} {self.number}: {self.name}"


class CrossCuttingIssue(TranslatedNameMixin):
    """An issue that cuts across crime types: liability of legal persons, jurisdiction, …"""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("cross-cutting issue")
        verbose_name_plural = _("cross-cutting issues")


class Law(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    state = models.ForeignKey(
        MemberState, on_delete=models.PROTECT, related_name="+", verbose_name=_("state")
    )
    title = models.CharField(_("title in the original language"), max_length=500)
    title_en = models.CharField(_("title in English"), max_length=500, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=LawKind.choices)
    enacted_on = models.DateField(_("enacted on"), null=True, blank=True)
    amended_on = models.DateField(_("last amended on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=LawStatus.choices, default=LawStatus.IN_FORCE
    )
    language = models.CharField(_("language"), max_length=3, default="en")
    source_url = models.URLField(_("official source"), max_length=500, blank=True)
    gazette_reference = models.CharField(
        _("official gazette reference"), max_length=300, blank=True
    )
    full_text_url = models.URLField(_("full text (link)"), max_length=500, blank=True)
    full_text_file = models.FileField(
        _("full text (file)"), upload_to="laws/", max_length=300, blank=True
    )
    publication = models.CharField(
        _("publication"),
        max_length=10,
        choices=Publication.choices,
        default=Publication.PUBLISHED,
        db_index=True,
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_note = models.TextField(_("note from the Secretariat"), blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["state__name_en", "-enacted_on", "title"]
        verbose_name = _("law")
        verbose_name_plural = _("laws")
        indexes = [models.Index(fields=["publication", "state"])]

    def __str__(self) -> str:
        return self.title

    @property
    def public_key(self) -> str:
        return str(self.public_id)

    @property
    def is_published(self) -> bool:
        return self.publication == Publication.PUBLISHED


class Provision(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    law = models.ForeignKey(
        Law, on_delete=models.CASCADE, related_name="provisions", verbose_name=_("law")
    )
    article = models.CharField(_("article reference"), max_length=100)
    text = models.TextField(_("text of the extract"))
    position = models.PositiveIntegerField(_("position"), default=0)
    thematic_areas = models.ManyToManyField(
        ThematicArea, blank=True, related_name="+", verbose_name=_("thematic areas")
    )
    convention_articles = models.ManyToManyField(
        ConventionArticle,
        blank=True,
        related_name="+",
        verbose_name=_("UNTOC and Protocol articles implemented"),
    )
    cross_cutting_issues = models.ManyToManyField(
        CrossCuttingIssue, blank=True, related_name="+", verbose_name=_("cross-cutting issues")
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    # What a search filters, counts and orders by, copied from the law and from the tags above
    # by the services (services.copy_search_values), so that a search reads the provision's row
    # alone: no join to the law, the state or the tag tables (decision 0026).
    published = models.BooleanField(default=False, editable=False)
    state_code = models.CharField(max_length=3, blank=True, editable=False)
    language = models.CharField(max_length=3, blank=True, editable=False)
    law_status = models.CharField(max_length=10, blank=True, editable=False)
    law_kind = models.CharField(max_length=20, blank=True, editable=False)
    enacted_on = models.DateField(null=True, blank=True, editable=False)
    year = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    # The tags as "facet:code" ("area:drugs", "article:untoc-5", "issue:jurisdiction"): one
    # list, so that a search counts the three tag facets in one pass.
    tag_codes = models.JSONField(default=list, blank=True, editable=False)

    class Meta:
        ordering = ["law", "position", "id"]
        verbose_name = _("provision")
        verbose_name_plural = _("provisions")
        constraints = [
            models.UniqueConstraint(fields=["law", "article"], name="provision_article_once")
        ]

    def __str__(self) -> str:
        return f"{self.law.title}, {self.article}"

    @property
    def public_key(self) -> str:
        return str(self.public_id)
