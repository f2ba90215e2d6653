"""Which editors hear of a proposal: those whose EditorScope follows its territory (a region
covers its départements) or one of its themes (editorial.registry.set_editors_finder)."""

from django.db.models import Q

from editorial.notifications import editors
from resources.models import Territory


def editors_for(obj, kind):
    territory_ids, theme_ids = set(), set()
    if kind.territory_path:
        ids = kind.model._default_manager.filter(pk=obj.pk).values_list(
            kind.territory_path, flat=True
        )
        territory_ids = {pk for pk in ids if pk}
        territory_ids |= set(
            Territory.objects.filter(pk__in=territory_ids, parent__isnull=False).values_list(
                "parent_id", flat=True
            )
        )
    if kind.theme_path:
        ids = kind.model._default_manager.filter(pk=obj.pk).values_list(kind.theme_path, flat=True)
        theme_ids = {pk for pk in ids if pk}
    if not territory_ids and not theme_ids:
        return []
    return editors().filter(
        Q(editor_scope__territories__in=territory_ids) | Q(editor_scope__themes__in=theme_ids)
    )
