"""Pages: console (stub written by the lead; its helper fills it in)."""

app_name = "console"
urlpatterns: list = []
