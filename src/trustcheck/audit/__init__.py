"""The yearly audit: many members' reports, reviewer decisions, year-over-year change, figures.

``runner`` assesses what a ``manifest`` lists into an audit folder (``store`` describes its
layout; ``fetch`` downloads URLs, ``cache`` skips unchanged documents); ``decisions`` keeps the
reviewers' append-only log; ``load`` reads an audit back with decisions beside the machine's
verdicts; ``diff`` compares two years and ``summary`` computes the coalition's figures, which
``exports``, ``charts`` and ``html`` publish. The public functions are re-exported from
:mod:`trustcheck` (``run_audit``, ``load_audit``, ``record_decision``, ``diff_audits``,
``summarise_audit``, ``publish_summary``); this package imports nothing itself, so loading one
of them does not load the HTTP client or the chart library.
"""
