"""The reviewer's workbench: ``trustcheck serve AUDIT_DIR``, a local web application.

``workbench`` reads the audit folder into the queue, verdicts, member matrix and disagreements;
``sources`` shows evidence where it sits (PDF page images with highlights, or the section);
``security`` holds the CSP, CSRF tokens and host checks; ``app`` is the Starlette application
(:func:`create_app`) and ``server`` runs it with uvicorn (:func:`serve_audit`).
"""
