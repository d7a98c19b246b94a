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

    /// docs/procedures.md's table of current codes is the shipped file's: every code with its
    /// name, no other (a code correction changes both, or this fails).
    func testTheDocumentedCodesAreTheShippedCatalogues() throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let page = try String(contentsOf: repository.appendingPathComponent("docs/procedures.md"), encoding: .utf8)
        let section = try XCTUnwrap(page.components(separatedBy: "## The current codes").dropFirst().first?.components(separatedBy: "\n## ").first)
        let documented = section.split(separator: "\n").compactMap { line -> String? in
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 2, let code = cells[0].split(separator: " ").first, code.first?.isNumber == true else { return nil }
            return "\(code) \(cells[1])"
        }
        let shipped = try ShippedData.catalogue().all.map { "\($0.code) \($0.name)" }
        XCTAssertEqual(documented.sorted(), shipped.sorted())
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
