# Alerts, feedback and counters (names in the `resources` namespace).
urlpatterns = []
