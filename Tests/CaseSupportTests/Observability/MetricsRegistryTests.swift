import Dispatch
import XCTest
@testable import CaseSupport

final class MetricsRegistryTests: XCTestCase {
    func testGoldenRenderingOfEveryKind() {
        let metrics = MetricsRegistry()
        let requests = metrics.counter("http_requests_total", help: "HTTP requests served.", labelNames: ["method", "status"])
        let peers = metrics.gauge("peers_connected", help: "Peers with an open connection.")
        let latency = metrics.histogram("http_request_duration_seconds", help: "Time to answer a request.",
                                        labelNames: ["route"], buckets: [0.005, 0.1, 1])
        _ = metrics.counter("dossiers_received_total", help: "Dossiers received.")

        requests.increment(labels: ["status": "200", "method": "GET"])
        requests.increment(by: 2, labels: ["method": "GET", "status": "200"])
        requests.increment(labels: ["method": "POST", "status": "201"])
        requests.increment(labels: ["method": "GET", "status": "404"])
        peers.set(3)
        peers.decrement()
        peers.increment(by: 0.5)
        for seconds in [0.001, 0.005, 0.05, 2.5] { latency.observe(seconds, labels: ["route": "/dossiers"]) }
        latency.observe(0.2, labels: ["route": "/cluster"])

        XCTAssertEqual(metrics.render(), """
            # HELP dossiers_received_total Dossiers received.
            # TYPE dossiers_received_total counter
            dossiers_received_total 0
            # HELP http_request_duration_seconds Time to answer a request.
            # TYPE http_request_duration_seconds histogram
            http_request_duration_seconds_bucket{route="/cluster",le="0.005"} 0
            http_request_duration_seconds_bucket{route="/cluster",le="0.1"} 0
            http_request_duration_seconds_bucket{route="/cluster",le="1"} 1
            http_request_duration_seconds_bucket{route="/cluster",le="+Inf"} 1
            http_request_duration_seconds_sum{route="/cluster"} 0.2
            http_request_duration_seconds_count{route="/cluster"} 1
            http_request_duration_seconds_bucket{route="/dossiers",le="0.005"} 2
            http_request_duration_seconds_bucket{route="/dossiers",le="0.1"} 3
            http_request_duration_seconds_bucket{route="/dossiers",le="1"} 3
            http_request_duration_seconds_bucket{route="/dossiers",le="+Inf"} 4
            http_request_duration_seconds_sum{route="/dossiers"} 2.556
            http_request_duration_seconds_count{route="/dossiers"} 4
            # HELP http_requests_total HTTP requests served.
            # TYPE http_requests_total counter
            http_requests_total{method="GET",status="200"} 3
            http_requests_total{method="GET",status="404"} 1
            http_requests_total{method="POST",status="201"} 1
            # HELP peers_connected Peers with an open connection.
            # TYPE peers_connected gauge
            peers_connected 2.5

            """)
    }

    func testLabelValuesAndHelpAreEscaped() {
        let metrics = MetricsRegistry()
        let errors = metrics.counter("errors_total", help: "Errors by message.\nSecond line with \\ and \"quotes\".",
                                     labelNames: ["message"])
        errors.increment(labels: ["message": "bad \"path\" C:\\x\nnext"])
        errors.increment(labels: ["message": "Hồ sơ"])
        XCTAssertEqual(metrics.render(), """
            # HELP errors_total Errors by message.\\nSecond line with \\\\ and "quotes".
            # TYPE errors_total counter
            errors_total{message="Hồ sơ"} 1
            errors_total{message="bad \\"path\\" C:\\\\x\\nnext"} 1

            """)
    }

    func testNumbersAreFormattedForPrometheus() {
        let metrics = MetricsRegistry()
        let gauge = metrics.gauge("g", help: "A gauge.", labelNames: ["case"])
        let cases: [(String, Double, String)] = [
            ("a_int", 42, "42"), ("b_negative", -7, "-7"), ("c_fraction", 0.25, "0.25"),
            ("d_large", 1e20, "1e+20"), ("e_small", 1e-7, "1e-07"), ("f_inf", .infinity, "+Inf"),
            ("g_minus_inf", -.infinity, "-Inf"), ("h_nan", .nan, "NaN"), ("i_zero", -0.0, "0"),
        ]
        for (label, value, _) in cases { gauge.set(value, labels: ["case": label]) }
        let samples = metrics.render().split(separator: "\n").dropFirst(2).map(String.init)
        XCTAssertEqual(samples, cases.map { "g{case=\"\($0.0)\"} \($0.2)" })
    }

    func testSeriesPastTheLimitFoldIntoOther() {
        let metrics = MetricsRegistry(maxSeriesPerFamily: 3)
        let hits = metrics.counter("hits_total", help: "Hits by path.", labelNames: ["path", "method"])
        for path in ["/a", "/b", "/c", "/d", "/a"] {
            hits.increment(labels: ["path": path, "method": "GET"])
        }
        hits.increment(labels: ["path": "/e", "method": "PUT"])
        XCTAssertEqual(metrics.render(), """
            # HELP hits_total Hits by path.
            # TYPE hits_total counter
            hits_total{path="/a",method="GET"} 2
            hits_total{path="/b",method="GET"} 1
            hits_total{path="_other_",method="_other_"} 3
            # HELP metrics_series_folded_total Updates that went to the _other_ series because the metric had too many label combinations.
            # TYPE metrics_series_folded_total counter
            metrics_series_folded_total{family="hits_total"} 3

            """)
    }

    func testManyHostileLabelValuesStayBounded() {
        let metrics = MetricsRegistry()
        let hits = metrics.counter("hits_total", help: "Hits by path.", labelNames: ["path"])
        for index in 0..<5_000 { hits.increment(labels: ["path": "/probe/\(index)"]) }
        let sampleLines = metrics.render().split(separator: "\n").filter { $0.hasPrefix("hits_total{") }
        XCTAssertEqual(sampleLines.count, MetricsRegistry.defaultMaxSeriesPerFamily)
        XCTAssertTrue(metrics.render().contains("hits_total{path=\"_other_\"} 4001\n"))
    }

    func testLongLabelValuesAreCut() {
        let metrics = MetricsRegistry()
        let counter = metrics.counter("c_total", help: "C.", labelNames: ["v"])
        counter.increment(labels: ["v": String(repeating: "x", count: 1_000)])
        let expected = "c_total{v=\"\(String(repeating: "x", count: MetricsRegistry.maxLabelValueCharacters))\"} 1"
        XCTAssertTrue(metrics.render().contains(expected + "\n"))
    }

    func testRegisteringTheSameMetricTwiceSharesIt() {
        let metrics = MetricsRegistry()
        metrics.counter("c_total", help: "C.").increment()
        metrics.counter("c_total", help: "C.").increment()
        XCTAssertTrue(metrics.render().hasSuffix("c_total 2\n"))
    }

    func testLabelledFamilyWithoutSeriesShowsOnlyItsHeader() {
        let metrics = MetricsRegistry()
        _ = metrics.gauge("queue_length", help: "Items waiting.", labelNames: ["queue"])
        XCTAssertEqual(metrics.render(), "# HELP queue_length Items waiting.\n# TYPE queue_length gauge\n")
    }

    func testConcurrentUpdatesAreAllCounted() {
        let metrics = MetricsRegistry()
        let counter = metrics.counter("events_total", help: "Events.", labelNames: ["worker"])
        let histogram = metrics.histogram("sizes_bytes", help: "Sizes.", buckets: [10, 100])
        DispatchQueue.concurrentPerform(iterations: 8) { worker in
            for index in 0..<1_000 {
                counter.increment(labels: ["worker": "\(worker % 2)"])
                histogram.observe(Double(index % 200))
                if index % 100 == 0 { _ = metrics.render() }
            }
        }
        let text = metrics.render()
        XCTAssertTrue(text.contains("events_total{worker=\"0\"} 4000\n"), text)
        XCTAssertTrue(text.contains("events_total{worker=\"1\"} 4000\n"), text)
        XCTAssertTrue(text.contains("sizes_bytes_bucket{le=\"10\"} 440\n"), text)
        XCTAssertTrue(text.contains("sizes_bytes_bucket{le=\"100\"} 4040\n"), text)
        XCTAssertTrue(text.contains("sizes_bytes_count 8000\n"), text)
    }
}
