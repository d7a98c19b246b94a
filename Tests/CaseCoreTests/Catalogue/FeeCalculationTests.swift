import CaseCore
import CaseSupport
import XCTest

/// Fees counted per case, per page and per copy (docs/fees.md), with the certified-copy fee
/// of Circular 226/2016/TT-BTC as the shipped catalogue writes it: 2,000 đ a page for the
/// first two pages, 1,000 đ a page from the third, at most 200,000 đ a copy.
final class FeeCalculationTests: XCTestCase {
    private let certifiedCopy = [
        Fee(name: "trang 1–2", amountVND: 2_000, unit: .perPage, toPage: 2),
        Fee(name: "từ trang 3", amountVND: 1_000, unit: .perPage, fromPage: 3, maxPerCopyVND: 196_000),
    ]

    private func paper(pages: Int? = nil, copies: Int? = nil) -> DocumentItem {
        DocumentItem(name: "Giấy khai sinh", originals: 1, copies: 0, pages: pages, copiesRequested: copies)
    }

    func testCertifiedCopiesAreChargedPerPageWithTheCapPerCopy() {
        let cases: [(documents: [DocumentItem], total: Int64, quantities: [Int64], why: String)] = [
            ([paper(pages: 5)], 7_000, [2, 3], "5 pages: 2 × 2,000 + 3 × 1,000"),
            ([paper(pages: 5, copies: 2)], 14_000, [4, 6], "two copies of 5 pages"),
            ([paper(pages: 1)], 2_000, [1, 0], "one page: the from-page-3 line charges nothing"),
            ([paper(pages: 2)], 4_000, [2, 0], "two pages"),
            ([paper(pages: 198)], 200_000, [2, 196], "198 pages reach the cap exactly"),
            ([paper(pages: 300)], 200_000, [2, 298], "300 pages: capped at 200,000 a copy"),
            ([paper(pages: 300, copies: 3)], 600_000, [6, 894], "the cap is per copy"),
            ([paper(pages: 3), paper(pages: 4, copies: 2)], 5_000 + 12_000, [6, 5], "each document its own pages and copies"),
            ([paper(copies: 2)], 4_000, [2, 0], "copies without pages: one page each"),
            ([], 2_000, [1, 0], "nothing stated: one copy of one page"),
            ([DocumentItem(name: "Tờ khai"), paper(pages: 5)], 7_000, [2, 3], "only documents that state counts are counted"),
        ]
        for (documents, total, quantities, why) in cases {
            let lines = FeeCalculation.lines(certifiedCopy, documents: documents)
            XCTAssertEqual(FeeCalculation.total(lines), total, why)
            XCTAssertEqual(lines.map(\.quantity), quantities, why)
            XCTAssertEqual(lines.map(\.unit), ["perPage", "perPage"], why)
        }
    }

    func testPerCopyAndPerCaseFees() {
        let extract = [Fee(name: "bản sao trích lục", amountVND: 8_000, unit: .perCopy)]
        XCTAssertEqual(FeeCalculation.total(FeeCalculation.lines(extract, documents: [paper(copies: 3)])), 24_000)
        XCTAssertEqual(FeeCalculation.total(FeeCalculation.lines(extract, documents: [])), 8_000, "one copy when none is stated")
        let perCase = [Fee(name: "lệ phí", amountVND: 15_000), Fee(name: "phí", amountVND: 5_000)]
        let lines = FeeCalculation.lines(perCase, documents: [paper(pages: 9, copies: 4)])
        XCTAssertEqual(lines.map(\.totalVND), [15_000, 5_000], "counts do not change a fee per case")
        XCTAssertEqual(lines.map(\.quantity), [1, 1])
        XCTAssertFalse(FeeCalculation.needsLines(perCase))
        XCTAssertTrue(FeeCalculation.needsLines(extract))
    }

    func testTotalsSaturateRatherThanOverflow() {
        let huge = [Fee(name: "phí", amountVND: ProcedureCatalogue.maxFeeVND, unit: .perPage)]
        let documents = Array(repeating: paper(pages: 5_000, copies: 100), count: 100)
        XCTAssertEqual(FeeCalculation.total(FeeCalculation.lines(huge, documents: documents)), .max)
    }
}
