"""URLs of the tenant's company space, invitations and the public tenant directory (namespace "tenants")."""

from django.urls import path

from . import views

app_name = "tenants"

urlpatterns = [
    path("", views.my_company, name="mine"),
    path("directory/", views.directory, name="directory"),
    path("directory/<int:company_id>/", views.directory_detail, name="directory_detail"),
    path("directory/<int:company_id>/logo/", views.directory_logo, name="directory_logo"),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
    path("offers/", views.offer_list, name="offers"),
    path("offers/<int:offer_id>/", views.offer_detail, name="offer"),
    path("<int:company_id>/", views.company_detail, name="company"),
    path("<int:company_id>/edit/", views.company_edit, name="company_edit"),
    path("<int:company_id>/logo/", views.company_logo, name="company_logo"),
    path("<int:company_id>/team/", views.team, name="team"),
    path("<int:company_id>/team/leave/", views.team_leave, name="team_leave"),
    path("<int:company_id>/team/<int:member_id>/remove/", views.team_remove, name="team_remove"),
    path("<int:company_id>/team/<int:member_id>/role/", views.team_role, name="team_role"),
    path("<int:company_id>/invitations/<int:invitation_id>/withdraw/", views.invitation_withdraw,
         name="invitation_withdraw"),
    path("<int:company_id>/leases/<int:lease_id>/", views.lease_detail, name="lease"),
    path("<int:company_id>/leases/<int:lease_id>/summary.pdf", views.lease_summary, name="lease_summary"),
    path("<int:company_id>/leases/<int:lease_id>/renewal/", views.lease_renewal_request, name="lease_renewal"),
    path("<int:company_id>/leases/<int:lease_id>/relocation-proof/", views.lease_relocation_proof,
         name="lease_relocation_proof"),
    path("<int:company_id>/rooms/", views.rooms, name="rooms"),
    path("<int:company_id>/rooms/<int:room_id>/week/", views.room_week, name="room_week"),
    path("<int:company_id>/bookings/<int:booking_id>/cancel/", views.booking_cancel, name="booking_cancel"),
    path("<int:company_id>/indicators/", views.indicators, name="indicators"),
]
