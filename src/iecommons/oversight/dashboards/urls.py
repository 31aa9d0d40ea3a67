from django.urls import path, re_path

from iecommons.oversight.dashboards import views

app_name = "dashboards"

urlpatterns = [
    path("", views.public_dashboard, name="public"),
    path("supervise/", views.supervisor_home, name="supervisor_home"),
    path("supervise/national/", views.supervisor_dashboard, name="supervisor"),
    re_path(
        r"^supervise/(?P<code>[0-9]{6})/$", views.supervisor_dashboard, name="supervisor_region"
    ),
    re_path(r"^(?P<code>[0-9]{6})/$", views.public_dashboard, name="public_region"),
]
