from django.shortcuts import render


def home(request):
    return render(request, "hautes_etudes/home.html")
