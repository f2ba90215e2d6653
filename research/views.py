from django.shortcuts import render

from resources.models import Resource


def home(request):
    """Research support home: for now, the research outputs held in the resource centre."""
    studies = (
        Resource.objects.published()
        .filter(resource_type__slug__in=["etude", "rapport", "these", "memoire", "article"])
        .for_list()[:6]
    )
    return render(request, "research/home.html", {"studies": studies})
