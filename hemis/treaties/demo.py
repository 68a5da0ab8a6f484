"""Demo additions to the real treaty status: reservations with designated authorities for three
states, written as fictional examples so that no one mistakes them for the depositary's record.

The real reference file is loaded by migration; this only adds text to three of its records,
through the same service (so the additions appear in each record's history).
"""

from __future__ import annotations

from hemis.accounts.actors import SYSTEM
from hemis.core.models import MemberState
from hemis.treaties import services
from hemis.treaties.models import Instrument, TreatyRecord

MARK = "DEMO (fictional example): "

DEMO = {
    ("UNTOC", "JAM"): {
        "reservations": MARK + "declaration under article 35(3): the state does not consider "
        "itself bound by article 35(2) (settlement of disputes by the International Court of "
        "Justice).",
        "designated_authorities": MARK + "central authority for mutual legal assistance "
        "(article 18(13)): Ministry of Justice, Kingston.",
    },
    ("UNTOC", "MEX"): {
        "reservations": MARK + "interpretative declaration on article 5 (criminalization of "
        "participation in an organized criminal group).",
        "designated_authorities": MARK + "central authority for mutual legal assistance "
        "(article 18(13)) and for extradition (article 16): Fiscalía General de la República.",
    },
    ("UNTOC_TIP", "CHL"): {
        "reservations": "",
        "designated_authorities": MARK + "authority to receive requests for assistance under "
        "article 8 (repatriation of victims): Ministerio de Relaciones Exteriores.",
    },
}


def load(*, stdout=None) -> None:
    """Add the demo text to three records; a second run changes nothing."""
    changed = 0
    for (code, iso3), values in DEMO.items():
        instrument = Instrument.objects.get(code=code)
        state = MemberState.objects.get(iso3=iso3)
        record = TreatyRecord.objects.filter(instrument=instrument, state=state).first()
        current = services.record_snapshot(record)
        data = {
            name: getattr(record, name) if record else current[name]
            for name in services.RECORD_FIELDS
        }
        data.update(values)
        result = services.record_save(
            actor=SYSTEM,
            instrument=instrument,
            state=state,
            version=record.version if record else 0,
            data=data,
            require_consulted=False,
            system=True,
        )
        changed += bool(result.changes or result.created)
    if stdout is not None and changed:
        stdout.write(
            f"Treaty status: demo reservations and designated authorities on {changed} records "
            "(marked “DEMO”)."
        )
