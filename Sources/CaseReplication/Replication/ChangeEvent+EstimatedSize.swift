import CaseCore
import CaseSupport
extension ChangeEvent {
    /// Bytes taken by the fixed-size fields and framing of one encoded event
    /// (two sequence numbers, a timestamp, field tags and lengths): a generous
    /// round figure, because the estimate only bounds batch sizes.
    static let encodingOverheadBytes = 64

    /// Roughly how many bytes this event takes on the wire: its text fields
    /// and its payload as compact JSON, plus a fixed overhead. Batches are
    /// bounded by this estimate (`ReplicaLog.events(missingFrom:maxEvents:maxBytes:)`).
    public var estimatedEncodedBytes: Int {
        Self.encodingOverheadBytes + origin.utf8.count + dossierCode.utf8.count + kind.rawValue.utf8.count
            + actor.utf8.count + centre.utf8.count + payload.estimatedEncodedBytes
    }
}

extension JSONValue {
    /// An upper-bound-ish estimate of the compact JSON size, without writing
    /// it (writing sorts every object's keys: too slow to do for every event
    /// stored). Escapes are ignored; numbers count as their longest spelling.
    var estimatedEncodedBytes: Int {
        switch self {
        case .null: return 4
        case .bool: return 5
        case .int: return 20
        case .double: return 24
        case .string(let text): return text.utf8.count + 2
        case .array(let elements): return 2 + elements.reduce(0) { $0 + $1.estimatedEncodedBytes + 1 }
        case .object(let members): return 2 + members.reduce(0) { $0 + $1.key.utf8.count + 4 + $1.value.estimatedEncodedBytes }
        }
    }
}
