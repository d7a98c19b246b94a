import CaseCore
import CaseCrypto
import CaseReplication
import CaseSupport

/// A record the cluster root signs that nodes spread by digest anti-entropy (holiday
/// schedules, province mergers): a message holds at most one per `syncKey`.
protocol SyncedRootRecord {
    associatedtype SyncKey: Hashable & CustomStringConvertible
    static var maxEncodedBytes: Int { get }
    var encoded: [UInt8] { get }
    var syncKey: SyncKey { get }
    init(encoded: [UInt8]) throws(WireDecodingError)
}

extension HolidaySchedule: SyncedRootRecord {
    var syncKey: Int { year }
}

extension ProvinceMerge: SyncedRootRecord {
    var syncKey: String { from.rawValue }
}

/// The payloads shared by the root records' sync messages:
///
///     digest    hash 32 bytes, isReply bool
///     records   records [bytes] (each `encoded`)
///
/// Records are read as hostile input: the count is checked against `maxCount` and the
/// bytes left before allocating, each record's size and fields are checked, and one key
/// twice in a message refuses the message. Signatures are checked later, against the
/// cluster's root, by the replication core.
enum RootRecordSyncCodec {
    static func writeDigest(_ hash: [UInt8], isReply: Bool, to writer: inout WireWriter) {
        precondition(hash.count == SHA256.digestByteCount, "a root records' digest is a SHA-256")
        writer.fixedBytes(hash)
        writer.bool(isReply)
    }

    static func readDigest(from reader: inout WireReader) throws(WireDecodingError) -> (hash: [UInt8], isReply: Bool) {
        let hash = try reader.readFixedBytes(count: SHA256.digestByteCount)
        return (hash, try reader.readBool())
    }

    static func write<Record: SyncedRootRecord>(_ records: [Record], to writer: inout WireWriter) {
        writer.array(records) { writer, record in writer.bytes(record.encoded) }
    }

    /// `what` names the records in errors ("holiday schedules").
    static func read<Record: SyncedRootRecord>(
        _ type: Record.Type, maxCount: Int, what: String, from reader: inout WireReader
    ) throws(WireDecodingError) -> [Record] {
        let records = try reader.readArray(maxCount: maxCount, minElementBytes: 1 + Ed25519.signatureByteCount) { reader throws(WireDecodingError) in
            try Record(encoded: try reader.readBytes(maxBytes: Record.maxEncodedBytes))
        }
        var keys = Set<Record.SyncKey>()
        for record in records where !keys.insert(record.syncKey).inserted {
            throw .invalidValue("two \(what) of \(record.syncKey) in one message")
        }
        return records
    }

    /// Refuses a sync message in a frame of a version older than the one that carries it.
    static func checkVersion(_ kind: PeerMessage.Kind, _ version: UInt16, _ what: String) throws(WireDecodingError) {
        let minimum = PeerProtocol.minimumVersion(of: kind)
        guard version >= minimum else {
            throw .invalidValue("\(kind) in a version-\(version) frame: \(what) travel on version-\(minimum) sessions only")
        }
    }
}
