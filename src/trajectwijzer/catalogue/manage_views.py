from django.http import HttpResponse


def programme_list(request):  # replaced by the provider-admin forms work
    return HttpResponse("manage")
