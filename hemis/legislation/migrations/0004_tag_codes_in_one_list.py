from django.db import migrations, models

PREFIXES = {"area_codes": "area", "article_codes": "article", "issue_codes": "issue"}


def join_tag_codes(apps, schema_editor):
    """The three lists of 0003 as one list of "facet:code", which a search expands once."""
    Provision = apps.get_model("legislation", "Provision")
    batch = []
    for provision in Provision.objects.only("id", *PREFIXES).iterator(chunk_size=2000):
        provision.tag_codes = sorted(
            f"{facet}:{code}"
            for column, facet in PREFIXES.items()
            for code in getattr(provision, column) or []
        )
        batch.append(provision)
        if len(batch) == 2000:
            Provision.objects.bulk_update(batch, ["tag_codes"])
            batch = []
    Provision.objects.bulk_update(batch, ["tag_codes"])


class Migration(migrations.Migration):
    dependencies = [
        ("legislation", "0003_search_values_on_provision"),
    ]

    operations = [
        migrations.AddField(
            model_name="provision",
            name="tag_codes",
            field=models.JSONField(blank=True, default=list, editable=False),
        ),
        migrations.RunPython(join_tag_codes, migrations.RunPython.noop),
        migrations.RemoveField(model_name="provision", name="area_codes"),
        migrations.RemoveField(model_name="provision", name="article_codes"),
        migrations.RemoveField(model_name="provision", name="issue_codes"),
    ]
