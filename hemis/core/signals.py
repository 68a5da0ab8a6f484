"""Cached state lists are forgotten when reference data changes."""

from django.db.models.signals import post_delete, post_migrate, post_save
from django.dispatch import receiver

from hemis.core.models import MemberState, Participation, Subregion
from hemis.core.selectors import clear_state_cache


@receiver([post_save, post_delete], sender=MemberState)
@receiver([post_save, post_delete], sender=Participation)
@receiver([post_save, post_delete], sender=Subregion)
def _reference_data_changed(**kwargs):
    clear_state_cache()


@receiver(post_migrate)
def _migrated(**kwargs):
    clear_state_cache()
