import XCTest
import CaseCLI
import CaseArguments

final class TextTableTests: XCTestCase {
    private func dossierTable() -> TextTable {
        TextTable(columns: [
            .init("CODE"),
            .init("APPLICANT", maxWidth: 14),
            .init("STATUS"),
            .init("DAYS", alignment: .right),
        ])
    }

    func testGoldenTableWithVietnameseNamesInAnyNormalForm() {
        var table = dossierTable()
        table.addRow(["HS-0001", "Nguyễn Văn Ánh", "received", "3"])
        table.addRow(["HS-0002", "Đa\u{0323}\u{0306}ng Thi\u{0323} Hoa", "in progress", "12"])   // decomposed
        table.addRow(["HS-0003", "Trần Thị Thu Hương", "done", "120"])
        XCTAssertEqual(table.render(), """
            CODE     APPLICANT       STATUS       DAYS
            -------  --------------  -----------  ----
            HS-0001  Nguyễn Văn Ánh  received        3
            HS-0002  Đặng Thị Hoa    in progress    12
            HS-0003  Trần Thị Thu …  done          120

            """)
    }

    func testRendersCellsInNFC() {
        var table = TextTable(columns: [.init("NAME")])
        table.addRow(["Đa\u{0323}\u{0306}ng"])
        XCTAssertTrue(table.render().contains("Đặng"))
        XCTAssertEqual(table.rows, [["Đặng"]])
    }

    func testNoTrailingSpacesEvenWithEmptyAndShortLastCells() {
        var table = TextTable(columns: [.init("A"), .init("NOTE")])
        table.addRow(["x", ""])
        table.addRow(["longer", "n"])
        XCTAssertEqual(table.render(), """
            A       NOTE
            ------  ----
            x
            longer  n

            """)
    }

    func testHeaderOnlyTable() {
        let table = TextTable(columns: [.init("CODE"), .init("N", alignment: .right)])
        XCTAssertEqual(table.render(), "CODE  N\n----  -\n")
    }

    func testControlCharactersCannotBreakTheLayout() {
        var table = TextTable(columns: [.init("A"), .init("B")])
        table.addRow(["one\ntwo", "tab\there\u{1B}[31m"])
        XCTAssertEqual(table.render(), """
            A        B
            -------  -------------
            one two  tab here [31m

            """)
    }

    func testWideCharactersAlign() {
        var table = TextTable(columns: [.init("NAME"), .init("N", alignment: .right)])
        table.addRow(["日本", "1"])
        table.addRow(["abc", "22"])
        XCTAssertEqual(table.render(), """
            NAME   N
            ----  --
            日本   1
            abc   22

            """)
    }

    func testRowsPastTheLimitAreCountedNotKept() {
        var table = TextTable(columns: [.init("N", alignment: .right)], maxRowCount: 2)
        for number in 1...5 { table.addRow(["\(number)"]) }
        XCTAssertEqual(table.rows.count, 2)
        XCTAssertEqual(table.omittedRowCount, 3)
        XCTAssertEqual(table.render(), "N\n-\n1\n2\n… and 3 more rows\n")

        var oneOver = TextTable(columns: [.init("N")], maxRowCount: 0)
        oneOver.addRow(["1"])
        XCTAssertEqual(oneOver.render(), "N\n-\n… and 1 more row\n")
    }

    func testCellsAreCutToTheHardWidthLimit() {
        var table = TextTable(columns: [.init("X")])
        table.addRow([String(repeating: "x", count: TextTable.hardMaxCellWidth * 3)])
        XCTAssertEqual(TerminalWidth.cells(of: table.rows[0][0]), TextTable.hardMaxCellWidth)
        XCTAssertTrue(table.rows[0][0].hasSuffix("…"))
    }

    func testRenderingIsDeterministic() {
        var table = dossierTable()
        table.addRow(["HS-0001", "Nguyễn Văn Ánh", "received", "3"])
        XCTAssertEqual(table.render(), table.render())
    }
}
