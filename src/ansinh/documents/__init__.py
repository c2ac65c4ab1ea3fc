"""Official documents: the Nghị định 30/2020 administrative format, PDF/DOCX/XLSX rendering, signing.

The rendering and signing core (``nd30``, ``html``, ``pdf``, ``docx``, ``spreadsheet``, ``qr``, ``pki``,
``signing``) is pure Python and imports nothing from Django; the persistence and the public verification
page live beside it in the Django app modules.
"""
