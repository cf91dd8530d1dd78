from tertial.core.sections import html_blocks, sanitise, section_html, text_to_html


def test_script_tags_are_removed_with_their_content():
    assert sanitise("<p>Hei</p><script>alert('x')</script>") == "<p>Hei</p>"


def test_event_handlers_styles_and_javascript_links_are_removed():
    cleaned = sanitise(
        '<p onclick="x()" style="color:red">A <a href="javascript:alert(1)">lenke</a></p><style>p{}</style>'
    )
    assert "onclick" not in cleaned and "style" not in cleaned and "javascript" not in cleaned
    assert cleaned.startswith("<p>A <a")


def test_safe_links_keep_their_href():
    assert 'href="https://levanger.kommune.no/"' in sanitise('<a href="https://levanger.kommune.no/">x</a>')


def test_plain_text_becomes_paragraphs_and_bullet_lists_with_html_escaped():
    html = text_to_html("Første <b>avsnitt</b>\nlinje to\n\n- ett\n- to")
    assert html == "<p>Første &lt;b&gt;avsnitt&lt;/b&gt;<br>linje to</p><ul><li>ett</li><li>to</li></ul>"
    assert section_html(text="<script>x</script>") == "<p>&lt;script&gt;x&lt;/script&gt;</p>"


def test_html_blocks_give_plain_paragraphs_headings_and_items_for_other_formats():
    blocks = html_blocks("<h3>Tittel</h3><p>A <strong>b</strong></p><ul><li>ett</li></ul>")
    assert blocks == [("h", "Tittel"), ("p", "A b"), ("li", "ett")]
