from django.conf import settings


def navigation(request):
    """Values every page layout needs: languages for the switcher, the current path."""
    return {"available_languages": settings.LANGUAGES, "current_path": request.get_full_path()}
