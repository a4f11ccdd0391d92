"""The yearly audit: many members' reports, reviewer decisions, year-over-year change, figures.

``runner`` assesses what a ``manifest`` lists into an audit folder (``store`` describes its
layout; ``fetch`` downloads URLs, ``cache`` skips unchanged documents); ``decisions`` keeps the
reviewers' append-only log, and ``review`` applies it: final levels and scores recomputed by the
framework's roll-up, the machine's beside them, and manual assessments for reports that could
not be read. ``load`` reads an audit back with decisions applied; ``diff`` compares two years
and ``mileposts`` counts the members that advanced per category; ``summary`` computes the
coalition's figures, which ``exports`` (CSV, XLSX, JSON), ``charts`` and ``html`` publish;
``member_exports`` writes members' assessments in any output format; ``gates`` and ``tables``
serve the command line. The public functions are re-exported from :mod:`trustcheck`
(``run_audit``, ``load_audit``, ``record_decision``, ``apply_review``, ``diff_audits``,
``summarise_audit``, ``publish_summary``); this package imports nothing itself, so loading one
of them does not load the HTTP client or the chart library.
"""
