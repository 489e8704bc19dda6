"""Django's ``loaddata``, followed by a search reindex when catalogue rows were loaded.

The full-text index tables are not Django models, so a fixture (``dumpdata`` output, a
backup made that way) never holds them: without this step the restored catalogue is
complete and its search finds nothing. An app's command of the same name takes the
place of Django's own (as ``staticfiles`` does with ``runserver``).
"""

from __future__ import annotations

from django.core.management.commands import loaddata


class Command(loaddata.Command):
    help = loaddata.Command.help + " Rebuilds the catalogue search index afterwards."

    def handle(self, *fixture_labels, **options):
        super().handle(*fixture_labels, **options)
        if not any(model._meta.app_label == "catalogue" for model in self.models):
            return
        if self.using != "default":
            # The search backend works on the default connection.
            self.stderr.write(
                f"Catalogue rows loaded into database {self.using!r}: run "
                "`trajectwijzer catalogue reindex` with it as DATABASE_URL."
            )
            return
        from trajectwijzer.catalogue import search

        before, after = search.rebuild_search_index()
        if self.verbosity >= 1:
            self.stdout.write(
                f"Rebuilt the catalogue search index: {after.published} published "
                f"programmes indexed ({before.missing} were missing)."
            )
