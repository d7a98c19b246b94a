import Foundation
import TestSupport
import XCTest
@testable import CaseNode

/// `casenode --catalogue FILE` and `--holidays FILE`: the shipped files load, and a bad file
/// is refused with its path and the place in it that is wrong.
final class ShippedDataTests: XCTestCase {
    func testTheShippedFilesLoad() throws {
        XCTAssertGreaterThanOrEqual(try ShippedData.catalogue().count, 25)
        XCTAssertFalse(try ShippedData.holidays(path: nil).holidays.isEmpty)
    }

    func testABadCatalogueFileIsNamedWithThePlaceInIt() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("procedures.json")
        try Data(#"""
            {"source": "tỉnh", "procedures": [
              {"code": "1.001193", "name": "Đăng ký khai sinh", "field": "Hộ tịch", "timeLimitWorkingDays": 1,
               "fees": [{"name": "Lệ phí", "amountVND": "miễn"}]}]}
            """#.utf8).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try ShippedData.catalogue(path: path)) { error in
            let message = "\(error)"
            XCTAssertTrue(message.hasPrefix("catalogue: \(path) is not a valid catalogue: procedure catalogue: "), message)
            XCTAssertTrue(message.hasSuffix(": procedures[0].fees[0].amountVND: expected a whole number, got string"), message)
        }
    }

    func testABadHolidayFileIsNamedWithThePlaceInIt() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("holidays.json")
        try Data("{\"source\": \"x\",\n \"holidays\": [{\"date\": \"2025-09-02\", \"name\": \"Quốc khánh\"},]}".utf8)
            .write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try ShippedData.holidays(path: path)) { error in
            let message = "\(error)"
            XCTAssertTrue(message.hasPrefix("holidays: \(path) is not a valid holiday calendar: holiday list: "), message)
            XCTAssertTrue(message.hasSuffix(": invalid JSON at line 2, column 60 (byte 78): trailing comma before ']' is not allowed"), message)
        }
    }
}
