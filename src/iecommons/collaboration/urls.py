"""URLs of the collaboration area, under /collaboration/."""

from django.urls import path

from iecommons.collaboration.views import bookings, communication, resources

app_name = "collaboration"
urlpatterns = [
    path("notifications/", bookings.notifications, name="notifications"),
    path("notifications/<int:pk>/read/", bookings.notification_read, name="notification_read"),
    path("notifications/read-all/", bookings.notifications_read_all, name="notifications_read_all"),
    path("c/<int:community_id>/", resources.community_home, name="community_home"),
    # resources
    path("c/<int:community_id>/resources/", resources.resource_list, name="resource_list"),
    path("c/<int:community_id>/resources/new/", resources.resource_create, name="resource_create"),
    path("resources/<int:pk>/", resources.resource_detail, name="resource_detail"),
    path("resources/<int:pk>/edit/", resources.resource_edit, name="resource_edit"),
    path("resources/<int:pk>/withdraw/", resources.resource_withdraw, name="resource_withdraw"),
    path("resources/<int:pk>/windows/", resources.window_add, name="window_add"),
    path("windows/<int:pk>/remove/", resources.window_remove, name="window_remove"),
    path("resources/<int:pk>/closures/", resources.closure_add, name="closure_add"),
    path("resources/<int:pk>/book/", bookings.booking_request, name="booking_request"),
    # bookings
    path("bookings/", bookings.booking_mine, name="booking_mine"),
    path("bookings/requests/", bookings.booking_to_decide, name="booking_to_decide"),
    path("bookings/<int:pk>/", bookings.booking_detail, name="booking_detail"),
    path("bookings/<int:pk>/approve/", bookings.booking_approve, name="booking_approve"),
    path("bookings/<int:pk>/decline/", bookings.booking_decline, name="booking_decline"),
    path("bookings/<int:pk>/cancel/", bookings.booking_cancel, name="booking_cancel"),
    path("bookings/<int:pk>/usage/", bookings.booking_usage, name="booking_usage"),
    # communication
    path(
        "c/<int:community_id>/announcements/",
        communication.announcement_list,
        name="announcement_list",
    ),
    path(
        "c/<int:community_id>/announcements/new/",
        communication.announcement_create,
        name="announcement_create",
    ),
    path("announcements/<int:pk>/", communication.announcement_detail, name="announcement_detail"),
    path("c/<int:community_id>/threads/", communication.thread_list, name="thread_list"),
    path("c/<int:community_id>/threads/new/", communication.thread_create, name="thread_create"),
    path("threads/<int:pk>/", communication.thread_detail, name="thread_detail"),
    path("c/<int:community_id>/documents/", communication.document_list, name="document_list"),
    path(
        "c/<int:community_id>/documents/new/",
        communication.document_create,
        name="document_create",
    ),
    path("documents/<int:pk>/", communication.document_detail, name="document_detail"),
    path(
        "documents/versions/<int:pk>/download/",
        communication.document_download,
        name="document_download",
    ),
    path("c/<int:community_id>/meetings/", communication.meeting_list, name="meeting_list"),
    path("c/<int:community_id>/meetings/new/", communication.meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/", communication.meeting_detail, name="meeting_detail"),
]
