"""``pe-course serve``: the built site served for a workshop, compressed like a static host."""

from __future__ import annotations

import gzip
import http.client
import threading

import pytest

from pe_course.cli import main
from pe_course.errors import PECourseError
from pe_course.server import check_site, make_server, site_url


@pytest.fixture
def site(tmp_path):
    folder = tmp_path / "html"
    (folder / "_static").mkdir(parents=True)
    (folder / "index.html").write_text("<!doctype html><title>Course</title>" + "x" * 2000)
    (folder / "_static" / "app.js").write_text("console.log('hi');\n" * 200)
    (folder / "py.wasm").write_bytes(b"\0asm" + bytes(range(256)) * 8)
    (folder / "pe.whl").write_bytes(b"PK\x03\x04" + b"w" * 100)
    (tmp_path / "secret.txt").write_text("outside the site")
    return folder


@pytest.fixture
def served(site):
    servers = []

    def start(**options):
        server = make_server(site, "127.0.0.1", 0, **options)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return server.server_address[1]

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def _get(port: int, path: str, *, gzip_ok: bool = True, method: str = "GET"):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    headers = {"Accept-Encoding": "gzip, deflate"} if gzip_ok else {}
    connection.request(method, path, headers=headers)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response, body


def test_text_and_wasm_are_sent_compressed_when_the_browser_accepts_it(site, served):
    port = served()
    for path, kind in (("/_static/app.js", "text/javascript"), ("/py.wasm", "application/wasm"),
                       ("/index.html", "text/html")):
        response, body = _get(port, path)
        assert response.status == 200
        assert response.getheader("Content-Type") == kind
        assert response.getheader("Content-Encoding") == "gzip", path
        assert response.getheader("Vary") == "Accept-Encoding"
        assert int(response.getheader("Content-Length")) == len(body)
        assert gzip.decompress(body) == (site / path.lstrip("/")).read_bytes()
    # the JavaScript is repetitive: compressed it is a small fraction of its size
    response, body = _get(port, "/_static/app.js")
    assert len(body) < (site / "_static" / "app.js").stat().st_size / 10


def test_sent_as_is_when_not_accepted_or_not_compressible(site, served):
    port = served()
    response, body = _get(port, "/_static/app.js", gzip_ok=False)
    assert response.getheader("Content-Encoding") is None
    assert body == (site / "_static" / "app.js").read_bytes()
    response, body = _get(port, "/pe.whl")  # already a zip
    assert response.getheader("Content-Encoding") is None
    assert response.getheader("Content-Type") == "application/zip"
    assert body == (site / "pe.whl").read_bytes()
    plain = served(compress=False)
    response, body = _get(plain, "/_static/app.js")
    assert response.getheader("Content-Encoding") is None


def test_a_connection_is_kept_for_the_next_request(site, served):
    """HTTP/1.1 keep-alive, as static hosts do: a page's stylesheets and scripts come over
    a few connections, not one new connection each (a round trip saved per file)."""
    port = served()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        for path in ("/index.html", "/_static/app.js", "/pe.whl", "/_static", "/index.html"):
            connection.request("GET", path, headers={"Accept-Encoding": "gzip"})
            response = connection.getresponse()
            response.read()
            assert response.version == 11, path
            assert not response.will_close, f"{path}: the server closed the connection"
    finally:
        connection.close()


def test_head_missing_files_and_nothing_outside_the_site(site, served):
    port = served()
    response, body = _get(port, "/index.html", method="HEAD")
    assert response.status == 200 and body == b""
    assert response.getheader("Content-Encoding") == "gzip"
    assert _get(port, "/nope.html")[0].status == 404
    assert _get(port, "/../secret.txt")[0].status == 404
    assert _get(port, "/%2e%2e/secret.txt")[0].status == 404


def test_not_a_built_site_is_named(tmp_path, site):
    with pytest.raises(PECourseError, match=r"missing: no such folder; build the site first"):
        check_site(tmp_path / "missing")
    with pytest.raises(PECourseError, match=r"no index.html here; expected the built site"):
        check_site(tmp_path)
    assert check_site(site) == site.resolve()


def test_cli_exit_codes_for_bad_folder_and_taken_port(tmp_path, site, served, capsys):
    assert main(["serve", str(tmp_path / "missing")]) == 2
    assert "no such folder" in capsys.readouterr().err
    port = served()
    assert main(["serve", str(site), "--port", str(port)]) == 2
    err = capsys.readouterr().err
    assert f"cannot serve on 127.0.0.1:{port}" in err and "try another --port" in err


def test_site_url_names_a_reachable_address(site):
    server = make_server(site, "0.0.0.0", 0)
    try:
        assert site_url(server) == f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.server_close()
