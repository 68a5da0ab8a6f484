from django.template import Context, Template

from hemis.core import charts

BARS = {
    "data": {"values": [{"answer": "Yes", "states": 12}, {"answer": "No", "states": 5}]},
    "mark": "bar",
    "encoding": {
        "x": {"field": "states", "type": "quantitative"},
        "y": {"field": "answer", "type": "nominal"},
    },
}


def test_it_draws_a_specification_as_svg_without_a_browser():
    drawing = charts.svg(BARS)
    assert drawing.lstrip().startswith("<svg")
    assert ">Yes<" in drawing
    assert ">No<" in drawing


def test_it_adds_the_shared_look_without_changing_the_callers_specification():
    complete = charts.spec(BARS)
    assert complete["$schema"] == charts.SCHEMA
    assert complete["config"]["font"] == charts.CONFIG["font"]
    assert "config" not in BARS


def test_the_chart_tag_embeds_the_specification_with_a_label():
    page = Template("{% load hemis %}{% chart spec 'Answers to question A1' 'a1' %}").render(
        Context({"spec": BARS})
    )
    assert 'role="img"' in page
    assert 'aria-label="Answers to question A1"' in page
    assert 'data-chart-spec="a1-spec"' in page
    assert '<script id="a1-spec" type="application/json">' in page
    assert '"states": 12' in page
