from django.urls import path

from iecommons.oversight import views

app_name = "oversight"

urlpatterns = [
    path("", views.open_data, name="open_data"),
    path("v<int:version>/<str:name>", views.open_data_file, name="open_data_file"),
]
