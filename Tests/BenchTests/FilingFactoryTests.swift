@testable import Bench
import CaseCore
import Foundation
import XCTest
import CaseSupport

final class FilingFactoryTests: XCTestCase {
    func testFilingsAreValidRealisticAndAboutOneAndAHalfKilobytes() throws {
        let catalogueURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Sources/CaseNode/Resources/procedures.json")
        let validator = FilingValidator(catalogue: try ProcedureCatalogue.load(jsonData: Data(contentsOf: catalogueURL)))
        var factory = FilingFactory(seed: 7)
        for _ in 0..<200 {
            let json = factory.next()
            let bytes = JSONWriter.serialize(json).count
            XCTAssertTrue((1_100...1_900).contains(bytes), "a filing of \(bytes) bytes")
            let request = try FilingRequest(json: json)
            XCTAssertNoThrow(try validator.validate(request), "\(request.applicant)")
            XCTAssertEqual(request.applicant.fullName, request.applicant.fullName.precomposedStringWithCanonicalMapping)
        }
    }

    func testSameSeedSameFilings() {
        var first = FilingFactory(seed: 3), second = FilingFactory(seed: 3), other = FilingFactory(seed: 4)
        let a = (0..<5).map { _ in first.next() }
        XCTAssertEqual(a, (0..<5).map { _ in second.next() })
        XCTAssertNotEqual(a, (0..<5).map { _ in other.next() })
    }
}
