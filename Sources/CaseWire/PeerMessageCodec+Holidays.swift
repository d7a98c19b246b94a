import CaseCore
import CaseReplication
import CaseSupport
/// The payloads of the holiday schedules' sync messages (kinds 23 and 24, version 8 and
/// later only), as `RootRecordSyncCodec` writes them:
///
///     holidayDigest     hash 32 bytes, isReply bool
///     holidaySchedules  schedules [bytes] (`HolidaySchedule.encoded`), at most
///                       `ReplicationNode.maxHolidaySchedulesPerMessage`, one per year
extension PeerMessageCodec {
    static func writeHolidayPayload(_ message: PeerMessage, to writer: inout WireWriter) {
        switch message {
        case .holidayDigest(let hash, let isReply):
            RootRecordSyncCodec.writeDigest(hash, isReply: isReply, to: &writer)
        case .holidaySchedules(let schedules):
            RootRecordSyncCodec.write(schedules, to: &writer)
        default:
            preconditionFailure("\(message.kind) is not a holiday schedule message")
        }
    }

    static func readHolidayPayload(_ kind: PeerMessage.Kind, version: UInt16, from reader: inout WireReader) throws(WireDecodingError) -> PeerMessage {
        try RootRecordSyncCodec.checkVersion(kind, version, "holiday schedules")
        switch kind {
        case .holidayDigest:
            let digest = try RootRecordSyncCodec.readDigest(from: &reader)
            return .holidayDigest(digest.hash, isReply: digest.isReply)
        case .holidaySchedules:
            return .holidaySchedules(try RootRecordSyncCodec.read(
                HolidaySchedule.self, maxCount: ReplicationNode.maxHolidaySchedulesPerMessage, what: "holiday schedules", from: &reader))
        default:
            preconditionFailure("\(kind) is not a holiday schedule message")
        }
    }
}
