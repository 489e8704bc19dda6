"""GDPR rights app by app: every app declares the personal data it holds in its
``privacy.py`` and can export and erase it (modelled on Moodle's privacy API)."""
