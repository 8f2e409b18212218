"""Pages: dashboard (stub written by the lead; its helper fills it in)."""

app_name = "dashboard"
urlpatterns: list = []
