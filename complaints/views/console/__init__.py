"""The regulator's console (监管端): triage queue, bulk decisions, the case view and its actions.

Regulators and administrators only (config.access.regulator_required); every page and action is
scoped by complaints_visible_to(user), and a case outside the scope is a 404 like a missing one.
"""
