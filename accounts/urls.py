from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("connexion/", views.sign_in, name="sign_in"),
    # /connexion/lien/: the emailed one-time link
    path("connexion/lien/", views.link_request, name="link_request"),
    path("connexion/lien/<str:token>/", views.link_confirm, name="link_confirm"),
    # /connexion/proconnect/: OpenID Connect (404 while INTS_OIDC_* are not set)
    path("connexion/proconnect/", views.ProConnectStart.as_view(), name="oidc_start"),
    path("connexion/proconnect/retour/", views.ProConnectCallback.as_view(), name="oidc_callback"),
    path("deconnexion/", views.SignOut.as_view(), name="sign_out"),
]
