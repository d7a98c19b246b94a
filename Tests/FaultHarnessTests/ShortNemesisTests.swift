import FaultHarness
import Foundation
import NodeLauncher
import TestSupport
import XCTest

/// The CI mode: the nemesis's short run, fixed seed, against the real casenode.
final class ShortNemesisTests: XCTestCase {
    func testShortRunLosesNothingAndConverges() throws {
        let binary = try CasenodeBinary(path: BuiltProducts.casenode.path)
        let options = NemesisOptions.short(seed: 1, resultsDirectory: NSTemporaryDirectory() + "casestore-nemesis-results")
        let outcome = try NemesisRunner(options: options, binary: binary) { print($0) }.run()
        print(outcome.report.text)
        XCTAssertTrue(outcome.report.passed, "\(outcome.report.text)\nsaved in \(outcome.resultsPath ?? "-")")
        XCTAssertEqual(outcome.report.lost, 0)
        XCTAssertEqual(outcome.report.divergentNodes, 0)
        XCTAssertGreaterThan(outcome.report.acknowledged, 0)
        // Every fault kind ran, except those the binary lacks a flag for (named in `skipped`).
        XCTAssertEqual(outcome.exercised.union(outcome.skipped.keys), Set(FaultKind.allCases))
        XCTAssertEqual(outcome.skipped.keys.filter { $0 != .clockOffset && $0 != .diskFull }, [])
        if binary.supportsClockOffset { XCTAssertTrue(outcome.exercised.contains(.clockOffset)) }
        if binary.supportsDebugFaults { XCTAssertTrue(outcome.exercised.contains(.diskFull)) }
    }
}
