"""HTML bodies as readable plain text.

selectolax (the Lexbor HTML5 parser) builds the tree and decodes entities; the walk below lays it out
as text: blocks and paragraphs on their own lines, list items as "- " lines, table cells side by side,
scripts and styles dropped. Blockquotes come out as "> " lines, one level per nesting, so that quoted
text in HTML mail is separated by the same rules as in plain-text mail.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

_DROP = ["script", "style", "head", "title", "noscript", "template", "svg", "object", "iframe"]
_BLOCK = frozenset(
    [
        "address",
        "article",
        "aside",
        "center",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "header",
        "hr",
        "legend",
        "main",
        "nav",
        "ol",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "thead",
        "tfoot",
        "tr",
        "ul",
    ]
)
_PARAGRAPH = frozenset(["p", "h1", "h2", "h3", "h4", "h5", "h6"])
_CELL = frozenset(("td", "th"))
_WHITESPACE = re.compile(r"[ \t\r\n\f\xa0\u200b]+")
_BLANK_RUN = re.compile(r"\n(?:(?:> ?)*\n){2,}")
# Markup copied through a rich-text editor can carry non-breaking spaces between a tag's name and its
# attributes ("<blockquote\xa0class=...>"); an HTML5 parser then reads one long unknown tag name.
_TAG_WITH_NBSP = re.compile(r"<[a-zA-Z][^<>]*\xa0[^<>]*>")
# Lexbor's tree building slows down with the square of the depth of open elements (nested <div> or
# <blockquote>: 20,000 levels take seconds, a megabyte of them hours). Tags that would open deeper
# than this are dropped before parsing; their text stays. No mail a person wrote nests this deep.
_MAX_NESTING = 512
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)[^<>]*?(/?)>")
# Elements that take no end tag, or whose end tag is implied by the next one: they add no depth.
_FLAT = frozenset(
    (
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
        "p",
        "li",
        "dt",
        "dd",
        "tr",
        "td",
        "th",
        "option",
    )
)


class _Layout:
    """Collects text as lines, each remembering how deep in blockquotes it started."""

    def __init__(self) -> None:
        self.lines: list[tuple[int, list[str]]] = []
        self.current: list[str] = []
        self.depth = 0
        self.line_depth = 0
        self.pre = 0

    def text(self, s: str) -> None:
        if not self.pre:
            if not self.current and "\xa0" in s and not _WHITESPACE.sub("", s):
                # "<div>&nbsp;</div>" is how editors write an empty line between paragraphs.
                self.current.append("")
                self.line_depth = self.depth
                return
            s = _WHITESPACE.sub(" ", s)
            if not self.current:
                s = s.lstrip()
        if not s:
            return
        if not self.current:
            self.line_depth = self.depth
        if self.pre and "\n" in s:
            first, *rest = s.split("\n")
            self.current.append(first)
            for part in rest:
                self.newline()
                self.line_depth = self.depth
                self.current.append(part)
            return
        self.current.append(s)

    def newline(self) -> None:
        if self.current:
            self.lines.append((self.line_depth, self.current))
            self.current = []

    def blank(self) -> None:
        self.newline()
        if self.lines and self.lines[-1][1]:
            self.lines.append((self.depth, []))
        elif self.lines:
            # Leaving a blockquote: the blank line separating it belongs to the outer level.
            self.lines[-1] = (min(self.depth, self.lines[-1][0]), [])

    def render(self) -> str:
        self.newline()
        out = []
        for depth, parts in self.lines:
            line = "".join(parts).rstrip()
            out.append(("> " * depth + line).rstrip() if depth else line)
        return _BLANK_RUN.sub("\n\n", "\n".join(out)).strip("\n")


def html_to_text(html: str) -> str:
    if "\xa0" in html:
        html = _TAG_WITH_NBSP.sub(lambda m: m.group(0).replace("\xa0", " "), html)
    tree = LexborHTMLParser(_limit_nesting(html))
    tree.strip_tags(_DROP)
    root = tree.body or tree.root
    if root is None:
        return ""
    layout = _Layout()
    _walk(root, layout)
    return layout.render()


def _limit_nesting(html: str) -> str:
    """The markup without the tags that would open (or close) deeper than _MAX_NESTING."""
    if html.count("<") <= _MAX_NESTING:
        return html
    depth = 0

    def keep(m: re.Match[str]) -> str:
        nonlocal depth
        closing, name, self_closing = m.groups()
        if self_closing or name.lower() in _FLAT:
            return m.group(0)
        if closing:
            kept = depth <= _MAX_NESTING
            depth = max(0, depth - 1)
        else:
            depth += 1
            kept = depth <= _MAX_NESTING
        return m.group(0) if kept else ""

    return _TAG.sub(keep, html)


def _walk(root: LexborNode, layout: _Layout) -> None:
    # An explicit stack instead of recursion: mail HTML can nest deeper than Python's recursion limit.
    stack: list[tuple[LexborNode, bool]] = [(root, True)]
    while stack:
        node, entering = stack.pop()
        tag = node.tag
        if tag == "-text":
            layout.text(node.text_content or "")
            continue
        if tag is None or tag.startswith("-"):
            continue
        if entering:
            _open(tag, layout)
            stack.append((node, False))
            children = []
            child = node.child
            while child is not None:
                children.append(child)
                child = child.next
            stack.extend((c, True) for c in reversed(children))
        else:
            _close(tag, layout)


def _open(tag: str, layout: _Layout) -> None:
    if tag == "br":
        if not layout.current:
            layout.line_depth = layout.depth
            layout.current.append("")
        layout.newline()
    elif tag == "blockquote":
        layout.blank()
        layout.depth += 1
    elif tag == "li":
        layout.newline()
        layout.text("- ")
    elif tag in _PARAGRAPH:
        layout.blank()
    elif tag in _BLOCK:
        layout.newline()
        layout.pre += tag == "pre"
    elif tag in _CELL and layout.current:
        layout.current.append(" ")


def _close(tag: str, layout: _Layout) -> None:
    if tag == "blockquote":
        layout.newline()
        layout.depth = max(0, layout.depth - 1)
        layout.blank()
    elif tag in _PARAGRAPH:
        layout.blank()
    elif tag in _BLOCK or tag == "li":
        layout.newline()
        if tag == "pre":
            layout.pre -= 1
