"""Pages: disclosure (stub written by the lead; its helper fills it in)."""

app_name = "disclosure"
urlpatterns: list = []
