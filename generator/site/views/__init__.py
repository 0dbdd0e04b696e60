"""One small view per page (or family of pages); importing this package registers them all."""

from generator.site.views import (  # noqa: F401  (registration)
    circulars,
    deadlines,
    home,
    places,
    posts,
    projects,
    reference,
    units,
)
