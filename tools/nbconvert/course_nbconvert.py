"""The sanitizer of the course's sanitized HTML exports: it keeps what Markdown writes.

JupyterLab's File → Save and Export Notebook As → HTML asks "Sanitize HTML output" and ticks it by
default. nbconvert then passes every Markdown cell through its `clean_html` filter, which allows
only a dozen inline tags (bleach's defaults): headings, paragraphs, tables, rules and line breaks
are escaped, and the page shows "<h1 id=…>Title</h1><p>…" as text (nbconvert issue #2016).

`clean_html` here allows the elements Markdown produces and still removes everything that runs or
loads: scripts, event handlers (no `on*` attribute is allowed), style attributes and elements,
iframes, objects, forms, and URLs other than http(s), mailto and relative ones. `make setup`
(tools/setup_jupyter.py) installs this file into the venv as the module `course_nbconvert` and
sets it as HTMLExporter's `clean_html` filter in the venv's Jupyter config.
"""

from __future__ import annotations

import bleach

#: What Markdown (and the course's outputs) may contain after sanitizing.
ALLOWED_TAGS = frozenset({
    *bleach.ALLOWED_TAGS,
    "h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "div", "span", "pre", "code", "kbd",
    "samp", "var", "sub", "sup", "del", "ins", "s", "mark", "small", "dl", "dt", "dd",
    "table", "thead", "tbody", "tfoot", "caption", "colgroup", "col", "tr", "th", "td",
    "img", "figure", "figcaption", "details", "summary",
})

#: Attributes by tag; "*" for every tag. None of them can run code.
ALLOWED_ATTRIBUTES = {
    **bleach.ALLOWED_ATTRIBUTES,
    "*": ["class", "id", "title", "lang", "dir"],
    "a": ["href", "title", "rel"],
    "img": ["src", "alt", "title", "width", "height"],
    "ol": ["start", "type"],
    "th": ["align", "colspan", "rowspan", "scope"],
    "td": ["align", "colspan", "rowspan"],
    "col": ["span"],
    "colgroup": ["span"],
}


def clean_html(element: str | bytes) -> str:
    """Sanitize HTML (a rendered Markdown cell or an output), keeping Markdown's elements.

    >>> clean_html('<h1 id="t">Title</h1><p onclick="x()">Text<script>alert(1)</script></p>')
    '<h1 id="t">Title</h1><p>Text&lt;script&gt;alert(1)&lt;/script&gt;</p>'
    """
    text = element.decode() if isinstance(element, bytes) else str(element)
    return bleach.clean(text, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES)
