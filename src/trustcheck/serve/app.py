"""The reviewer's workbench as a Starlette application: pages, forms and page images.

Every page is plain HTML with forms that work without JavaScript; ``static/workbench.js`` only
adds keyboard shortcuts. Routes:

- ``GET /`` the queue, least certain first, filterable (``member``, ``element``, ``level``,
  ``status``, ``band``); ``GET /members`` the member x element matrix; ``GET /disagreements``
  the second reviews that differ from the decision in force;
- ``GET /verdict/{member}/{element}`` one verdict with its criteria and evidence, and
  ``POST`` to it a decision (accept, override) or a second review (agree, disagree);
- ``GET /page/{member}/{page}.png`` a PDF page of a member's report as the audit assessed it;
- ``POST /reviewer`` the name decisions are recorded under (kept in a cookie).

Members and elements are looked up in the audit (a URL can name nothing else), and decisions go
through :func:`~trustcheck.record_decision` to the audit's append-only log.
"""

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from trustcheck.audit.decisions import record_decision
from trustcheck.errors import AuditError
from trustcheck.render.common import level_class
from trustcheck.serve.security import (
    LOOPBACK_NAMES,
    REVIEWER_COOKIE,
    SESSION_COOKIE,
    SecurityHeaders,
    Tokens,
)
from trustcheck.serve.sources import Sources
from trustcheck.serve.workbench import STATUSES, Filters, QueueItem, Workbench

ACCEPT_REASON = "machine verdict confirmed"
"""The reason recorded when a reviewer accepts a verdict without writing one."""
ACTIONS = ("accept", "override", "agree", "disagree")
MAX_EVIDENCE_SHOWN = 6
"""Evidence items shown with their page or section (the rest are listed as quotes)."""


def _environment() -> Environment:
    folder = Path(str(files("trustcheck.serve").joinpath("templates")))
    env = Environment(
        loader=FileSystemLoader(folder),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["level_class"] = level_class
    env.filters["query"] = lambda pairs: ("?" + urlencode(pairs)) if pairs else ""
    return env


class WorkbenchApp:
    """The routes' shared state: the audit, the report sources, the templates, the tokens."""

    def __init__(self, audit_dir: Path, reviewer: str | None, tokens: Tokens) -> None:
        self.bench = Workbench(audit_dir)
        self.sources = Sources(self.bench.store)
        self.env = _environment()
        self.tokens = tokens
        self.reviewer = (reviewer or "").strip() or _default_reviewer()

    # ------------------------------------------------------------------ helpers

    def page(self, request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        session = request.cookies.get(SESSION_COOKIE) or ""
        fresh = not session
        if fresh:
            session = self.tokens.new_session()
        snap = self.bench.snapshot()
        html = self.env.get_template(name).render(
            csrf=self.tokens.token(session),
            reviewer=self._reviewer(request),
            framework=snap.audit.framework,
            levels=snap.audit.levels,
            **context,
        )
        response = HTMLResponse(html, status_code=status)
        if fresh:
            response.set_cookie(SESSION_COOKIE, session, httponly=True, samesite="strict")
        return response

    def _reviewer(self, request: Request) -> str:
        return (request.cookies.get(REVIEWER_COOKIE) or "").strip()[:80] or self.reviewer

    def error(self, request: Request, status: int, message: str) -> HTMLResponse:
        return self.page(request, "error.html.j2", status=status, message=message)

    def checked(self, request: Request, form: Any) -> bool:
        return self.tokens.valid(request.cookies.get(SESSION_COOKIE), form.get("csrf"))

    # ------------------------------------------------------------------ pages

    async def queue(self, request: Request) -> Response:
        filters = _filters(request.query_params)
        items = await run_in_threadpool(self.bench.filtered, filters)
        rows = self.bench.members()
        reviewed = sum(r.reviewed for r in rows)
        total = sum(r.total for r in rows)
        return self.page(
            request,
            "queue.html.j2",
            items=items,
            filters=filters,
            members=rows,
            statuses=STATUSES,
            bands=("low", "medium", "high"),
            reviewed=reviewed,
            total=total,
        )

    async def members(self, request: Request) -> Response:
        rows = await run_in_threadpool(self.bench.members)
        return self.page(request, "members.html.j2", rows=rows)

    async def disagreements(self, request: Request) -> Response:
        found = await run_in_threadpool(self.bench.disagreements)
        return self.page(request, "disagreements.html.j2", disagreements=found)

    async def verdict(self, request: Request) -> Response:
        slug = request.path_params["member"]
        element = request.path_params["element"]
        item = self.bench.item(slug, element)
        if item is None:
            return self.error(request, 404, f"no verdict {element!r} for member {slug!r}")
        return await self._verdict_page(request, item, _filters(request.query_params))

    async def _verdict_page(
        self,
        request: Request,
        item: QueueItem,
        filters: Filters,
        problem: str = "",
        status: int = 200,
    ) -> Response:
        before, after = self.bench.neighbours(item.slug, item.element.id, filters)
        snap = self.bench.snapshot()
        member = snap.members[item.slug]
        assessment = snap.assessments[item.slug]
        shown = await run_in_threadpool(self._evidence, item, assessment.document.format)
        done = self._done(request.query_params.get("done", ""))
        return self.page(
            request,
            "verdict.html.j2",
            status=status,
            item=item,
            spec=self.bench.framework_element(item.element.id),
            member=member,
            assessment=assessment,
            shown=shown,
            before=before,
            after=after,
            filters=filters,
            done=done,
            problem=problem,
            second_reviews=self.bench.second_reviews(item.slug, item.element.id),
        )

    def _done(self, key: str) -> dict[str, Any] | None:
        """The decision just recorded, with its member's scores now, for the banner."""
        slug, _, element = key.partition("/")
        item = self.bench.item(slug, element)
        if item is None:
            return None
        assessment = self.bench.snapshot().assessments[slug]
        return {"item": item, "assessment": assessment}

    def _evidence(self, item: QueueItem, fmt: str) -> list[dict[str, Any]]:
        record = self.bench.snapshot().members[item.slug].record
        shown: list[dict[str, Any]] = []
        for evidence in item.element.evidence[:MAX_EVIDENCE_SHOWN]:
            entry: dict[str, Any] = {"evidence": evidence, "views": (), "section": [], "note": ""}
            try:
                if fmt == "pdf":
                    views = self.sources.page_views(record, evidence.page, evidence.quote)
                    entry["views"] = views
                    if not any(view.boxes for view in views):
                        entry["note"] = "the quote could not be located on the page image"
                else:
                    entry["section"] = self.sources.section(record, evidence.passage_id)
            except AuditError as err:
                entry["note"] = str(err)
            shown.append(entry)
        return shown

    async def page_image(self, request: Request) -> Response:
        slug = request.path_params["member"]
        page = int(request.path_params["page"])
        member = self.bench.snapshot().members.get(slug)
        if member is None:
            return Response("no such member", status_code=404, media_type="text/plain")
        try:
            png = await run_in_threadpool(self.sources.page_png, member.record, page)
        except AuditError as err:
            return Response(str(err), status_code=404, media_type="text/plain")
        return Response(
            png, media_type="image/png", headers={"Cache-Control": "private, max-age=3600"}
        )

    # ------------------------------------------------------------------ decisions

    async def decide(self, request: Request) -> Response:
        form = await request.form()
        if not self.checked(request, form):
            return self.error(
                request,
                403,
                "this form is out of date or came from another page: reload and try again",
            )
        slug = request.path_params["member"]
        element = request.path_params["element"]
        item = self.bench.item(slug, element)
        if item is None:
            return self.error(request, 404, f"no verdict {element!r} for member {slug!r}")
        filters = _filters(form)
        action = str(form.get("action", ""))
        reviewer = " ".join(str(form.get("reviewer", "")).split())[:80] or self._reviewer(request)
        reason = " ".join(str(form.get("reason", "")).split())
        level = str(form.get("level", ""))
        decision = item.element.decision
        if action not in ACTIONS:
            return await self._refuse(request, item, filters, f"unknown action {action!r}")
        if action == "accept":
            level, reason = item.element.level, reason or ACCEPT_REASON
        elif action == "agree":
            if decision is None:
                return await self._refuse(
                    request, item, filters, "there is no decision to agree with"
                )
            level, reason = decision.level, reason or "agrees with the decision"
        if level not in self.bench.snapshot().audit.levels:
            return await self._refuse(request, item, filters, "choose a level")
        if not reason:
            return await self._refuse(request, item, filters, "write the reason for this level")
        second = action in ("agree", "disagree")
        if second and decision is not None and decision.reviewer == reviewer:
            return await self._refuse(
                request, item, filters, "a second review must come from another reviewer"
            )
        _, after = self.bench.neighbours(slug, element, filters)
        try:
            await run_in_threadpool(
                lambda: record_decision(
                    self.bench.root,
                    item.member,
                    element,
                    level=level,
                    reason=reason,
                    reviewer=reviewer,
                    kind="second-review" if second else "decision",
                )
            )
        except AuditError as err:
            return await self._refuse(request, item, filters, str(err))
        target = item if second or after is None else after
        query = {**filters.query(), "done": f"{slug}/{element}"}
        url = f"/verdict/{target.slug}/{target.element.id}?{urlencode(query)}"
        response = RedirectResponse(url, status_code=303)
        response.set_cookie(REVIEWER_COOKIE, reviewer, httponly=True, samesite="strict")
        return response

    async def _refuse(
        self, request: Request, item: QueueItem, filters: Filters, problem: str
    ) -> Response:
        return await self._verdict_page(request, item, filters, problem=problem, status=400)

    async def set_reviewer(self, request: Request) -> Response:
        form = await request.form()
        if not self.checked(request, form):
            return self.error(request, 403, "this form is out of date: reload and try again")
        name = " ".join(str(form.get("reviewer", "")).split())[:80]
        response = RedirectResponse(_safe_back(str(form.get("back", "/"))), status_code=303)
        if name:
            response.set_cookie(REVIEWER_COOKIE, name, httponly=True, samesite="strict")
        return response


def _filters(params: Any) -> Filters:
    def one(name: str) -> str:
        return str(params.get(name, "") or "")[:80]

    return Filters(one("member"), one("element"), one("level"), one("status"), one("band"))


def _safe_back(url: str) -> str:
    """Only a path on this server: never an absolute URL or a scheme-relative one."""
    if not url.startswith("/") or url.startswith("//") or "\\" in url:
        return "/"
    return url


def _default_reviewer() -> str:
    from trustcheck.audit.decisions import _default_reviewer as login

    return login()


def create_app(
    audit_dir: str | os.PathLike[str],
    *,
    reviewer: str | None = None,
    any_host: bool = False,
) -> Starlette:
    """The workbench for one audit folder, as an ASGI application (serve it with uvicorn).

    ``reviewer`` is the name decisions are recorded under until a reviewer types another one
    (default ``$TRUSTCHECK_REVIEWER`` or the login name). Requests must name a loopback host
    (``127.0.0.1``, ``localhost``, ``::1``) unless ``any_host``. Raises
    :class:`~trustcheck.AuditError` if ``audit_dir`` is not an audit folder.
    """
    state = WorkbenchApp(Path(audit_dir), reviewer, Tokens())
    static = Path(str(files("trustcheck.serve").joinpath("static")))
    routes = [
        Route("/", state.queue),
        Route("/members", state.members),
        Route("/disagreements", state.disagreements),
        Route("/verdict/{member:str}/{element:str}", state.verdict, methods=["GET"]),
        Route("/verdict/{member:str}/{element:str}", state.decide, methods=["POST"]),
        Route("/page/{member:str}/{page:int}.png", state.page_image),
        Route("/reviewer", state.set_reviewer, methods=["POST"]),
        Mount("/static", StaticFiles(directory=static), name="static"),
    ]
    middleware = [Middleware(SecurityHeaders, allowed_hosts=None if any_host else LOOPBACK_NAMES)]
    app = Starlette(routes=routes, middleware=middleware)
    app.state.workbench = state
    return app
