import CaseCore
import CaseStorage
import CaseSupport
import XCTest
@testable import CaseNode

/// A report names each procedure as its dossiers were filed: after a code correction
/// (2.001019 was the estate division in the old catalogue, the will now), today's catalogue
/// would name past dossiers after another procedure.
final class ReportProcedureNameTests: XCTestCase {
    /// 2.001406's name now, which the old catalogue gave 2.001019.
    private static let estateDivision = try! ShippedData.catalogue().procedure(code: "2.001406")!.name

    func testRowsOfOneCodeFiledUnderTwoNamesAreApartEachNamedAsFiled() throws {
        let catalogue = try ShippedData.catalogue()
        let will = try XCTUnwrap(catalogue.procedure(code: "2.001019")).name
        var old = ReportCounts()
        old.receivedAtCounter = 2
        var new = ReportCounts()
        new.receivedAtCounter = 1
        let (first, last) = (CivilDate(iso: "2026-12-01")!, CivilDate(iso: "2026-12-31")!)
        let period = ReportPeriod(first: first, last: last, now: VietnamTime.parseISO8601("2027-01-05T09:00:00+07:00")!)
        let report = CentreReport(period: period, centre: nil, rows: [
            ReportKey(centre: "n1", procedureCode: "2.001019", procedureName: Self.estateDivision): old,
            ReportKey(centre: "n1", procedureCode: "2.001019", procedureName: will): new,
            ReportKey(centre: "n1", procedureCode: "1.001193", procedureName: ""): new,
        ])
        let json = report.json(first: first, last: last, node: "n1") { catalogue.procedure(code: $0, filedAs: $1) }
        let rows = json["centres"]?[0]?["procedures"]?.arrayValue ?? []
        XCTAssertEqual(rows.map { $0["procedureCode"]?.stringValue }, ["1.001193", "2.001019", "2.001019"], "one row per name filed")
        let byName = Dictionary(uniqueKeysWithValues: rows.compactMap { row in row["procedureName"]?.stringValue.map { ($0, row) } })
        XCTAssertEqual(byName[Self.estateDivision]?["figures"]?["received"], 2, "named as filed, not as today's 2.001019")
        XCTAssertEqual(byName[will]?["figures"]?["received"], 1)
        XCTAssertNotNil(byName[catalogue.procedure(code: "1.001193")!.name], "no stored name: the catalogue's")
        // The estate division's field is its own, under its corrected code (2.001406).
        XCTAssertEqual(byName[Self.estateDivision]?["procedureField"]?.stringValue, catalogue.procedure(code: "2.001406")?.field)
    }

    func testTheCatalogueFindsTheProcedureOfAFilingByCodeThenByName() throws {
        let catalogue = try ShippedData.catalogue()
        XCTAssertEqual(catalogue.procedure(code: "2.001019", filedAs: Self.estateDivision)?.code, "2.001406")
        XCTAssertEqual(catalogue.procedure(code: "2.001019", filedAs: catalogue.procedure(code: "2.001019")!.name)?.code, "2.001019")
        XCTAssertEqual(catalogue.procedure(code: "2.001019", filedAs: "")?.code, "2.001019")
        XCTAssertNil(catalogue.procedure(code: "2.001019", filedAs: "Thủ tục không còn"))
        XCTAssertNil(catalogue.procedure(code: "9.999999", filedAs: ""))
    }
}
