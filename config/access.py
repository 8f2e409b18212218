"""Access to the back-office pages: regulators (and administrators) only."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

# Regulators hold this permission through the "regulators" group; administrators hold all.
REGULATOR_PERMISSION = "geo.view_division"


def regulator_required(view):
    """Anonymous users are sent to the login page; other logged-in users get 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.has_perm(REGULATOR_PERMISSION):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
