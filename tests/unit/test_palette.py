from office_app.services.reporting.palette import RISK_COLORS, contrast_ratio, text_color_on


def test_risk_colours_are_the_agreed_ones() -> None:
    assert RISK_COLORS == {"高": "#D32F2F", "中": "#F57C00", "低": "#388E3C"}


def test_text_on_risk_colours_is_readable() -> None:
    for color in RISK_COLORS.values():
        assert contrast_ratio(text_color_on(color), color) >= 4.5


def test_contrast_ratio_extremes() -> None:
    assert round(contrast_ratio("#000000", "#FFFFFF"), 1) == 21.0
    assert contrast_ratio("#777777", "#777777") == 1.0
