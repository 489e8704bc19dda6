from django.http import Http404, HttpResponse


def search(request):  # replaced by the search work
    return HttpResponse("search")


def programme_detail(request, pk):
    raise Http404


def provider_detail(request, slug):
    raise Http404
