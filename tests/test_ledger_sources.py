"""Sources: files, folders, HTML, feeds and JSONL; pages and feeds served from a loopback HTTP server."""

from __future__ import annotations

import io
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from pledgewatch import settings
from pledgewatch.document import Document
from pledgewatch.read import sources
from pledgewatch.read.reader import content_hash
from pledgewatch.read.sources import Issue, iter_documents, read_jsonl

ARTICLE = ("La société Verlaine Batteries va construire une usine de cellules à Douai et y créer "
           "1 200 emplois d'ici 2027, a indiqué son président lors d'une conférence de presse.")
SECOND = ("Le fabricant de vélos Cyclamen ouvrira un atelier à Nantes pour la production de cadres "
          "et prévoit une centaine d'embauches dans les deux ans.")
PAGE = f"""<!doctype html><html><head><title>Verlaine Batteries à Douai</title>
<meta property="article:published_time" content="2024-03-12T08:00:00+01:00"></head>
<body><nav><a href="/">Accueil</a> <a href="/eco">Économie</a></nav>
<article><h1>Verlaine Batteries à Douai</h1><p>{ARTICLE}</p>
<p>Le chantier de l'usine doit commencer à l'automne, selon la direction qui a présenté le calendrier aux élus.</p>
</article><footer>Tous droits réservés</footer></body></html>"""
FEED = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Éco régions</title>
<item><title>Verlaine Batteries à Douai</title><link>http://example.test/douai</link>
<pubDate>Tue, 12 Mar 2024 08:00:00 GMT</pubDate><description>&lt;p&gt;{ARTICLE}&lt;/p&gt;</description></item>
<item><title>Cyclamen à Nantes</title><link>http://example.test/nantes</link>
<pubDate>Wed, 13 Mar 2024 09:30:00 GMT</pubDate><description>{SECOND}</description></item>
</channel></rss>"""
BROKEN_FEED = FEED.replace("</channel></rss>", "<item><title>coupé & mal")


class _Handler(BaseHTTPRequestHandler):
    routes: dict[str, tuple[int, str, bytes, dict]] = {}

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        if self.path.startswith("/hop/"):
            left = int(self.path.rsplit("/", 1)[1])
            target = "/page.html" if left == 0 else f"/hop/{left - 1}"
            self._send(302, "text/plain", b"", {"Location": target})
        elif self.path == "/slow":
            time.sleep(2)
            self._send(200, "text/plain", ARTICLE.encode(), {})
        elif self.path in self.routes:
            self._send(*self.routes[self.path])
        else:
            self._send(404, "text/plain", b"not found", {})

    def _send(self, status: int, ctype: str, body: bytes, headers: dict) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers.items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:  # noqa: ANN002 (silence the server)
        pass


_Handler.routes = {
    "/page.html": (200, "text/html; charset=utf-8", PAGE.encode(), {}),
    "/feed.xml": (200, "application/rss+xml", FEED.encode(), {}),
    "/broken.xml": (200, "application/rss+xml", BROKEN_FEED.encode(), {}),
    "/article.txt": (200, "text/plain; charset=utf-8", ARTICLE.encode(), {}),
    "/loop": (302, "text/plain", b"", {"Location": "/loop"}),
    "/ftp": (302, "text/plain", b"", {"Location": "ftp://example.test/x"}),
}


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(autouse=True)
def short_timeout(monkeypatch):
    monkeypatch.setattr(sources, "FETCH_TIMEOUT_S", 1.0)


def _read(*inputs: str) -> tuple[list[Document], list[Issue]]:
    items = list(iter_documents(inputs))
    return [i for i in items if isinstance(i, Document)], [i for i in items if isinstance(i, Issue)]


def test_text_files_and_folders(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "b.txt").write_text(f"date 2024-03 (AOF) - {ARTICLE}", encoding="utf-8")
    (tmp_path / "sub" / "a.txt").write_text(SECOND, encoding="cp1252")
    (tmp_path / "b.gold.json").write_text("{}", encoding="utf-8")
    docs, issues = _read(str(tmp_path))
    assert issues == []
    assert [d.source for d in docs] == [str(tmp_path / "b.txt"), str(tmp_path / "sub" / "a.txt")]
    assert docs[0].published == "2024-03" and docs[1].text == SECOND
    assert docs[1].id == content_hash(SECOND)


def test_html_page_file_gives_main_text_title_and_date(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    (doc,), issues = _read(str(page))
    assert issues == []
    assert ARTICLE in doc.text and "Accueil" not in doc.text and "droits" not in doc.text
    assert doc.title == "Verlaine Batteries à Douai" and doc.published == "2024-03-12"


def test_page_and_feed_over_http(server):
    (page,), _ = _read(f"{server}/page.html")
    assert ARTICLE in page.text and page.source == f"{server}/page.html"
    docs, issues = _read(f"{server}/feed.xml")
    assert issues == []
    assert [(d.title, d.source, d.published) for d in docs] == [
        ("Verlaine Batteries à Douai", "http://example.test/douai", "2024-03-12"),
        ("Cyclamen à Nantes", "http://example.test/nantes", "2024-03-13")]
    assert docs[0].text == ARTICLE and docs[0].id == content_hash(ARTICLE)


def test_malformed_feed_yields_what_it_can_with_a_warning(server, tmp_path):
    for given in (f"{server}/broken.xml", str(tmp_path / "broken.rss")):
        (tmp_path / "broken.rss").write_text(BROKEN_FEED, encoding="utf-8")
        docs, issues = _read(given)
        assert [d.text for d in docs][:2] == [ARTICLE, SECOND]
        assert issues[0].severity == "warning" and issues[0].error.code == "L008"


def test_redirects_are_followed_within_bounds(server):
    (doc,), _ = _read(f"{server}/hop/{sources.MAX_REDIRECTS - 1}")  # hop/N redirects N + 1 times
    assert ARTICLE in doc.text
    for url in (f"{server}/hop/{sources.MAX_REDIRECTS}", f"{server}/loop"):
        _, (issue,) = _read(url)
        assert issue.error.code == "L006"
    _, (issue,) = _read(f"{server}/ftp")
    assert issue.error.code == "L007"


def test_fetch_limits_and_failures(server, monkeypatch):
    started = time.monotonic()
    _, (slow,) = _read(f"{server}/slow")
    assert slow.error.code == "L004" and time.monotonic() - started < 2
    _, (missing,) = _read(f"{server}/nothing-here")
    assert missing.error.code == "L004" and "404" in missing.reason
    monkeypatch.setattr(sources, "MAX_FETCH_BYTES", 100)
    _, (big,) = _read(f"{server}/article.txt")
    assert big.error.code == "L005"
    _, (closed,) = _read("http://127.0.0.1:9/x")
    assert closed.error.code == "L004"


def test_jsonl_lines_and_bad_lines(tmp_path):
    lines = [json.dumps({"text": ARTICLE, "title": "Douai", "url": "http://example.test/douai",
                         "published": "2024-03-12"}, ensure_ascii=False),
             "{not json",
             json.dumps({"title": "sans texte"}),
             json.dumps({"text": SECOND, "published": "12/03/2024"}),
             "",
             json.dumps({"text": SECOND})]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    docs, issues = _read(str(path))
    assert [(d.source, d.title, d.published) for d in docs] == [
        ("http://example.test/douai", "Douai", "2024-03-12"), (f"{path}:6", None, None)]
    assert [(i.source, i.error.code) for i in issues] == [
        (f"{path}:2", "L009"), (f"{path}:3", "L009"), (f"{path}:4", "E017")]
    assert "line 4: invalid publication date '12/03/2024'" in issues[2].reason


def test_missing_empty_and_binary_files(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02" * 100)
    _, issues = _read(str(tmp_path / "nope.txt"), str(tmp_path / "empty.txt"), str(tmp_path / "bin.txt"))
    assert [i.error.code for i in issues] == ["E001", "E003", "E005"]


def test_jsonl_fields_of_the_wrong_type_are_coded(tmp_path):
    lines = [json.dumps({"text": SECOND, "published": 2024}), json.dumps({"text": SECOND, "title": ["a"]}),
             json.dumps({"text": SECOND, "url": {"x": 1}})]
    path = tmp_path / "types.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    docs, issues = _read(str(path))
    assert docs == []
    assert [(i.source, i.error.code) for i in issues] == [(f"{path}:{n}", "L009") for n in (1, 2, 3)]
    assert [i.reason.split("(")[-1] for i in issues] == [
        "published is not a string)", "title is not a string)", "url is not a string)"]


def test_jsonl_is_read_line_by_line_and_a_long_line_is_refused_by_number(tmp_path, monkeypatch):
    monkeypatch.setattr(settings, "MAX_INPUT_BYTES", 2000)
    path = tmp_path / "long.jsonl"
    long_line = json.dumps({"text": SECOND + " " * 3000})
    path.write_text("\n".join([json.dumps({"text": SECOND}), long_line, json.dumps({"text": ARTICLE})]) + "\n",
                    encoding="utf-8")
    docs, issues = _read(str(path))
    assert [d.source for d in docs] == [f"{path}:1", f"{path}:3"]
    assert [(i.source, i.error.code) for i in issues] == [(f"{path}:2", "E016")]
    assert "line 2 is over the limit of 2000 bytes" in issues[0].reason


def test_jsonl_stream_never_reads_more_than_a_line_and_the_limit(monkeypatch):
    monkeypatch.setattr(settings, "MAX_INPUT_BYTES", 100)

    class Endless(io.RawIOBase):
        """A stream of one endless line, counting what is read from it."""

        read_total = 0

        def readable(self) -> bool:
            return True

        def readinto(self, buffer) -> int:
            if self.read_total > 10_000_000:
                raise AssertionError("the reader read far past the limit")
            buffer[:] = b"x" * len(buffer)
            self.read_total += len(buffer)
            return len(buffer)

    stream = Endless()
    first = next(read_jsonl(io.BufferedReader(stream, 64), "endless.jsonl"))
    assert first.error.code == "E016"
