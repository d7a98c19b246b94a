import CaseCore
import CaseSQLite
@testable import CaseStorage
import TestSupport
import XCTest

/// The root's published holiday schedules are kept one per year, the latest winning, and a
/// database of the release before them (migration 10) gains their table with nothing lost.
final class HolidayScheduleStorageTests: XCTestCase {
    func testTheLatestScheduleOfEachYearIsKeptAndSurvivesAReopen() throws {
        let fixture = try StoreFixture()
        let store = try fixture.store("n1")
        let first = try HolidayScheduleSamples.schedule(2027)
        let correction = try HolidayScheduleSamples.schedule(2027, extraDaysOff: ["2027-02-12"], atMs: HolidayScheduleSamples.issuedAtMs + 1)
        let next = try HolidayScheduleSamples.schedule(2028)

        XCTAssertEqual(try store.write { try $0.storeHolidaySchedules([first, next]) }, [first, next])
        XCTAssertEqual(try store.write { try $0.storeHolidaySchedules([correction]) }, [correction])
        XCTAssertEqual(try store.write { try $0.storeHolidaySchedules([first, next]) }, [], "an older or the same schedule changes nothing")
        store.close()

        let reopened = try fixture.store("n1")
        XCTAssertEqual(try reopened.read { try $0.holidaySchedules() }, [correction, next])
    }

    func testMigrationsElevenToThirteenAddTheirTablesToADatabaseOfTheReleaseBefore() throws {
        let fixture = try StoreFixture()
        let log = try fixture.log("old")
        var events = EventFactory()
        let filing = events.filed(EventFactory.code(1), at: "n1")
        _ = try log.apply([filing], certificates: [])
        log.store.close()
        try rawExecute(log.store, "DROP TABLE holiday_schedules; DROP TABLE shared_dossiers; DROP TABLE province_merges; PRAGMA user_version = 10;")

        let reopened = try fixture.store("old")
        XCTAssertEqual(try rawRows(reopened, "PRAGMA user_version").first?.integer(0), 13)
        XCTAssertEqual(try reopened.read { try $0.provinceMerges() }, [], "migration 13 adds the root's province mergers, none until one is signed")
        XCTAssertEqual(try rawRows(reopened, "SELECT count(*) FROM shared_dossiers").first?.integer(0), 0,
                       "migration 12 adds the dossiers shared with other provinces, none until the node divides")
        XCTAssertEqual(try reopened.read { try $0.holidaySchedules() }, [], "an upgraded node holds no schedule until one is published")
        XCTAssertEqual(try reopened.read { try $0.versionVector() }["n1"], 1, "the events held are kept")
        let schedule = try HolidayScheduleSamples.schedule(2027)
        _ = try reopened.write { try $0.storeHolidaySchedules([schedule]) }
        XCTAssertEqual(try reopened.read { try $0.holidaySchedules() }, [schedule])
    }
}
