"""What every back-office screen shares, for the three pillars."""

import json
import logging

from django.contrib import admin, messages
from django.db import models
from django.http import HttpResponseRedirect
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from core.storage import STORAGE_ERRORS

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
    "research.FieldQuestion",
    "research.Publication",
    "research.QuestionEvent",
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
# Per gender: "the" (before a consonant) and the ending of a past participle.
DEFINITE = {
    "masculine": (_lazy("le %s"), ""),
    "feminine": (_lazy("la %s"), "e"),
    "inclusive": (_lazy("le ou la %s"), "·e"),
}


def french_names(opts):
    """The model's name with its articles and agreements, for titles and action labels."""
    name, plural = str(opts.verbose_name), str(opts.verbose_name_plural)
    gender = "feminine" if opts.label in FEMININE else "masculine"
    if "·" in name:
        gender = "inclusive"
    of_the, a, of_a, selected = (str(form) for form in FORMS[gender])
    the, ending = str(DEFINITE[gender][0]), DEFINITE[gender][1]
    elided = name[:1].lower() in VOWELS
    of_the = (_("de l'%s") if elided else of_the) % name
    the = capfirst((_("l'%s") if elided and gender != "inclusive" else the) % name)
    a, of_a = a % name, of_a % name
    return {
        # « L'évaluation « X » a été modifiée. » (Django: « L'objet évaluation … modifié »)
        "added": the + " « %s » " + _("a été ajouté%s.") % ending,
        "changed": the + " « %s » " + _("a été modifié%s.") % ending,
        "deleted": the + " « %s » " + _("a été supprimé%s.") % ending,
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

    # Django's own confirmation after a save says « L'objet évaluation « X » a été modifié avec
    # succès » whatever the noun: ours names the object with its article and agreement.
    def response_add(self, request, obj, post_url_continue=None):
        request._ints_saved = ("added", str(obj))
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        request._ints_saved = ("changed", str(obj))
        return super().response_change(request, obj)

    def response_delete(self, request, obj_display, obj_id):
        request._ints_saved = ("deleted", str(obj_display))
        return super().response_delete(request, obj_display, obj_id)

    def message_user(self, request, message, level=messages.INFO, *args, **kwargs):
        saved = getattr(request, "_ints_saved", None)
        if saved is not None and level == messages.SUCCESS:
            request._ints_saved = None
            kind, obj = saved
            message = french_names(self.opts)[kind] % obj
        return super().message_user(request, message, level, *args, **kwargs)

    def get_inline_formsets(self, request, formsets, inline_instances, obj=None):
        """The inlines' « add another » link in French with its article (Django writes
        « Ajouter un objet Membre du comité assigné supplémentaire »)."""
        inline_formsets = super().get_inline_formsets(request, formsets, inline_instances, obj)
        for inline_formset in inline_formsets:
            inline_formset.inline_formset_data = _french_add_text(inline_formset)
        return inline_formsets

    def get_actions(self, request):
        actions = super().get_actions(request)
        if "delete_selected" in actions:
            func, name, _description = actions["delete_selected"]
            description = french_names(self.opts)["delete_selected"]
            actions["delete_selected"] = (func, name, description.replace("%", "%%"))
        return actions


def _french_add_text(inline_formset):
    """`inline_formset_data` with the inline's own `add_text`, or « Ajouter une ligne ».
    The inline's verbose name may differ in gender from its model's (« membre du comité
    assigné » shows reviews), so the inline says it rather than our model table."""
    original = inline_formset.inline_formset_data
    add_text = getattr(inline_formset.opts, "add_text", None) or _("Ajouter une ligne")

    def data():
        payload = json.loads(original())
        payload["options"]["addText"] = str(add_text)
        return json.dumps(payload)

    return data
