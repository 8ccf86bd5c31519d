"""The `serve` command: the web application (legalgraph/web/) over a store."""

from __future__ import annotations

import ipaddress
import json
import os
import secrets

import click

from legalgraph.cli import main

TOKEN_ENV = "LEGALGRAPH_TOKEN"
SETTINGS_ENV = "LEGALGRAPH_SERVE_SETTINGS"  # serve's settings, for its worker processes


def application():
    """The application of a worker process of ``serve --workers N``."""
    from legalgraph.web.app import create_app

    settings = json.loads(os.environ[SETTINGS_ENV])
    return create_app(settings.pop("store"), **settings)


def loopback(host: str) -> bool:
    """Whether ``host`` is reached only from this machine."""
    if host in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@main.command()
@click.option("--store", type=click.Path(dir_okay=False), default=None,
              help="The graph store to serve (default: one built on first start from the bundled seeds and "
                   "gazette texts, in ~/.local/share/legalgraph/ or $LEGALGRAPH_STORE).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="The address to listen on. Beyond loopback, adding documents needs the access token.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="The port.")
@click.option("--max-upload-mb", type=click.IntRange(1, 1024), default=20, show_default=True,
              help="The most one upload may send, all its files together.")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Server processes answering in parallel (one per core serves a busy intranet).")
def serve(store, host, port, max_upload_mb, workers):
    """Start the web application: search, instruments' pages, coverage by province,
    reading views, adding documents, reports to download, and a JSON API
    (/openapi.json). Open the address it prints in a browser.

    \b
      legalgraph serve
      legalgraph serve --store bd.db --port 8080
      LEGALGRAPH_TOKEN=… legalgraph serve --host 0.0.0.0   # an intranet server
    """
    from pathlib import Path

    import legalgraph
    from legalgraph.web import collection

    path = Path(store) if store else collection.default_store()
    if not path.exists():
        if store:
            raise click.ClickException(f"{path}: không có kho đồ thị ở đây / no graph store here; run "
                                       f"`legalgraph build PATH... --store {path}` first")
        click.echo(f"Đang tạo kho dữ liệu mẫu / building the starter store: {path} …", err=True)
        try:
            done = collection.build_default(path)
        except legalgraph.StoreError as e:
            raise click.ClickException(str(e)) from None
        click.echo(f"{len(done.files) - len(done.errors)} văn bản / documents added", err=True)
    try:
        with legalgraph.Graph.open(path) as graph:
            summary = graph.summary()
    except legalgraph.StoreError as e:
        raise click.ClickException(str(e)) from None

    token = os.environ.get(TOKEN_ENV) or None
    require = not loopback(host)
    if require and not token:
        token = secrets.token_urlsafe(18)
        click.echo(f"Mã truy cập để thêm văn bản / access token for adding documents: {token}", err=True)

    import uvicorn

    from legalgraph.web.app import create_app

    shown = f"[{host}]" if ":" in host else host
    click.echo(f"legalgraph: {summary['documents']} văn bản / documents in {path}; "
               f"mở / open http://{shown}:{port}/", err=True)
    settings = {"store": str(path.resolve()), "token": token, "require_token": require,
                "max_upload": max_upload_mb * 1024 * 1024}
    try:
        if workers > 1:  # each process builds the same application from these settings
            os.environ[SETTINGS_ENV] = json.dumps(settings)
            uvicorn.run("legalgraph.cli.serve:application", factory=True, host=host, port=port, workers=workers,
                        log_level="warning")
        else:
            uvicorn.run(create_app(settings.pop("store"), **settings), host=host, port=port, log_level="warning")
    except (OSError, SystemExit) as e:
        raise click.ClickException(f"không mở được cổng / cannot listen on {host}:{port}: {e}") from None
