"""Where a member of staff lands after logging in: regulators on the console, business staff on
their complaints, anyone else on the home page (a `next` parameter still wins)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect

from config.access import REGULATOR_PERMISSION


@login_required
def staff_home(request):
    if request.user.has_perm(REGULATOR_PERMISSION):
        return redirect("console:queue")
    if hasattr(request.user, "manufacturer_staff"):
        return redirect("business:list")
    return redirect("/")
