from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from resources.models import Territory
from resources.territories import chooser, queries, sections


def territory_list(request):
    """The régions, each with its départements: one query."""
    departements = Territory.objects.departements().select_related("parent").order_by("code")
    regions = {}
    for departement in departements:
        regions.setdefault(departement.parent, []).append(departement)
    ordered = sorted(regions.items(), key=lambda item: item[0].name)
    return render(
        request,
        "resources/territories/territory_list.html",
        {"regions": ordered, "form": chooser.ChooserForm()},
    )


def territory_detail(request, slug):
    territory = queries.territory_for_page(slug)
    if territory is None:
        raise Http404(_("Ce territoire n'existe pas."))
    scope = sections.Scope(territory)
    return render(
        request,
        "resources/territories/territory_detail.html",
        {
            "territory": territory,
            "departements": queries.children_of(territory),
            "events": queries.upcoming_events(scope),
            "schools": queries.schools(scope),
            "diplomas": queries.diplomas(scope),
            "practices": queries.practices(scope),
            "resources": queries.resources(scope),
            "sections": sections.for_scope(scope),
            "figures": queries.key_figures(territory),
        },
    )


def choose(request):
    """« Mon territoire »: straight to the territory found, else the choices or the error."""
    form = chooser.ChooserForm(request.GET if "lieu" in request.GET else None)
    answer = None
    if form.is_valid():
        answer = chooser.find(form.cleaned_data["lieu"])
        if answer.territory is not None:
            return redirect("resources:territory_detail", answer.territory.slug)
        if answer.error:
            form.add_error("lieu", answer.error)
    return render(
        request,
        "resources/territories/choose.html",
        {"form": form, "choices": answer.choices if answer else []},
    )
