import XCTest

@testable import CaseCore

/// Search keys by table (`VietnameseText.foldedByTable`) equal those of the general
/// path, scalar by scalar and on whole names.
final class VietnameseTextSearchFoldTests: XCTestCase {
    func testEveryTableScalarFoldsAsTheGeneralPathFoldsIt() {
        var checked = 0
        for value in Array(UInt32(0)..<0x250) + Array(UInt32(0x1E00)...0x1EFF) {
            let text = String(Character(Unicode.Scalar(value)!))
            XCTAssertEqual(VietnameseText.foldedByTable(text), VietnameseText.foldedByDecomposing(text), "U+\(String(value, radix: 16))")
            checked += 1
        }
        XCTAssertEqual(checked, 0x250 + 0x100)
    }

    func testNamesFoldTheSameByTableAndByDecomposing() {
        let names = [
            "Nguyễn Văn Ánh", "ĐẶNG THỊ HỒNG NHUNG", "Huỳnh Bảo Ngọc", "Trần Quốc Tuấn", "Phạm Thị Thu Hà",
            "Lê Hữu Phước", "Vũ Đức Dũng", "Ông Ích Khiêm", "Nông Thị Xuân", "Đỗ Ngọc Ẩn", "Müller Ærø Ǆemal",
        ]
        for name in names {
            XCTAssertEqual(VietnameseText.foldedByTable(name), VietnameseText.foldedByDecomposing(name), name)
        }
        XCTAssertEqual(VietnameseText.searchKey("  Đặng   Thị Ánh "), "dang thi anh")
    }

    func testTextOutsideTheTableTakesTheGeneralPath() {
        XCTAssertNil(VietnameseText.foldedByTable("Nguyễn 😀"), "an emoji is not in the table")
        XCTAssertNil(VietnameseText.foldedByTable("Ελένη"), "Greek letters are not in the table")
        XCTAssertEqual(VietnameseText.searchKey("Σοφία Đặng"), VietnameseText.foldedByDecomposing("Σοφία Đặng"))
        XCTAssertEqual(VietnameseText.searchKey("Nguyễn 😀"), "nguyen 😀")
    }
}
