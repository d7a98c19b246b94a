import CaseCore
import Foundation
import XCTest

extension XCTestCase {
    /// Polls `condition` every 20 ms until it holds or `seconds` pass: waiting on a
    /// condition, never sleeping blindly. Fails the test (and throws) on timeout.
    func eventually(_ what: String, within seconds: Double = 30, _ condition: () throws -> Bool) throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try condition() { return }
            usleep(20_000)
        }
        XCTFail("timed out after \(seconds)s waiting until \(what)")
        throw NodeProcessError("timed out: \(what)")
    }
}

extension NodeProcess {
    /// This node's `GET /v1/cluster`.
    func cluster() throws -> JSONValue {
        try client().json("GET", "/v1/cluster").body
    }
}
