"""The SVG bar charts of the statistics page: escaped text, bars to scale, no inline style."""

from annotations.web.charts import Series, bar_chart


def test_labels_and_titles_are_escaped():
    svg = bar_chart(["<script>"], [Series('a"b', [1])], title="x & <y>")
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "x &amp; &lt;y&gt;" in svg
    assert "style=" not in svg


def test_stacked_bars_share_one_column_and_the_scale_is_their_sum():
    svg = bar_chart(["w"], [Series("a", [1]), Series("b", [3])], title="t", stacked=True)
    assert svg.count("<rect") == 2 and ">4</text>" in svg


def test_a_missing_value_draws_no_bar_and_an_empty_chart_still_renders():
    assert bar_chart(["w"], [Series("a", [None])], title="t").count("<rect") == 0
    assert bar_chart([], [], title="t").startswith("<svg")


def test_intervals_draw_a_whisker_and_percent_scales_show_percent():
    svg = bar_chart(["v"], [Series("p", [0.5], [(0.3, 0.7)])], title="t", top=1, percent=True)
    assert 'class="chart-whisker"' in svg and "100 %" in svg
