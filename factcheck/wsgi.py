import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")

django_application = get_wsgi_application()

from annotations.api.middleware import CharsetGuard  # noqa: E402  (needs the settings above)

application = CharsetGuard(django_application)
