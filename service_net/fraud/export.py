"""A suspect's evidence bundle for enforcement: JSON (one document) or CSV (one line per item).

Holds what was seen about the outlet (observations with their case references), the reasons,
the manufacturers' answers, warnings, appeals (the appellant's phone masked) and the whole record.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime

from django.core.serializers.json import DjangoJSONEncoder

from ..models import Suspect
from ..rules.phones import format_phone
from . import presenters, selectors

CSV_COLUMNS = ("kind", "at", "ref", "actor", "summary", "data")


def evidence_bundle(suspect: Suspect, *, at: datetime) -> dict:
    return {
        "exported_at": at,
        "suspect": {**presenters.suspect_summary(suspect), "state": suspect.state,
                    "areas": [{"county": a.county_id, "why": a.why}
                              for a in suspect.areas.order_by("why", "county_id")]},
        "reasons": presenters.reasons(suspect),
        "observations": [presenters.observation_dict(o)
                         for o in selectors.suspect_observations(suspect)],
        "confirmations": [{**presenters.confirmation_dict(c), "suspect": suspect.pk,
                           "requested_by": c.requested_by.get_username(),
                           "answered_by": c.answered_by}
                          for c in selectors.suspect_confirmations(suspect)],
        "warnings": [{**presenters.warning_dict(w), "published_by": w.published_by.get_username(),
                      "withdrawn_at": w.withdrawn_at, "withdrawn_reason": w.withdrawn_reason}
                     for w in selectors.suspect_warnings(suspect)],
        "appeals": [{"id": a.pk, "warning": a.warning_id, "appellant": a.appellant,
                     "contact": presenters.masked_contact(a.contact), "grounds": a.grounds,
                     "filed_at": a.filed_at, "decision": a.decision, "decided_at": a.decided_at,
                     "reason": a.reason} for a in selectors.suspect_appeals(suspect)],
        "events": [{"at": e.at, "action": e.action, "actor": e.actor, "from": e.from_state,
                    "to": e.to_state, "note": e.note, "data": e.data}
                   for e in suspect.events.order_by("at", "id")],
    }


def bundle_json(bundle: dict) -> str:
    return json.dumps(bundle, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


def _dumps(value) -> str:
    return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False) if value else ""


def _csv_lines(bundle: dict):
    s = bundle["suspect"]
    yield ("suspect", s["last_seen_at"], format_phone(s["phone"]), "",
           f"score {s['score']}; {s['complaint_count']} complaints; {s['lookup_count']} lookups",
           {k: s[k] for k in ("names", "brands", "addresses", "state", "areas")})
    for r in bundle["reasons"]:
        yield ("reason", "", r["code"], "", r["text"], {"weight": r["weight"], "basis": r["basis"],
                                                         "refs": r.get("refs", [])})
    for o in bundle["observations"]:
        yield ("observation", o["at"], f"{o['source']}:{o['ref']}", "",
               " · ".join(filter(None, (o["name"], o["phone_raw"], o["brand"], o["address"]))), o)
    for c in bundle["confirmations"]:
        yield ("confirmation", c["requested_at"], c["brand"], c["requested_by"],
               c["answer"] or "pending", {k: c[k] for k in ("question", "answered_at", "note")})
    for w in bundle["warnings"]:
        yield ("warning", w["published_at"], str(w["id"]), w["published_by"], w["text_zh"],
               {"withdrawn_at": w["withdrawn_at"], "withdrawn_reason": w["withdrawn_reason"]})
    for a in bundle["appeals"]:
        yield ("appeal", a["filed_at"], str(a["id"]), a["appellant"], a["grounds"],
               {k: a[k] for k in ("contact", "decision", "decided_at", "reason")})
    for e in bundle["events"]:
        yield ("event", e["at"], e["action"], e["actor"], e["note"], e["data"])


def _cell(text: str) -> str:
    """Typed text that a spreadsheet would run as a formula is quoted (CSV injection)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def bundle_csv(bundle: dict) -> str:
    """CSV with a UTF-8 BOM so that spreadsheet programs read the Chinese right."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for kind, at, ref, actor, summary, data in _csv_lines(bundle):
        when = at.isoformat() if isinstance(at, datetime) else (at or "")
        writer.writerow((kind, when, _cell(ref), _cell(actor), _cell(summary or ""), _dumps(data)))
    return "\ufeff" + out.getvalue()
