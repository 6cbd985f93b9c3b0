"""Web login, session cookie, CSRF, throttling, API tokens; on SQLite and PostgreSQL."""

from __future__ import annotations

import re

from sqlalchemy import select

from armsflow.auth.models import User

PASSWORD = "correct-horse-42"


def _login(client, username: str, password: str = PASSWORD):  # type: ignore[no-untyped-def]
    return client.post("/login", data={"username": username, "password": password},
                       follow_redirects=False)


def _csrf(client) -> str:  # type: ignore[no-untyped-def]
    html = client.get("/account").text
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def test_password_is_stored_as_argon2id(accounts, session_factory) -> None:  # type: ignore[no-untyped-def]
    with session_factory() as db:
        user = db.scalar(select(User).where(User.username == "analyst"))
        assert user is not None
        assert user.password_hash.startswith("$argon2id$")
        assert PASSWORD not in user.password_hash


def test_login_sets_secure_session_cookie(client, accounts) -> None:  # type: ignore[no-untyped-def]
    resp = _login(client, "analyst")
    assert resp.status_code == 303 and resp.headers["location"] == "/registry"
    cookie = resp.headers["set-cookie"]
    assert "armsflow_session=" in cookie and "HttpOnly" in cookie
    assert "samesite=lax" in cookie.lower()
    assert client.get("/api/v1/me").json()["username"] == "analyst"


def test_wrong_password_is_refused(client, accounts) -> None:  # type: ignore[no-untyped-def]
    resp = _login(client, "analyst", "wrong-password-1")
    assert resp.status_code == 401
    assert "wrong username or password" in resp.text
    assert client.get("/api/v1/me").status_code == 401


def test_failed_logins_are_throttled(client, accounts) -> None:  # type: ignore[no-untyped-def]
    for _ in range(3):  # the app fixture sets login_max_failures=3
        assert _login(client, "analyst", "wrong-password-1").status_code == 401
    resp = _login(client, "analyst")  # right password, but locked for now
    assert resp.status_code == 429
    assert _login(client, "investigator").status_code == 303  # other accounts unaffected


def test_open_redirect_after_login_is_refused(client, accounts) -> None:  # type: ignore[no-untyped-def]
    resp = client.post("/login", data={"username": "analyst", "password": PASSWORD,
                                       "next": "//evil.example/x"}, follow_redirects=False)
    assert resp.headers["location"] == "/registry"


def test_logout_needs_csrf_token(client, accounts) -> None:  # type: ignore[no-untyped-def]
    _login(client, "analyst")
    assert client.post("/logout", data={"csrf_token": "forged"}).status_code == 403
    assert client.get("/api/v1/me").status_code == 200
    resp = client.post("/logout", data={"csrf_token": _csrf(client)}, follow_redirects=False)
    assert resp.status_code == 303
    assert client.get("/api/v1/me").status_code == 401


def test_cookie_api_writes_need_csrf_header(client, accounts) -> None:  # type: ignore[no-untyped-def]
    _login(client, "analyst")
    assert client.post("/api/v1/tokens", json={"name": "x"}).status_code == 403
    resp = client.post("/api/v1/tokens", json={"name": "x"},
                       headers={"X-CSRF-Token": _csrf(client)})
    assert resp.status_code == 201


def test_api_token_lifecycle(client, token_for) -> None:  # type: ignore[no-untyped-def]
    headers = {"Authorization": f"Bearer {token_for('analyst')}"}
    created = client.post("/api/v1/tokens", json={"name": "script", "days": 5}, headers=headers)
    assert created.status_code == 201
    new = created.json()
    new_headers = {"Authorization": f"Bearer {new['token']}"}
    assert client.get("/api/v1/me", headers=new_headers).status_code == 200
    listed = client.get("/api/v1/tokens", headers=headers).json()
    assert new["token"] not in str(listed)  # only the prefix is ever shown again
    assert client.delete(f"/api/v1/tokens/{new['id']}", headers=headers).status_code == 204
    assert client.get("/api/v1/me", headers=new_headers).status_code == 401


def test_deactivated_user_cannot_log_in(client, accounts, token_for) -> None:  # type: ignore[no-untyped-def]
    admin = {"Authorization": f"Bearer {token_for('admin')}"}
    tok = token_for("requester")
    _login(client, "admin")
    csrf = _csrf(client)
    resp = client.post(f"/admin/users/{accounts['requester']}/active",
                       data={"csrf_token": csrf, "active": "0"}, follow_redirects=False)
    assert resp.status_code == 303
    users = {u["username"]: u for u in client.get("/api/v1/users", headers=admin).json()}
    assert users["requester"]["active"] is False
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {tok}"}).status_code == 401
    client.cookies.clear()
    assert _login(client, "requester").status_code == 401


def test_admin_creates_agency_and_user_through_api(client, token_for) -> None:  # type: ignore[no-untyped-def]
    admin = {"Authorization": f"Bearer {token_for('admin')}"}
    resp = client.post("/api/v1/agencies", headers=admin, json={
        "ori": "AZPHX0000", "name": "Phoenix PD", "kind": "local", "country": "US",
        "state": "AZ"})
    assert resp.status_code == 201, resp.text
    dup = client.post("/api/v1/agencies", headers=admin, json={
        "ori": "AZPHX0000", "name": "Again", "kind": "local", "country": "US"})
    assert dup.status_code == 409 and dup.json()["error"]["field"] == "ori"
    resp = client.post("/api/v1/users", headers=admin, json={
        "username": "phx.analyst", "password": "another-pass-9", "full_name": "P Analyst",
        "agency_ori": "AZPHX0000", "roles": ["analyst"]})
    assert resp.status_code == 201, resp.text
    assert _login(client, "phx.analyst", "another-pass-9").status_code == 303
    weak = client.post("/api/v1/users", headers=admin, json={
        "username": "weak", "password": "aaaaaaaaaaaa", "full_name": "W",
        "agency_ori": "AZPHX0000", "roles": ["analyst"]})
    assert weak.status_code == 422 and weak.json()["error"]["field"] == "password"


def test_audit_has_no_write_routes(client, token_for) -> None:  # type: ignore[no-untyped-def]
    admin = {"Authorization": f"Bearer {token_for('admin')}"}
    listed = client.get("/api/v1/audit", headers=admin).json()
    assert listed["total"] >= 1
    first = listed["items"][0]["id"]
    for method in ("POST", "PUT", "PATCH", "DELETE"):
        assert client.request(method, "/api/v1/audit", headers=admin).status_code == 405
        resp = client.request(method, f"/api/v1/audit/{first}", headers=admin)
        assert resp.status_code in (404, 405)
    assert client.get("/api/v1/audit", headers=admin).json()["total"] >= listed["total"]
