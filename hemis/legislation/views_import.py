"""The laws import page (Secretariat): upload a CSV or XLSX file, preview it, load it."""

from django.utils.translation import gettext_lazy as _

from hemis.accounts import policy
from hemis.core.views_import import ImportPage
from hemis.legislation import imports

import_view = ImportPage(
    importer=imports,
    may_import=policy.can_write_reference_data,
    file_label=_("File of laws"),
    template="legislation/import.html",
    url_name="legislation:import",
    done_url_name="legislation:index",
    done_message=_("The file %(name)s has been imported: %(summary)s."),
    session_key="legislation_import",
).as_view()
