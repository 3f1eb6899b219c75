"""HTML to text layout."""

from __future__ import annotations

from bot.mail.html import html_to_text


def test_blocks_lists_entities_and_dropped_elements() -> None:
    html = (
        "<html><head><title>T</title><style>p{}</style></head><body>"
        "<p>Caf&eacute; &amp; tea</p><ul><li>one</li><li>two</li></ul>"
        "<table><tr><td>a</td><td>b</td></tr></table><script>x()</script>"
        "<div>line<br>break</div><pre>  keep\n  spacing</pre></body></html>"
    )
    assert html_to_text(html) == "Café & tea\n\n- one\n- two\na b\nline\nbreak\n  keep\n  spacing"


def test_nested_blockquotes_become_quote_levels() -> None:
    html = "<div>mine</div><blockquote>q1<blockquote>q2</blockquote></blockquote><div>after</div>"
    assert html_to_text(html) == "mine\n\n> q1\n>\n> > q2\n\nafter"


def test_non_breaking_space_inside_a_tag_is_repaired() -> None:
    html = '<div>a</div><blockquote\xa0class="gmail_quote">quoted</blockquote>'
    assert html_to_text(html) == "a\n\n> quoted"


def test_deep_nesting_does_not_recurse() -> None:
    assert html_to_text("<div>" * 5000 + "deep" + "</div>" * 5000) == "deep"
