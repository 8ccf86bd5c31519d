"""Graph views: a part of the graph as one self-contained HTML page (vis-network, via pyvis).

The page is meant to be read at a glance and opened anywhere, offline:

* nodes are coloured and shaped by what they are (central, provincial or Party instrument,
  body, person, task, province); an instrument cited but not in the collection (a stub) has
  a pale fill and a dashed border; edges are coloured and labelled by relation; a legend
  names what the view shows;
* chains are laid out top-down, what is implemented above what implements it (Party
  texts and central instruments at the top, provincial plans below);
* the scripts are inlined, nothing is fetched from the internet;
* text from documents reaches the page only as data: node and edge hover texts are plain
  strings, which vis-network shows with ``innerText``; labels are drawn on a canvas; our
  own HTML (heading, legend, notices) is escaped.
"""

from __future__ import annotations

import html
import json
import re

from legalgraph.model import CHAIN_TYPES

MAX_NODES = 1500  # above this a browser page is unusable; ask for a focused view instead
EDGE_LABEL_LIMIT = 150  # more edges than this: labels would hide the graph; colours and legend remain


class ViewTooLarge(Exception):
    pass


# style key -> legend text, vis shape, fill, border, font colour
NODE_STYLES = {
    "party": ("Party document (Đảng)", "box", "#c0392b", "#7b241c", "#ffffff"),
    "central": ("central instrument", "box", "#1f4e9e", "#12305f", "#ffffff"),
    "provincial": ("provincial / local instrument", "box", "#2e8b57", "#1b5e3a", "#ffffff"),
    "body": ("body (cơ quan)", "ellipse", "#f6b26b", "#b45f06", "#222222"),
    "person": ("person (signer)", "ellipse", "#fce5cd", "#b45f06", "#222222"),
    "task": ("task (nhiệm vụ)", "diamond", "#8e7cc3", "#4c3a87", "#222222"),
    "province": ("province", "triangle", "#999999", "#555555", "#222222"),
}

# the halo around what a view was asked about (its root), and its legend text
FOCUS_HALO = "rgba(230, 160, 0, 0.85)"
FOCUS_LEGEND = "what the view is about"

# what a relation is called on an edge, in words ``render(words=…)`` can translate; a view
# without words shows the relation's own name (IMPLEMENTS …), as the CLI and Cypher do
EDGE_WORDS = {
    "IMPLEMENTS": "implements", "DETAILS": "details", "AMENDS": "amends", "REPLACES": "replaces",
    "REPEALS": "repeals", "BASED_ON": "based on", "CITES": "cites", "ISSUED_BY": "issued by",
    "SIGNED_BY": "signed by", "NAMES": "names", "HAS_TASK": "has task", "ASSIGNED_TO": "assigned to",
    "IN_PROVINCE": "in province", "SUCCEEDED_BY": "succeeded by",
}
# every other phrase a view writes itself (hover texts, task labels), for a catalogue to hold
VIEW_WORDS = ("date", "issuer", "province", "title", "cited only: not in the collection", "task", "by",
              "deadline", "body kind", "successor", "cue", "where", "source", "lead", "support", "report_to",
              "stated by: a publisher's note, not the document's own words", "cited only, not in the collection",
              FOCUS_LEGEND, *(style[0] for style in NODE_STYLES.values()), *EDGE_WORDS.values())


def _same(text: str) -> str:
    return text


# relation -> colour, dashed
EDGE_STYLES = {
    "IMPLEMENTS": ("#1f77b4", False),
    "DETAILS": ("#17becf", False),
    "AMENDS": ("#d62728", False),
    "REPLACES": ("#9467bd", False),
    "REPEALS": ("#111111", False),
    "BASED_ON": ("#2ca02c", False),
    "CITES": ("#aaaaaa", True),
    "ISSUED_BY": ("#ff7f0e", False),
    "SIGNED_BY": ("#e377c2", False),
    "NAMES": ("#c7c7c7", True),
    "HAS_TASK": ("#8c564b", False),
    "ASSIGNED_TO": ("#bcbd22", False),
    "IN_PROVINCE": ("#7f7f7f", True),
    "SUCCEEDED_BY": ("#555555", False),
}


def node_style(data) -> str:
    kind = data.get("kind")
    if kind == "instrument":
        if data.get("party"):
            return "party"
        return "provincial" if data.get("local") else "central"
    return kind if kind in NODE_STYLES else "body"


def _short(text, n) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[:n - 1] + "…"


def node_label(data, node, words=_same) -> str:
    """What a node is called on the canvas; a ``caption`` the caller set on the node (the
    instrument asked about: "the root") is a last line of its own."""
    label = _node_label(data, node, words)
    return f"{label}\n{data['caption']}" if data.get("caption") else label


def _node_label(data, node, words=_same) -> str:
    kind = data.get("kind")
    if kind == "instrument":
        if data.get("number"):
            return f"{data['number']}\n{data.get('type') or ''}".strip()
        if data.get("title") and data.get("type") in ("Luật", "Bộ luật", "Pháp lệnh", "Hiến pháp"):
            # a law known by its name: the name and year are what a reader recognises
            return f"{_short(data['title'], 40)}\n{data.get('year') or ''}".strip()
        rest = " ".join(str(v) for v in (data.get("issuer"), data.get("year")) if v)
        return f"{data.get('type') or _short(data.get('title') or node, 40)}\n{rest}".strip()
    if kind == "task":
        due = (data.get("deadline") or {}).get("end")
        return f"{words('task')} {data.get('number') or ''}".strip() + (f"\n{words('by')} {due}" if due else "")
    return data.get("name") or node.rsplit("/", 1)[-1]


def node_hover(data, node, words=_same) -> str:
    """Plain text (vis-network shows a string with innerText, so markup stays text)."""
    kind = data.get("kind")
    lines = []
    if kind == "instrument":
        lines.append(" ".join(str(v) for v in (data.get("type"), data.get("number")) if v) or node)
        for key in ("date", "issuer", "province", "title"):
            if data.get(key):
                lines.append(f"{words(key)}: {_short(data[key], 300)}")
        if data.get("stub"):
            lines.append(words("cited only: not in the collection"))
    elif kind == "task":
        lines.append(f"{words('task')} {data.get('number') or ''}".strip())
        lines.append(_short(data.get("text") or "", 400))
        deadline = data.get("deadline") or {}
        if deadline.get("text") or deadline.get("end"):
            lines.append(f"{words('deadline')}: {deadline.get('text') or ''} ({deadline.get('start') or '?'} – "
                         f"{deadline.get('end') or '?'})")
    else:
        lines.append(data.get("name") or node)
        for key in ("body_kind", "province", "successor"):
            if data.get(key):
                lines.append(f"{words(key.replace('_', ' '))}: {data[key]}")
    lines.append(node)
    return "\n".join(lines)


def edge_label(key, data, words=None) -> str:
    """The relation's name (``words``: in words, translated), with a task's role."""
    name = words(EDGE_WORDS.get(key, key)) if words else key
    if key == "ASSIGNED_TO" and data.get("role"):
        return f"{name} ({words(data['role']) if words else data['role']})"
    return name


def edge_hover(key, data, words=None) -> str:
    say = words or _same
    lines = [edge_label(key, data, words)]
    if data.get("evidence"):
        lines.append(f"“{_short(data['evidence'], 500)}”")
    if data.get("cue"):
        lines.append(f"{say('cue')}: {data['cue']}")
    if data.get("via") == "note":
        lines.append(say("stated by: a publisher's note, not the document's own words"))
    if data.get("provisions"):
        from legalgraph.graph.rows import provisions_text

        lines.append(f"{say('where')}: {_short(provisions_text(data['provisions']), 300)}")
    if data.get("source"):
        lines.append(f"{say('source')}: {data['source']}")
    return "\n".join(lines)


def chain_levels(g, types=CHAIN_TYPES) -> dict:
    """Rows for a top-down chain: a node sits one level below the lowest thing it
    implements or details, so what is implemented is always above what implements it."""
    level: dict = {}

    def walk(node, path):
        if node in level:
            return level[node]
        ups = [v for _, v, k in g.out_edges(node, keys=True) if k in types and v not in path]
        level[node] = 1 + max((walk(v, path | {node}) for v in ups), default=-1)
        return level[node]

    for n in g.nodes:
        walk(n, frozenset())
    return level


def _legend(g, focus=(), words=None) -> str:
    say = words or _same
    styles = {node_style(d) for _, d in g.nodes(data=True)}
    stubs = any(d.get("stub") for _, d in g.nodes(data=True))
    relations = {k for _, _, k in g.edges(keys=True)}
    items = []
    for key, (text, shape, fill, border, font) in NODE_STYLES.items():
        if key in styles:
            radius = "50%" if shape in ("ellipse", "dot") else "2px"
            items.append(f'<span class="lg-item"><span class="lg-node" style="background:{fill};border-color:{border};'
                         f'border-radius:{radius}"></span>{html.escape(say(text))}</span>')
    if stubs:
        items.append('<span class="lg-item"><span class="lg-node" style="background:#ffffff;border:2px dashed #1f4e9e">'
                     '</span>' + html.escape(say("cited only, not in the collection")) + '</span>')
    if any(n in g for n in focus):
        items.append(f'<span class="lg-item"><span class="lg-node" style="background:#ffffff;border:3px solid #12305f;'
                     f'box-shadow:0 0 6px 3px {FOCUS_HALO}"></span>{html.escape(say(FOCUS_LEGEND))}</span>')
    for key, (colour, dashed) in EDGE_STYLES.items():
        if key in relations:
            items.append(f'<span class="lg-item"><span class="lg-edge" style="border-top:3px {"dashed" if dashed else "solid"}'
                         f' {colour}"></span>{html.escape(edge_label(key, {}, words))}</span>')
    return "".join(items)


_PAGE_STYLE = """<style>
  body { font-family: system-ui, sans-serif; margin: 0; }
  #lg-header { padding: 8px 12px; border-bottom: 1px solid #ddd; }
  #lg-header h1 { font-size: 18px; margin: 0 0 4px 0; }
  #lg-header .lg-sub { color: #555; font-size: 13px; margin: 0 0 6px 0; }
  #lg-header .lg-notice { background: #fff3cd; border: 1px solid #e0c36a; padding: 6px 8px; margin: 6px 0;
                          font-size: 14px; }
  #lg-legend { font-size: 12px; line-height: 22px; }
  .lg-item { margin-right: 14px; white-space: nowrap; display: inline-block; }
  .lg-node { display: inline-block; width: 14px; height: 12px; border: 2px solid; vertical-align: middle;
             margin-right: 4px; }
  .lg-edge { display: inline-block; width: 24px; height: 0; vertical-align: middle; margin-right: 4px; }
  div.vis-tooltip { white-space: pre-wrap; max-width: 480px; font-size: 12px; }
  #mynetwork { border: none !important; float: none !important; }
</style>"""

# remote stylesheets and scripts pyvis's template adds (bootstrap, CDN copies); the page
# inlines what it needs
_REMOTE_LINK = re.compile(r"<link\b[^>]*\bhref\s*=\s*[\"']?(?:https?:)?//[^>]*>", re.I | re.S)
_REMOTE_SCRIPT = re.compile(r"<script\b[^>]*\bsrc\s*=\s*[\"']?(?:https?:)?//[^>]*>\s*</script>", re.I | re.S)
_EMPTY_HEADING = re.compile(r"<center>\s*<h1>\s*</h1>\s*</center>", re.I)


def _options(hierarchical: bool, n_nodes: int, n_edges: int) -> dict:
    options = {
        "nodes": {"font": {"size": 14, "multi": False}, "widthConstraint": {"maximum": 220}, "borderWidth": 2},
        "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.6}},
                  "font": {"size": 11, "align": "middle", "strokeWidth": 3},
                  "smooth": {"enabled": n_edges <= 400, "type": "dynamic"}},
        "interaction": {"hover": True, "tooltipDelay": 150, "navigationButtons": False, "hideEdgesOnDrag": n_edges > 400},
    }
    if hierarchical:
        options["layout"] = {"hierarchical": {"enabled": True, "direction": "UD", "sortMethod": "directed",
                                              "levelSeparation": 160, "nodeSpacing": 240, "treeSpacing": 260,
                                              "shakeTowards": "roots"}}
        options["physics"] = {"enabled": False}
    else:
        # the layout is settled once by _SETTLE, then holds still: hundreds of nodes
        # moving for ever make a page unusable
        options["physics"] = {"enabled": True, "solver": "forceAtlas2Based",
                              "forceAtlas2Based": {"gravitationalConstant": -80, "springLength": 120,
                                                   "avoidOverlap": 0.4},
                              "stabilization": {"enabled": False, "fit": True}}
    return options


# physics off once the layout has settled (and pyvis's progress bar has faded, 500 ms);
# window.legalgraphDrawn then tells a test that the page shows its final picture
_SETTLE = """<script>
  (function () {
    if (typeof network === "undefined") { return; }
    var iterations = %s;
    if (iterations) {
      // stabilize() works in batches after this script, so the event cannot be missed
      network.once("stabilizationIterationsDone", function () {
        network.setOptions({physics: {enabled: false}});
        network.fit();
        setTimeout(function () { window.legalgraphDrawn = true; }, 700);
      });
      network.stabilize(iterations);
    } else {
      network.once("afterDrawing", function () { window.legalgraphDrawn = true; });
      network.redraw();
    }
  })();
</script>"""


def render(g, heading: str, subtitle: str = "", notice: str | None = None, hierarchical: bool = False,
           focus=None, levels: dict | None = None, words=None) -> str:
    """The HTML page showing ``g`` (a networkx MultiDiGraph as the loader builds it).
    ``hierarchical``: top-down, in rows by ``levels`` (node -> row; by default the
    implementation chain's, see ``chain_levels``). ``focus``: nodes to draw larger (the
    instrument or body asked about). ``words``: a translation (English phrase -> the
    reader's words) of every phrase the view writes itself — legend, relations, hover
    texts (``VIEW_WORDS``, ``EDGE_WORDS``); without it, English and the relations' names."""
    say = words or _same
    if g.number_of_nodes() > MAX_NODES:
        raise ViewTooLarge(f"{g.number_of_nodes()} nodes are more than the {MAX_NODES} a view can show")
    from pyvis.network import Network

    focus = set(focus or ())
    net = Network(height="82vh", width="100%", directed=True, cdn_resources="in_line", heading="")
    levels = (levels if levels is not None else chain_levels(g)) if hierarchical else {}
    for node, data in g.nodes(data=True):
        style = node_style(data)
        _, shape, fill, border, font = NODE_STYLES[style]
        stub = bool(data.get("stub"))
        options = {
            "shape": shape, "title": node_hover(data, node, say),
            "color": {"background": "#ffffff" if stub else fill, "border": border,
                      "highlight": {"background": "#fff2a8" if stub else fill, "border": "#000000"},
                      "hover": {"background": "#fff2a8" if stub else fill, "border": "#000000"}},
            "font": {"color": border if stub else font, "size": 18 if node in focus else 14},
            "borderWidth": 4 if node in focus else 2,
            "shapeProperties": {"borderDashes": [6, 4] if stub else False},
        }
        if node in focus:  # what was asked about stands out: a halo around it
            options["shadow"] = {"enabled": True, "color": FOCUS_HALO, "size": 24, "x": 0, "y": 0}
        if shape in ("diamond", "triangle"):
            options["size"] = 14
            options["font"]["color"] = "#222222"
        if node in levels:
            options["level"] = levels[node]
        net.add_node(node, label=node_label(data, node, say), **options)
    labelled = g.number_of_edges() <= EDGE_LABEL_LIMIT
    for u, v, key, data in g.edges(keys=True, data=True):
        colour, dashed = EDGE_STYLES.get(key, ("#888888", False))
        net.add_edge(u, v, title=edge_hover(key, data, words), color=colour, dashes=dashed,
                     label=edge_label(key, data, words) if labelled else None,
                     width=2 if key in CHAIN_TYPES else 1)
    for e in net.edges:
        if e.get("label") is None:
            e.pop("label", None)
    net.options = _options(hierarchical, g.number_of_nodes(), g.number_of_edges())
    physics = net.options["physics"]["enabled"] and g.number_of_nodes() > 0
    page = _page(net)
    header = [f"<h1>{html.escape(heading)}</h1>"]
    if subtitle:
        header.append(f'<p class="lg-sub">{html.escape(subtitle)}</p>')
    if notice:
        header.append(f'<p class="lg-notice" id="lg-notice">{html.escape(notice)}</p>')
    header.append(f'<div id="lg-legend">{_legend(g, focus, words)}</div>')
    page = page.replace("<body>", f'<body>\n<div id="lg-header">{"".join(header)}</div>', 1)
    page = page.replace("</head>", f"{_PAGE_STYLE}\n</head>", 1)
    iterations = (200 if g.number_of_nodes() > 300 else 400) if physics else 0
    page = page.replace("</body>", f"{_SETTLE % iterations}\n</body>", 1)
    return page


def _page(net) -> str:
    """pyvis's page, rendered here rather than by ``generate_html``: that one switches to a
    popup filled with ``innerHTML`` when a hover text contains "href", which would let a
    document's title write markup into the page. Then the remote resources go."""
    nodes, edges, _heading, height, width, _options = net.get_network_data()
    template = net.templateEnv.get_template(net.path)
    page = template.render(height=height, width=width, nodes=nodes, edges=edges, heading="",
                           options=json.dumps(net.options), physics_enabled=net.options["physics"]["enabled"],
                           use_DOT=False, dot_lang=None, widget=False, bgcolor=net.bgcolor, conf=False,
                           tooltip_link=False, neighborhood_highlight=False, select_menu=False, filter_menu=False,
                           notebook=False, cdn_resources="in_line")
    page = _REMOTE_LINK.sub("", page)
    page = _REMOTE_SCRIPT.sub("", page)
    return _EMPTY_HEADING.sub("", page)


def remote_references(page: str) -> list[str]:
    """The http(s) or protocol-relative URLs a page would load (src=, href=, CSS url())."""
    found = re.findall(r"""\b(?:src|href)\s*=\s*["']?((?:https?:)?//[^"'\s>]+)""", page, re.I)
    found += re.findall(r"""@import\s+(?:url\()?["']?((?:https?:)?//[^"')\s]+)""", page, re.I)
    return found
