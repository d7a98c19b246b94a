import CaseCore
import CaseCrypto
import CaseReplication
import CaseSupport
/// The payloads of the holiday schedules' sync messages (kinds 23 and 24, version 8 and
/// later only):
///
///     holidayDigest     hash 32 bytes, isReply bool
///     holidaySchedules  schedules [bytes] (`HolidaySchedule.encoded`)
///
/// Schedules are read as hostile input: the count is checked against
/// `ReplicationNode.maxHolidaySchedulesPerMessage` and the bytes left before allocating, each schedule's
/// size and fields are checked, and one year twice in a message refuses the message.
/// Signatures are checked later, against the cluster's root, by the replication core.
extension PeerMessageCodec {
    static func writeHolidayPayload(_ message: PeerMessage, to writer: inout WireWriter) {
        switch message {
        case .holidayDigest(let hash, let isReply):
            precondition(hash.count == SHA256.digestByteCount, "a holiday schedule digest is a SHA-256")
            writer.fixedBytes(hash)
            writer.bool(isReply)
        case .holidaySchedules(let schedules):
            writer.array(schedules) { writer, schedule in writer.bytes(schedule.encoded) }
        default:
            preconditionFailure("\(message.kind) is not a holiday schedule message")
        }
    }

    static func readHolidayPayload(_ kind: PeerMessage.Kind, version: UInt16, from reader: inout WireReader) throws(WireDecodingError) -> PeerMessage {
        guard version >= PeerProtocol.holidaysVersion else {
            throw .invalidValue("\(kind) in a version-\(version) frame: holiday schedules travel on version-\(PeerProtocol.holidaysVersion) sessions only")
        }
        switch kind {
        case .holidayDigest:
            let hash = try reader.readFixedBytes(count: SHA256.digestByteCount)
            return .holidayDigest(hash, isReply: try reader.readBool())
        case .holidaySchedules:
            let schedules = try reader.readArray(
                maxCount: ReplicationNode.maxHolidaySchedulesPerMessage, minElementBytes: 1 + Ed25519.signatureByteCount
            ) { reader throws(WireDecodingError) in
                try HolidaySchedule(encoded: try reader.readBytes(maxBytes: HolidaySchedule.maxEncodedBytes))
            }
            var years = Set<Int>()
            for schedule in schedules where !years.insert(schedule.year).inserted {
                throw .invalidValue("two holiday schedules of \(schedule.year) in one message")
            }
            return .holidaySchedules(schedules)
        default:
            preconditionFailure("\(kind) is not a holiday schedule message")
        }
    }
}
