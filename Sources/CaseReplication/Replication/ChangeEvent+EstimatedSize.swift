import CaseCore
import CaseCrypto
extension ChangeEvent {
    /// Bytes taken by the fixed-size fields and framing of one encoded event
    /// (two sequence numbers, a timestamp, field tags and lengths): a generous
    /// round figure, because the estimate only bounds batch sizes.
    static let encodingOverheadBytes = 64

    /// Roughly how many bytes this event takes on the wire: its text fields and its
    /// payload's canonical JSON, plus a fixed overhead (an upper bound: a varint length
    /// takes less than the overhead counts). Batches are bounded by this estimate
    /// (`ReplicaLog.events(missingFrom:maxEvents:maxBytes:)`).
    public var estimatedEncodedBytes: Int {
        Self.encodingOverheadBytes + origin.utf8.count + dossierCode.utf8.count + kind.rawValue.utf8.count
            + actor.utf8.count + centre.utf8.count + payloadJSON.count + Ed25519.signatureByteCount
            + tags.count * Self.tagBytes + predecessorLink.count
    }

    /// One province tag at most: code 3, previous sequence 10, link 33.
    static let tagBytes = 46
}
