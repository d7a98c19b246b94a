import CaseCore
import CaseReplication
import CaseSupport
@testable import CaseWire
import TestSupport
import XCTest

/// The holiday schedules' messages (kinds 23 and 24) are read as hostile input and travel
/// on version-8 sessions only: an older peer is sent none.
final class HolidayCodecTests: XCTestCase {
    private let schedules = PeerMessageSamples.holidaySchedules

    func testSchedulesAreRefusedInAnOlderFrameAndDroppedForAnOlderSession() throws {
        try assertTravelsOnlyOnVersion(8, [.holidaySchedules(schedules), .holidayDigest(Array(repeating: 1, count: 32), isReply: false)])
    }

    func testTwoSchedulesOfOneYearRefuseTheMessage() {
        let frame = PeerMessageCodec.encode(.holidaySchedules([schedules[0], schedules[0]]))
        XCTAssertThrowsError(try PeerMessageCodec.decode(frame)) { error in
            XCTAssertTrue("\(error)".contains("two holiday schedules of 2027"), "\(error)")
        }
    }

    func testATamperedOversizedOrTooNumerousScheduleIsRefused() {
        // count 1, the schedule's length (two bytes), then its format byte.
        assertRefusesTamperedOversizedOrTooManyRecords(
            .holidaySchedules, version: 8, oneRecord: .holidaySchedules([schedules[0]]), formatByteOffset: 3,
            maxRecordBytes: HolidaySchedule.maxEncodedBytes, maxCount: ReplicationNode.maxHolidaySchedulesPerMessage)
    }
}
