import XCTest
@testable import CaseNode

/// `--advertise-http` takes the node's own `host:port` (or `http://host:port`) or the https URL of a
/// TLS proxy in front of it.
final class AdvertisedAPIAddressTests: XCTestCase {
    func testHostPortAndHTTPSURLsAreAdvertisedInOneSpelling() throws {
        let accepted = [
            ("ba-dinh.hanoi.example:7400", "ba-dinh.hanoi.example:7400"),
            ("https://ba-dinh.hanoi.example", "https://ba-dinh.hanoi.example:443"),
            ("HTTPS://ba-dinh.hanoi.example:8443/", "https://ba-dinh.hanoi.example:8443"),
            ("http://ba-dinh.hanoi.example:7400", "ba-dinh.hanoi.example:7400"),
        ]
        for (given, advertised) in accepted {
            var configuration = NodeConfiguration()
            try configuration.apply(["advertise-http": given], source: "--")
            XCTAssertEqual(configuration.advertisedHTTPAddress, advertised, given)
        }
    }

    func testAnythingElseIsRefusedNamingTheSetting() {
        let refused = [
            ("https://ba-dinh.hanoi.example/api", "no path"),
            ("https://admin@ba-dinh.hanoi.example", "no path, query or user name"),
            ("ba-dinh.hanoi.example", "expected host:port"),
            ("ftp://ba-dinh.hanoi.example", "expected host:port or https://host[:port]"),
        ]
        for (given, fragment) in refused {
            var configuration = NodeConfiguration()
            XCTAssertThrowsError(try configuration.apply(["advertise-http": given], source: "--"), given) { error in
                XCTAssertTrue("\(error)".hasPrefix("--advertise-http: "), "\(error)")
                XCTAssertTrue("\(error)".contains(fragment), "\(given): \(error)")
            }
        }
    }
}
