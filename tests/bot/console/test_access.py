"""Who may use which console route: every route walked as anonymous, operator and supervisor;
CSRF on every POST; lockout after repeated failed logins; cookies and headers of the pages."""

from __future__ import annotations

import pytest
from starlette.routing import Mount, Route

from bot.console.users import OPERATOR, SUPERVISOR
from tests.bot.console.conftest import PASSWORD, ConsoleSite

CID = "web:abcdefgh1234"
PUBLIC, OP, SUP = "public", OPERATOR, SUPERVISOR
#: Every console route and who may use it. A route missing here fails the first test.
MATRIX: dict[tuple[str, str], str] = {
    ("GET", "/console/login"): PUBLIC,
    ("POST", "/console/login"): PUBLIC,
    ("GET", "/console/static"): PUBLIC,
    ("GET", "/console/language"): PUBLIC,  # the language switch: sets a cookie, goes back
    ("GET", "/console"): OP,
    ("GET", "/console/live"): OP,
    ("GET", "/console/password"): OP,
    ("POST", "/console/password"): OP,
    ("GET", "/console/c/{cid}"): OP,
    ("GET", "/console/c/{cid}/live"): OP,
    ("POST", "/console/c/{cid}/take"): OP,
    ("POST", "/console/c/{cid}/say"): OP,
    ("POST", "/console/c/{cid}/hand-back"): OP,
    ("POST", "/console/c/{cid}/close"): OP,
    ("POST", "/console/c/{cid}/notes"): OP,
    ("POST", "/console/c/{cid}/labels"): OP,
    ("POST", "/console/c/{cid}/labels/remove"): OP,
    ("GET", "/console/export"): SUP,
    ("GET", "/console/analytics"): SUP,
    ("GET", "/console/analytics.csv"): SUP,
    ("GET", "/console/audit"): SUP,
    ("GET", "/console/users"): SUP,
    ("POST", "/console/users"): SUP,
    ("POST", "/console/logout"): OP,  # last: it ends the session
}


def console_routes(site: ConsoleSite) -> set[tuple[str, str]]:
    web = site.gateway.app.other_asgi_app
    found = set()
    for route in web.routes:
        if isinstance(route, Mount) and route.path.startswith("/console"):
            found.add(("GET", route.path))
        elif isinstance(route, Route) and route.path.startswith("/console"):
            found.update((method, route.path) for method in route.methods or () if method != "HEAD")
    return found


def concrete(path: str) -> str:
    return path.replace("{cid}", CID).replace("/console/static", "/console/static/console.css")


def form_for(path: str, csrf: str) -> dict[str, str]:
    extra = {
        "/console/c/{cid}/say": {"text": "Hello"},
        "/console/c/{cid}/notes": {"text": "Called back"},
        "/console/c/{cid}/labels": {"label": "cv"},
        "/console/c/{cid}/labels/remove": {"label": "cv"},
        "/console/users": {"username": "newbie", "role": OPERATOR},
        "/console/password": {"current": "wrong", "new": "x", "repeat": "x"},
    }
    return {"csrf_token": csrf, **extra.get(path, {})}


def test_the_matrix_names_every_console_route(site):
    assert console_routes(site) == set(MATRIX)


def test_anonymous_callers_reach_only_the_public_routes(site):
    outcomes, expected = {}, {}
    with site.client() as client:
        client.cookies.set("orienta_console", "forged-or-expired")
        for (method, path), needed in MATRIX.items():
            response = client.request(method, concrete(path), data={"csrf_token": "x"} if method == "POST" else None)
            outcomes[(method, path)] = (response.status_code, response.headers.get("location"))
            if path == "/console/language":
                expected[(method, path)] = (303, "/console")
            elif needed == PUBLIC:  # the login POST refuses the made-up CSRF token
                expected[(method, path)] = (403, None) if method == "POST" else (200, None)
            else:
                expected[(method, path)] = (303, "/console/login") if method == "GET" else (403, None)
    assert outcomes == expected


@pytest.mark.parametrize("role", [OPERATOR, SUPERVISOR])
def test_operators_reach_operator_routes_and_only_supervisors_reach_supervisor_routes(site, role):
    site.add_user("someone", role)
    client = site.login("someone")
    csrf = site.csrf(client)
    outcomes = {}
    for (method, path), needed in MATRIX.items():
        if method == "POST" and needed != PUBLIC:
            response = client.post(concrete(path), data=form_for(path, csrf))
        elif needed != PUBLIC:
            response = client.get(concrete(path))
        else:
            continue
        # Logging out sends one to the login page too, as it should; elsewhere that means "log in first".
        sent_to_login = response.headers.get("location") == "/console/login" and path != "/console/logout"
        denied = response.status_code == 403 or sent_to_login
        outcomes[(method, path)] = denied
    expected = {key: (MATRIX[key] == SUP and role == OPERATOR) for key in outcomes}
    assert outcomes == expected


@pytest.mark.parametrize("token", [None, "", "wrong-token"])
def test_a_post_without_the_sessions_csrf_token_is_refused_and_changes_nothing(site, token):
    site.add_user("eva", OPERATOR)
    client = site.login("eva")
    data = {} if token is None else {"csrf_token": token}
    response = client.post(f"/console/c/{CID}/take", data=data)
    assert response.status_code == 403
    assert "CSRF" in response.text
    assert site.rasa.appended == {}


def test_another_sessions_csrf_token_is_refused(site):
    site.add_user("eva", OPERATOR)
    first, second = site.login("eva"), site.login("eva")
    response = first.post(f"/console/c/{CID}/take", data={"csrf_token": site.csrf(second)})
    assert response.status_code == 403


def test_the_login_form_needs_its_own_csrf_token(site):
    site.add_user("eva", OPERATOR)
    with site.client() as client:
        response = client.post("/console/login", data={"username": "eva", "password": PASSWORD})
    assert response.status_code == 403
    assert "orienta_console=" not in response.headers.get("set-cookie", "")


def test_repeated_wrong_passwords_lock_the_account_even_against_the_right_one(site):
    site.add_user("eva", OPERATOR)
    with site.client() as client:
        for _ in range(5):
            assert site.post_login(client, "eva", "guess " * 3).status_code == 401
        locked = site.post_login(client, "eva", PASSWORD)
    assert locked.status_code == 429
    assert "Too many failed attempts" in locked.text
    assert "orienta_console=" not in locked.headers.get("set-cookie", "")


def test_the_lock_also_holds_for_other_usernames_from_the_same_address(site):
    site.add_user("olof", OPERATOR)
    with site.client() as client:
        for number in range(5):
            site.post_login(client, f"guess{number}", "guess " * 3)
        assert site.post_login(client, "olof", PASSWORD).status_code == 429


def test_failed_and_successful_logins_are_in_the_audit_log(site):
    site.add_user("boss", SUPERVISOR)
    with site.client() as client:
        site.post_login(client, "boss", "not the password")
    client = site.login("boss")
    page = client.get("/console/audit").text
    assert "login_failed" in page and ">login<" in page


def test_the_session_cookie_is_httponly_samesite_lax_and_scoped_to_the_console(site):
    site.add_user("eva", OPERATOR)
    with site.client() as client:
        response = site.post_login(client, "eva", PASSWORD)
    cookie = next(c for c in response.headers.get_list("set-cookie") if c.startswith("orienta_console="))
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/console" in cookie
    assert "Secure" not in cookie  # served over http here; https gets Secure


def test_console_pages_may_not_be_framed_or_cached(site):
    with site.client() as client:
        response = client.get("/console/login")
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert response.headers["cache-control"] == "no-store"


def test_logging_out_ends_the_session_for_every_copy_of_the_cookie(site):
    site.add_user("eva", OPERATOR)
    client = site.login("eva")
    stolen = dict(client.cookies)
    client.post("/console/logout", data={"csrf_token": site.csrf(client)})
    with site.client() as other:
        other.cookies.update(stolen)
        assert other.get("/console").headers["location"] == "/console/login"


def test_a_one_time_password_must_be_changed_before_anything_else(site):
    site.add_user("eva", OPERATOR, must_change=True)
    client = site.login("eva")
    assert client.get("/console").headers["location"] == "/console/password"
    csrf = site.csrf(client)
    assert client.post(f"/console/c/{CID}/take", data={"csrf_token": csrf}).status_code == 403
    changed = client.post(
        "/console/password",
        data={"csrf_token": csrf, "current": PASSWORD, "new": "my very own password", "repeat": "my very own password"},
    )
    assert changed.status_code == 303
    assert client.get("/console").status_code == 200
