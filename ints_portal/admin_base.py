"""What every back-office screen shares, for the three pillars."""

import logging

from django.contrib import admin, messages
from django.db import models
from django.http import HttpResponseRedirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from ints_portal.storage import STORAGE_ERRORS

logger = logging.getLogger(__name__)

# Django's French catalogue builds « Modification de %s » and « Supprimer les %s sélectionnés »
# whatever the noun: « Modification de évaluation », « les ressources sélectionnés ». Our titles
# know each model's gender instead. Masculine is the default; inclusive names (with « · ») take
# both forms.
FEMININE = {
    "auth.Permission",
    "hautes_etudes.Application",
    "hautes_etudes.Attachment",
    "hautes_etudes.Edition",
    "hautes_etudes.Review",
    "hautes_etudes.Session",
    "research.CallApplication",
    "research.CallAttachment",
    "research.CallReview",
    "research.ContractOffer",
    "research.Publication",
    "resources.CareerBridge",
    "resources.DataPoint",
    "resources.Organisation",
    "resources.Practice",
    "resources.Resource",
    "resources.ResourceStat",
    "resources.RncpCode",
    "resources.SearchEntry",
    "resources.Subscription",
    "resources.Theme",
}
VOWELS = "aeiouyàâéèêëîïôùûœ"
# Per gender: "of the" (before a consonant), "a", "of a", and the agreement of "selected".
FORMS = {
    "masculine": (_lazy("du %s"), _lazy("un %s"), _lazy("d'un %s"), _lazy("sélectionnés")),
    "feminine": (_lazy("de la %s"), _lazy("une %s"), _lazy("d'une %s"), _lazy("sélectionnées")),
    "inclusive": (
        _lazy("du ou de la %s"),
        _lazy("un ou une %s"),
        _lazy("d'un ou d'une %s"),
        _lazy("sélectionné·es"),
    ),
}


def french_names(opts):
    """The model's name with its articles and agreements, for titles and action labels."""
    name, plural = str(opts.verbose_name), str(opts.verbose_name_plural)
    gender = "feminine" if opts.label in FEMININE else "masculine"
    if "·" in name:
        gender = "inclusive"
    of_the, a, of_a, selected = (str(form) for form in FORMS[gender])
    of_the = (_("de l'%s") if name[:1].lower() in VOWELS else of_the) % name
    a, of_a = a % name, of_a % name
    return {
        "add": _("Ajout %s") % of_a,
        "change": _("Modification %s") % of_the,
        "view": _("Consultation %s") % of_the,
        "add_button": _("Ajouter %s") % a,
        "choose_to_change": _("Choisir %s à modifier") % a,
        "choose_to_view": _("Choisir %s à consulter") % a,
        "delete_selected": _("Supprimer les %(plural)s %(selected)s")
        % {"plural": plural, "selected": selected},
    }


class BaseAdmin(admin.ModelAdmin):
    """Save buttons on top, paginated lists, French titles, and a hook for eager loading."""

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

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        names = french_names(self.opts)
        if add:
            context["title"] = names["add"]
        elif self.has_change_permission(request, obj):
            context["title"] = names["change"]
        else:
            context["title"] = names["view"]
        return super().render_change_form(request, context, add, change, form_url, obj)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """A file that the storage (the bucket) refuses or cannot take: a message, not a 500.

        The admin saves in a transaction of its own, rolled back here: nothing is changed."""
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except STORAGE_ERRORS:
            if request.method != "POST" or not request.FILES:
                raise
            logger.exception("A file of %s could not be stored", self.opts.label)
            messages.error(
                request,
                _(
                    "Le fichier n'a pas pu être enregistré : le stockage des fichiers est "
                    "momentanément indisponible. Rien n'a été modifié ; réessayez dans "
                    "quelques minutes."
                ),
            )
            return HttpResponseRedirect(request.get_full_path())

    def changelist_view(self, request, extra_context=None):
        names = french_names(self.opts)
        title = (
            names["choose_to_change"]
            if self.has_change_permission(request)
            else names["choose_to_view"]
        )
        context = {"title": title, "add_label": names["add_button"], **(extra_context or {})}
        return super().changelist_view(request, context)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if "delete_selected" in actions:
            func, name, _description = actions["delete_selected"]
            description = french_names(self.opts)["delete_selected"]
            actions["delete_selected"] = (func, name, description.replace("%", "%%"))
        return actions
