"""The permission matrix: the admin (back office) as one family.

Its index and one changelist per registered model; a complaint's own page for the personal-data
rule. Rules: only staff accounts enter (everyone else is sent to the admin's login: the consumer,
and business staff, who work in /business/); regulators read the registry, the gazetteer and the
三包 tables they keep (complaints/services/regulators.py) and the complaints of their area (the
admin's answer for one outside it is its "no such object" redirect to the index); accounts, keys,
notifications, holiday schedules, the fraud records (regulators work them in /fraud/) and the job
queues are for administrators only (403). Complaint lists mask the consumer; a complaint's own
page shows the phone in full to staff with jurisdiction.
"""

from __future__ import annotations

from .matrix import ADMIN_INDEX, ADMIN_LOGIN, WITH_JURISDICTION, Ref, expect, route

OUTSIDERS = {"anonymous": ADMIN_LOGIN, "consumer": ADMIN_LOGIN, "manufacturer_a": ADMIN_LOGIN,
             "manufacturer_b": ADMIN_LOGIN}
REGULATORS_READ = expect(200, **OUTSIDERS)
ADMINS_ONLY = expect(403, **OUTSIDERS, admin=200)

# app_label/model_name -> who reads its changelist
CHANGELISTS = {
    "auth/group": ADMINS_ONLY,
    "auth/user": ADMINS_ONLY,
    "complaints/complaint": REGULATORS_READ,
    "complaints/entitlementcategory": REGULATORS_READ,
    "complaints/entitlementruleset": REGULATORS_READ,
    "complaints/entitlementtablechange": REGULATORS_READ,
    "complaints/holidayyear": ADMINS_ONLY,
    "complaints/notification": ADMINS_ONLY,
    "complaints/regulatorprofile": ADMINS_ONLY,
    "django_rq/dashboard": ADMINS_ONLY,
    "geo/division": REGULATORS_READ,
    "platform/loginfailure": ADMINS_ONLY,
    "platform/outboxjob": ADMINS_ONLY,
    "platform/totpdevice": ADMINS_ONLY,
    "service_net/apikey": ADMINS_ONLY,
    "service_net/authorization": REGULATORS_READ,
    "service_net/brand": REGULATORS_READ,
    "service_net/category": REGULATORS_READ,
    "service_net/changerecord": REGULATORS_READ,
    "service_net/fraudobservation": ADMINS_ONLY,
    "service_net/fraudwarning": ADMINS_ONLY,
    "service_net/manufacturer": REGULATORS_READ,
    "service_net/manufacturerconfirmation": ADMINS_ONLY,
    "service_net/manufacturerstaff": ADMINS_ONLY,
    "service_net/outlet": REGULATORS_READ,
    "service_net/suspect": ADMINS_ONLY,
    "service_net/warningappeal": ADMINS_ONLY,
}
# The complaint list names no consumer in full, and lists A's complaint to its regulators only.
REVEALS = {"complaints/complaint": ("tracking_business", WITH_JURISDICTION)}

ADMIN_ROUTES = [
    route("GET", "/admin/", REGULATORS_READ),
    *(route("GET", f"/admin/{model}/", who, reveals=REVEALS.get(model))
      for model, who in CHANGELISTS.items()),
    # django_rq's pages beyond its dashboard: a queue's jobs (with their arguments) and emptying it.
    route("GET", "/admin/django_rq/dashboard/queues/{queue_index}/", ADMINS_ONLY,
          params={"queue_index": 0}),
    route("GET", "/admin/django_rq/dashboard/queues/{queue_index}/empty/", ADMINS_ONLY,
          params={"queue_index": 0}),
    route("GET", "/admin/complaints/complaint/{object_id}/change/",
          expect(200, **OUTSIDERS, other_county_regulator=ADMIN_INDEX),
          params={"object_id": Ref("complaint_business_id")}, phone=WITH_JURISDICTION),
]
