"""Issue 8: every API operation and page × every persona, with the outcome the rules call for.

The table is ROUTES (table_api, table_pages, table_admin); the routes are discovered from
the URL configuration, so a new endpoint without an entry fails here, with an entry to paste.
Each test is one route as one persona: the status (or redirect), then who sees the consumer's
phone in full, then, for lists, whose objects are listed.
"""

from __future__ import annotations

import json

import pytest

from .discovery import compare, discover, skeleton
from .matrix import PERSONAS, TODO, Ref, Route
from .runner import content_of, described, matches, request_as
from .table_admin import ADMIN_ROUTES
from .table_api import API_ROUTES
from .table_pages import PAGE_ROUTES

ROUTES: list[Route] = [*API_ROUTES, *PAGE_ROUTES, *ADMIN_ROUTES]


def _cases():
    for entry in ROUTES:
        for persona in PERSONAS:
            reason = entry.xfail.get(persona)
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            yield pytest.param(entry, persona, marks=marks,
                               id=f"{entry.method} {entry.path}[{persona}]")


def test_every_route_has_an_entry_and_every_entry_a_route():
    needed, served = discover()
    missing, stale = compare(needed, served, ROUTES)
    keys = [r.key for r in ROUTES]
    doubled = sorted({k for k in keys if keys.count(k) > 1})
    problems = []
    if missing:
        problems.append("Routes without an entry — paste into tests/security/table_*.py (TODO and "
                        "Ref from .matrix) and fill in every TODO from the product's rules:\n"
                        + "\n".join(skeleton(found) for found in missing))
    if stale:
        problems.append("Entries whose route no longer exists (remove them):\n"
                        + "\n".join(f"    {r.method} {r.path}" for r in stale))
    if doubled:
        problems.append(f"Entries given twice: {doubled}")
    assert not problems, "\n\n".join(problems)


@pytest.mark.django_db
@pytest.mark.parametrize(("entry", "persona"), list(_cases()))
def test_route_answers_each_persona_as_the_rules_say(world, entry: Route, persona: str):
    expected = entry.expect[persona]
    assert expected is not TODO, f"{entry.method} {entry.path}: fill in the outcome for {persona}"
    response = request_as(world, entry, persona)
    content = content_of(response)
    assert matches(expected, response), (
        f"{entry.method} {entry.path} as {persona}: expected {expected!r}, "
        f"got {described(response, content)}")

    shows_phone = bool(world.phone_pattern().search(content))
    sees_phone = persona in entry.phone
    assert shows_phone == sees_phone, (
        f"{entry.method} {entry.path} as {persona}: the consumer's phone is "
        + ("shown in full where it must be masked" if shows_phone else "missing or masked"))

    if entry.reveals:
        marker, who = entry.reveals
        text = str(world.value(Ref(marker)))
        listed = any(form in content for form in (text.encode(), json.dumps(text)[1:-1].encode()))
        assert listed == (persona in who), (
            f"{entry.method} {entry.path} as {persona}: {marker} "
            + ("is shown to someone who may not see it" if listed else "is missing"))

