from django.urls import path

from iecommons.desk import views

app_name = "desk"
urlpatterns = [
    path("", views.home, name="home"),
    path("digest", views.digest_choose, name="digest_choose"),
]
