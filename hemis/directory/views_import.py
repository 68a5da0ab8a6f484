"""The contact list import page (Secretariat): upload a CSV or XLSX list, preview it, load it."""

from django.utils.translation import gettext_lazy as _

from hemis.accounts import policy
from hemis.core.views_import import ImportPage
from hemis.directory import imports

import_view = ImportPage(
    importer=imports,
    may_import=policy.is_secretariat,
    file_label=_("Contact list"),
    template="directory/import.html",
    url_name="directory:import",
    done_url_name="directory:index",
    done_message=_("The list %(name)s has been imported: %(summary)s."),
    session_key="directory_import",
).as_view()
