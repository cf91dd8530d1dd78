from tertial.core.document import DeviationChart, WaterfallChart
from tertial.core.projection import Bridge, BridgeStep, TrackRecordRow, bridge_chart, track_record_chart

M = 1_000_000_00


def test_bridge_waterfall_draws_counted_steps_and_totals_from_zero():
    bridge = Bridge(
        (
            BridgeStep("sector", "Oppvekst", -10 * M, -10 * M),
            BridgeStep("measures", "Tiltak", 1 * M, -10 * M, counted=False),
            BridgeStep("subtotal", "Avvik enhetene", -10 * M, -10 * M),
            BridgeStep("central", "Renter", 2 * M, -8 * M),
            BridgeStep("total", "Netto prognose", -8 * M, -8 * M),
        )
    )
    chart = bridge_chart(bridge)
    assert isinstance(chart, WaterfallChart)
    assert [(s.label, s.amount, s.running, s.total) for s in chart.steps] == [
        ("Oppvekst", -10 * M, -10 * M, False),
        ("Avvik enhetene", -10 * M, -10 * M, True),
        ("Renter", 2 * M, -8 * M, False),
        ("Netto prognose", -8 * M, -8 * M, True),
    ]


def test_track_record_chart_takes_each_units_first_reported_error():
    rows = [
        TrackRecordRow("235", "Skole", "unit", 100 * M, ((4, None), (8, 3 * M)), "forsiktig"),
        TrackRecordRow("137", "Barnehage", "unit", 200 * M, ((4, -5 * M), (8, -1 * M)), "optimistisk"),
        TrackRecordRow("O", "Oppvekst", "sector", 300 * M, ((4, -5 * M), (8, 2 * M)), "treffsikker"),
    ]
    chart = track_record_chart(rows, 2023)
    assert isinstance(chart, DeviationChart)
    assert [(b.label, b.value) for b in chart.bars] == [("137 Barnehage", -5 * M), ("235 Skole", 3 * M)]
    assert chart.description[0].startswith("2 enheter; 1 meldte en prognose over endelig regnskap")
    assert track_record_chart([], 2023) is None
