"""The API reference's reading of the schema: its Markdown and its types in words."""

from django.utils import translation

from hallway.api.docs import prose, type_html


def test_prose_knows_paragraphs_code_and_bold_and_escapes_the_rest():
    text = "Send `Authorization: Bearer <token>`\nto **every** route.\n\n<script>alert(1)</script>"
    assert prose(text) == (
        "<p>Send <code>Authorization: Bearer &lt;token&gt;</code> to <strong>every</strong>"
        " route.</p>\n<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"
    )
    assert prose("") == ""


def test_types_in_words_link_the_schemas_they_name():
    optional_page = {"anyOf": [{"$ref": "#/components/schemas/PersonPage"}, {"type": "null"}]}
    assert type_html(optional_page) == (
        '<a href="#schema-PersonPage"><code>PersonPage</code></a> or <code>null</code>'
    )
    dates = {"type": "array", "items": {"type": "string", "format": "date"}}
    assert type_html(dates) == "list of <code>string (date)</code>"
    assert type_html({"enum": ["en", "de"], "type": "string"}) == (
        "one of <code>&quot;en&quot;</code>, <code>&quot;de&quot;</code>"
    )
    with translation.override("nl"):
        assert type_html(dates) == "lijst van <code>string (date)</code>"
