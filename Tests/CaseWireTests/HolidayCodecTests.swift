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
        let kind = PeerMessage.Kind.holidaySchedules.rawValue
        var payload = PeerMessageCodec.encodePayload(.holidaySchedules([schedules[0]]))
        // count 1, the schedule's length (two bytes), then its format byte.
        payload[3] = 9
        XCTAssertThrowsError(try PeerMessageCodec.decode(type: kind, version: 8, payload: payload))
        var writer = WireWriter(reservingCapacity: 8)
        writer.varint(1)
        writer.bytes(Array(repeating: 1, count: HolidaySchedule.maxEncodedBytes + 1))
        XCTAssertThrowsError(try PeerMessageCodec.decode(type: kind, version: 8, payload: writer.buffer))
        var many = WireWriter(reservingCapacity: 8)
        many.varint(UInt64(ReplicationNode.maxHolidaySchedulesPerMessage + 1))
        XCTAssertThrowsError(try PeerMessageCodec.decode(type: kind, version: 8, payload: many.buffer)) { error in
            XCTAssertTrue("\(error)".contains("at most \(ReplicationNode.maxHolidaySchedulesPerMessage)"), "\(error)")
        }
    }
}
