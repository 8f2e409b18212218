"""Pages: business (stub written by the lead; its helper fills it in)."""

app_name = "business"
urlpatterns: list = []
