@testable import Bench
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest

final class LineChartTests: XCTestCase {
    private func chart(logX: Bool = false) -> LineChart {
        LineChart(
            title: "Filings <per> second & \"clients\"", xLabel: "clients", yLabel: "filings/s",
            series: [ChartSeries(name: "node", points: [(x: 1, y: 0), (x: 10, y: 50), (x: 100, y: 100)]),
                     ChartSeries(name: "ceiling", points: [(x: 1, y: 80), (x: 100, y: 80)], dashed: true, markers: false)],
            logX: logX)
    }

    func testDocumentIsWellFormedXML() throws {
        for logX in [false, true] {
            let svg = chart(logX: logX).render()
            let document = try XMLDocument(data: Data(svg.utf8))
            XCTAssertEqual(document.rootElement()?.name, "svg")
            XCTAssertEqual(document.rootElement()?.elements(forName: "polyline").count, 2)
            XCTAssertTrue(svg.contains("Filings &lt;per&gt; second &amp; &quot;clients&quot;"))
        }
    }

    func testPointsAreScaledIntoThePlotArea() {
        let chart = chart()
        let bounds = chart.bounds
        XCTAssertEqual(bounds.minX, 1)
        XCTAssertEqual(bounds.maxX, 100)
        XCTAssertEqual(bounds.maxY, 105, accuracy: 1e-9)
        let origin = chart.position(x: 1, y: 0)
        XCTAssertEqual(origin.x, chart.margin.left, accuracy: 1e-9)
        XCTAssertEqual(origin.y, chart.height - chart.margin.bottom, accuracy: 1e-9)
        let farRight = chart.position(x: 100, y: 105)
        XCTAssertEqual(farRight.x, chart.width - chart.margin.right, accuracy: 1e-9)
        XCTAssertEqual(farRight.y, chart.margin.top, accuracy: 1e-9)
    }

    func testLogAxisPutsDecadesEvenlyApart() {
        let chart = chart(logX: true)
        let one = chart.position(x: 1, y: 0).x, ten = chart.position(x: 10, y: 0).x, hundred = chart.position(x: 100, y: 0).x
        XCTAssertEqual(ten - one, hundred - ten, accuracy: 1e-9)
        XCTAssertTrue(chart.render().contains(">1000<") == false)
    }

    func testDashedSeriesAndMarkers() {
        let svg = chart().render()
        XCTAssertEqual(svg.components(separatedBy: "<circle").count - 1, 3, "markers only on the measured series")
        XCTAssertTrue(svg.contains(#"stroke-dasharray="6 4" points="#))
    }

    func testNiceTicksCoverTheRange() {
        let cases: [(low: Double, high: Double, expected: [Double])] = [
            (0, 100, [0, 20, 40, 60, 80, 100]),
            (0, 1, [0, 0.2, 0.4, 0.6000000000000001, 0.8, 1]),
            (0, 7, [0, 2, 4, 6]),
        ]
        for (low, high, expected) in cases {
            let ticks = LineChart.niceTicks(low, high)
            XCTAssertEqual(ticks.count, expected.count, "\(low)…\(high): \(ticks)")
            for (tick, want) in zip(ticks, expected) { XCTAssertEqual(tick, want, accuracy: 1e-9) }
        }
    }
}
