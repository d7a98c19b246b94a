import CaseCore
import CaseReplication
import CaseSupport
/// The fields shared by several message kinds: node ids, membership records
/// and version vectors.
extension PeerMessageCodec {
    /// A member state's number on the wire. Like message types, these numbers
    /// are part of the protocol: append new states, never renumber.
    static func stateCode(_ state: MemberState) -> UInt8 {
        switch state {
        case .alive: return 0
        case .suspect: return 1
        case .dead: return 2
        case .retired: return 3
        }
    }

    static func state(code: UInt8) throws(WireDecodingError) -> MemberState {
        switch code {
        case 0: return .alive
        case 1: return .suspect
        case 2: return .dead
        case 3: return .retired
        default: throw .invalidValue("unknown member state \(code): known states are 0 (alive), 1 (suspect), 2 (dead), 3 (retired)")
        }
    }

    /// Fewest bytes a record takes: a 1-byte id with its length, two empty
    /// addresses, a 1-byte incarnation and the state.
    static let minRecordBytes = 6
    /// Fewest bytes a version-vector entry takes: a 1-byte origin with its length, a 1-byte head.
    static let minVersionVectorEntryBytes = 3

    static func readNodeID(from reader: inout WireReader, field: String) throws(WireDecodingError) -> String {
        let id = try reader.readString(maxBytes: PeerMessageCodecLimits.maxNodeIDBytes)
        guard NodeName.isValid(id) else {
            throw .invalidValue("\(field) \(String(reflecting: id)) is not a node id: 1 to \(NodeName.maxLength) of a-z, 0-9, '-', '_', '.', starting with a letter or digit")
        }
        return id
    }

    /// A version vector's key (`StreamScope`): an origin's node id, or for a sparse stream
    /// the node id, `@` and a province code (`n7@79`). Builds before province streams read
    /// keys as node ids and refuse the second form; only nodes divided into provinces, which
    /// speak version 7 with every peer, send it.
    static func readStreamKey(from reader: inout WireReader) throws(WireDecodingError) -> String {
        let key = try reader.readString(maxBytes: PeerMessageCodecLimits.maxNodeIDBytes + 3)
        let origin = StreamScope.origin(ofKey: key)
        let province = key.count > origin.count ? String(key.dropFirst(origin.count + 1)) : nil
        guard NodeName.isValid(origin), province.map({ ProvinceCode($0) != nil }) ?? true else {
            throw .invalidValue("version vector key \(String(reflecting: key)) is not a node id, nor one with '@' and a province code")
        }
        return key
    }

    static func writeRecords(_ records: [MemberRecord], to writer: inout WireWriter) {
        writer.array(records) { writer, record in writeRecord(record, to: &writer) }
    }

    static func writeRecord(_ record: MemberRecord, to writer: inout WireWriter) {
        writer.string(record.id)
        writer.string(record.peerAddress)
        writer.string(record.httpAddress)
        writer.varint(record.incarnation)
        writer.u8(stateCode(record.state))
    }

    static func readRecords(from reader: inout WireReader, maxCount: Int) throws(WireDecodingError) -> [MemberRecord] {
        try reader.readArray(maxCount: maxCount, minElementBytes: minRecordBytes) { reader throws(WireDecodingError) in
            try readRecord(from: &reader)
        }
    }

    static func readRecord(from reader: inout WireReader) throws(WireDecodingError) -> MemberRecord {
        let id = try readNodeID(from: &reader, field: "member id")
        let peerAddress = try reader.readString(maxBytes: PeerMessageCodecLimits.maxAddressBytes)
        let httpAddress = try reader.readString(maxBytes: PeerMessageCodecLimits.maxAddressBytes)
        let incarnation = try reader.readVarint()
        let state = try state(code: try reader.readU8())
        return MemberRecord(id: id, peerAddress: peerAddress, httpAddress: httpAddress, incarnation: incarnation, state: state)
    }

    /// Origins in ascending order, so equal vectors are equal bytes (a
    /// dictionary's own order differs from process to process).
    static func writeVersionVector(_ vector: VersionVector, to writer: inout WireWriter) {
        writer.array(vector.origins) { writer, origin in
            writer.string(origin)
            writer.varint(UInt64(vector[origin]))
        }
    }

    /// Refuses heads of 0 (a vector never holds them) or above `Int64.max`,
    /// and origins out of ascending order, which also refuses repeats.
    static func readVersionVector(from reader: inout WireReader) throws(WireDecodingError) -> VersionVector {
        var previous: String?
        let entries = try reader.readArray(
            maxCount: PeerMessageCodecLimits.maxVersionVectorEntries, minElementBytes: minVersionVectorEntryBytes
        ) { reader throws(WireDecodingError) -> (String, Int64) in
            let origin = try readStreamKey(from: &reader)
            if let previous, !(previous < origin) {
                throw .invalidValue("version vector origin \"\(origin)\" follows \"\(previous)\": origins must be strictly ascending")
            }
            previous = origin
            let head = try readEventSequence(from: &reader, field: "version vector head of \(origin)")
            return (origin, head)
        }
        return VersionVector(Dictionary(uniqueKeysWithValues: entries))
    }

    /// An event sequence or a head: 1 through `Int64.max`.
    static func readEventSequence(from reader: inout WireReader, field: String) throws(WireDecodingError) -> Int64 {
        let value = try reader.readVarint()
        guard value >= 1, value <= UInt64(Int64.max) else {
            throw .invalidValue("\(field) is \(value): sequences run from 1 to \(Int64.max)")
        }
        return Int64(value)
    }
}
