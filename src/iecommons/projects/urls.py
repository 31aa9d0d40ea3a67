"""URLs of joint projects."""

app_name = "projects"
urlpatterns: list = []
