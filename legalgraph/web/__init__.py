"""The web application (``legalgraph serve``): server-rendered pages and a JSON API over
the public API (``legalgraph.Graph``) only.

    app.py         the Starlette routes: search, instrument, document, add, reports, graph, API
    collection.py  adding uploaded files (one transaction) and the starter store
    openapi.py     the JSON API's OpenAPI description (/openapi.json)
    i18n.py        the message catalogues (locale/vi/LC_MESSAGES/messages.po; English ids)
    templates/     Jinja2 pages, autoescaped; static/: htmx (vendored) and the style sheet

Starlette, Jinja2 and uvicorn are imported by these modules only, never by ``legalgraph``
itself or by ``legalgraph --help``.
"""
