"""URLs of the registry: the public pages and the management pages, each in its own module."""

from iecommons.registry.views.manage import urlpatterns as manage_urlpatterns
from iecommons.registry.views.public import urlpatterns as public_urlpatterns

app_name = "registry"
urlpatterns = [*public_urlpatterns, *manage_urlpatterns]
