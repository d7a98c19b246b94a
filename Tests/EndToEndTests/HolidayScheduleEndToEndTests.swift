import CaseCore
import CaseSupport
import Foundation
import NodeLauncher
import TestSupport
import XCTest

/// The root publishes a year's holiday schedule once, with the real casectl, at one of two
/// certified casenode processes; the other learns it and dates a new dossier by it.
final class HolidayScheduleEndToEndTests: XCTestCase {
    private let nodes = CertifiedNodes()
    /// Three working days: the break published below moves its due date.
    private static let procedure = "1.001612"
    /// Days off published from today (Vietnam time), whatever the day: long enough that
    /// the procedure's three working days fall inside it without the schedule.
    private static let breakDays = 21

    override func tearDown() {
        nodes.stopAll()
    }

    private func casectl(_ arguments: [String], as node: CasenodeProcess) throws -> CasectlProcess.Run {
        try CasectlProcess.run(["--node", node.baseURL] + arguments, environment: node.adminEnvironment)
    }

    /// A holidays.json whose official years hold a break of `breakDays` days from `today`:
    /// each year's computed days plus the break's days in it.
    private static func scheduleFile(breakFrom today: CivilDate) throws -> (path: String, lastDayOff: CivilDate) {
        let breakDates = (0..<breakDays).map { today.adding(days: $0) }
        let years = Set(breakDates.map(\.year)).sorted()
        var holidays: [JSONValue] = []
        for year in years {
            let computed = try StatutoryHolidays.holidays(of: year)
            let extra = breakDates.filter { $0.year == year && !computed.map(\.date).contains($0) }
            holidays += computed.map { ["date": .string($0.date.iso), "name": .string($0.name)] }
            holidays += extra.map { ["date": .string($0.iso), "name": "Nghỉ thử nghiệm"] }
        }
        let file: JSONValue = [
            "source": "Thông báo nghỉ thử nghiệm (kiểm thử)",
            "officialYears": ["first": .int(Int64(years.first!)), "last": .int(Int64(years.last!))],
            "holidays": .array(holidays),
        ]
        let path = CasenodeProcess.temporaryDirectory("holidays") + "/schedule.json"
        try JSONWriter.string(file, pretty: true).write(toFile: path, atomically: true, encoding: .utf8)
        return (path, breakDates.last!)
    }

    private func fileDossier(at node: CasenodeProcess) throws -> Instant {
        let filing: JSONValue = ["procedureCode": .string(Self.procedure), "applicant": ["fullName": "Phạm Văn Lễ", "idNumber": "001190000007"]]
        let answer = try AuthorizedClient(baseURL: node.baseURL, token: node.adminToken).json("POST", "/v1/dossiers", filing)
        XCTAssertEqual(answer.status, 201, "\(answer.body)")
        return try XCTUnwrap(answer.body["dueAt"]?.stringValue.flatMap(VietnamTime.parseISO8601))
    }

    private func source(of year: Int, at node: CasenodeProcess) throws -> String? {
        let answer = try AuthorizedClient(baseURL: node.baseURL, token: node.adminToken).json("GET", "/v1/holidays?year=\(year)")
        return answer.body["source"]?.stringValue
    }

    func testAScheduleTheRootPublishesAtOneNodeDatesDossiersAtAnother() throws {
        let n1 = try nodes.start("n1", joining: [])
        let n2 = try nodes.start("n2", joining: [n1])
        let today = VietnamTime.civilDate(of: Instant(millisecondsSinceEpoch: Int64(Date().timeIntervalSince1970 * 1_000)))
        let (path, lastDayOff) = try Self.scheduleFile(breakFrom: today)
        let before = try fileDossier(at: n2)

        // Signed by a node's key, not the root's: refused, nothing changes.
        let forged = try HolidayScheduleSamples.schedule(today.year, by: SignedTokenSamples.n1.key)
        let refused = try AuthorizedClient(baseURL: n1.baseURL, token: n1.adminToken).json("POST", "/v1/admin/holidays", ["schedule": .string(forged.text)])
        XCTAssertEqual(refused.status, 403, "\(refused.body)")
        XCTAssertEqual(refused.body["error"]?["code"], "schedule_not_signed")
        XCTAssertEqual(try source(of: today.year, at: n1), "file", "the shipped holidays.json still rules \(today.year)")

        let published = try casectl(["holidays", "publish", path, "--root-key", try CasenodeProcess.rootKeyFile()], as: n1)
        XCTAssertEqual(published.exitCode, 0, published.error)
        XCTAssertTrue(published.standard.contains("Published the holiday schedule of \(today.year)"), published.standard)
        try eventually("n2 uses the schedule published at n1") { try source(of: lastDayOff.year, at: n2) == "published" }

        let after = try fileDossier(at: n2)
        XCTAssertGreaterThan(VietnamTime.civilDate(of: after), lastDayOff, "the clock starts after the published break")
        XCTAssertGreaterThan(after, before)
        let shown = try casectl(["holidays", "show"], as: n2)
        XCTAssertEqual(shown.exitCode, 0, shown.error)
        XCTAssertTrue(shown.standard.contains("published"), shown.standard)
    }

    func testANodeWithoutARootKeyRefusesAPublishedSchedule() throws {
        let plain = CasenodeProcess.forTests(id: "plain")
        try plain.start()
        nodes.keep(plain)
        let file = try Self.scheduleFile(breakFrom: CivilDate(iso: "2027-01-04")!)
        let run = try casectl(["holidays", "publish", file.path, "--root-key", try CasenodeProcess.rootKeyFile()], as: plain)
        XCTAssertEqual(run.exitCode, 1, run.standard)
        XCTAssertTrue(run.error.contains("no root key"), run.error)
        XCTAssertEqual(try source(of: 2027, at: plain), "computed")
    }
}
