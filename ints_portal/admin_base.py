"""What every back-office screen shares, for the three pillars."""

from django.contrib import admin
from django.db import models


class BaseAdmin(admin.ModelAdmin):
    """Save buttons on top, paginated lists, and a hook for eager loading on change lists."""

    save_on_top = True
    list_per_page = 50
    show_full_result_count = False  # avoids a second COUNT(*) on large tables
    list_prefetch_related = ()
    # Links typed without a scheme are https ones (Django 6 default; silences its warning).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if self.list_prefetch_related:
            queryset = queryset.prefetch_related(*self.list_prefetch_related)
        return queryset
