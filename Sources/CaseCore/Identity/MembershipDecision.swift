import CaseCrypto
import CaseSupport

/// A cluster root's decision about one member: "`member` is retired (its certificate
/// revoked) as of `issuedAtMs`", or "`member` is re-admitted".
///
/// In a cluster with a root key, retirement is revocation: no member takes a retired
/// node's connections, its membership gossip, or its events after `lastSequence`.
/// Only the root can decide it (casectl signs with the root key on the admin's
/// machine), so a thief of one node's files cannot retire the others, nor undo a
/// retirement. Decisions travel between members (anti-entropy, protocol version 4),
/// are kept in each node's database, and order themselves by `adminEpoch`: the
/// latest decision about a member is the one in force.
///
/// Binary form (`encoded`): `body ‖ signature`, the signature over
/// `"casestore membership decision v1" ‖ body`:
///
///     format        u8 = 1
///     verdict       u8 (1 retired, 2 readmitted)
///     clusterID, member   strings
///     issuedAtMs    i64 (decides the admin epoch, see `adminEpoch`)
///     lastSequence  u64: for a retirement, the last event of the member's own
///                   stream that stays acceptable (its events after it are refused);
///                   0 for a readmission
///     signature     64 bytes
public struct MembershipDecision: Equatable, Hashable, Sendable {
    public enum Verdict: UInt8, Sendable, CustomStringConvertible {
        case retired = 1
        case readmitted = 2

        public var description: String { self == .retired ? "retired" : "re-admitted" }
    }

    public static let formatVersion: UInt8 = 1
    /// Largest encoding: every field at its bound. Checked before decoding anything else.
    public static let maxEncodedBytes = 2 + 2 * (2 + NodeName.maxLength) + 8 + 8 + Ed25519.signatureByteCount
    static let signatureLabel = Array("casestore membership decision v1".utf8)
    /// How a decision is written in a request or a file: this word, a space, the hex encoding.
    public static let textPrefix = "casestore-decision-v1"
    /// Admin epochs of signed decisions count seconds from 2025-01-01T00:00Z. The
    /// epochs an admin opened before certificates (one per decision: 1, 2, 3…) stay far
    /// below, so a signed decision always supersedes them, and 32 bits last until 2161.
    public static let epochOriginMs: Int64 = 1_735_689_600_000

    public let verdict: Verdict
    public let clusterID: String
    public let member: String
    public let issuedAtMs: Int64
    public let lastSequence: UInt64
    public let signature: [UInt8]

    /// The decision, signed by `root`. Throws when the fields are not a valid decision
    /// (a member id that is not a node id, a time before 2025 or after 2161).
    public static func sign(
        _ verdict: Verdict, member: String, clusterID: String, issuedAtMs: Int64, lastSequence: UInt64, by root: SigningKey
    ) throws(ValidationIssue) -> MembershipDecision {
        let unsigned = MembershipDecision(
            verdict: verdict, clusterID: clusterID, member: member, issuedAtMs: issuedAtMs,
            lastSequence: verdict == .retired ? lastSequence : 0, signature: [])
        try unsigned.validate()
        return MembershipDecision(
            verdict: verdict, clusterID: clusterID, member: member, issuedAtMs: issuedAtMs,
            lastSequence: unsigned.lastSequence, signature: root.sign(signatureLabel + unsigned.bodyBytes))
    }

    private init(verdict: Verdict, clusterID: String, member: String, issuedAtMs: Int64, lastSequence: UInt64, signature: [UInt8]) {
        self.verdict = verdict
        self.clusterID = clusterID
        self.member = member
        self.issuedAtMs = issuedAtMs
        self.lastSequence = lastSequence
        self.signature = signature
    }

    /// The admin epoch this decision opens for the member's membership record
    /// (`MemberRecord.adminEpoch`): whole seconds since `epochOriginMs`, at least 1.
    public var adminEpoch: UInt64 { UInt64((issuedAtMs - Self.epochOriginMs) / 1000) }

    /// The membership incarnation of the member's record under this decision.
    public var incarnation: UInt64 { adminEpoch << 32 }

    public var encoded: [UInt8] { bodyBytes + signature }

    public var text: String { "\(Self.textPrefix) \(Hex.encode(encoded))" }

    /// Whether this decision supersedes `other` (about the same member): a later
    /// epoch; at equal epochs, a retirement (the safer side, as in membership).
    public func supersedes(_ other: MembershipDecision) -> Bool {
        if adminEpoch != other.adminEpoch { return adminEpoch > other.adminEpoch }
        return verdict == .retired && other.verdict == .readmitted
    }

    /// Throws unless the root signed this decision for `clusterID`.
    public func verify(root: SigningPublicKey, clusterID expected: String, signatures: SignatureChecker? = nil) throws(ValidationIssue) {
        try RootSignedRecord.verify(
            signature, over: bodyBytes, label: Self.signatureLabel, clusterID: clusterID, expected: expected, root: root,
            signatures: signatures, field: "decision", what: "the decision about \(member)")
    }

    private func validate() throws(ValidationIssue) {
        try NodeName.validate(member, field: "member")
        try RootSignedRecord.validate(clusterID: clusterID)
        let latestMs = Self.epochOriginMs + Int64(UInt32.max) * 1000
        guard issuedAtMs >= Self.epochOriginMs + 1000, issuedAtMs <= latestMs else {
            throw ValidationIssue(field: "issued_at", message: "a decision is dated between 2025 and 2161 (check the clock), got \(Instant(millisecondsSinceEpoch: issuedAtMs))")
        }
    }

    private var bodyBytes: [UInt8] {
        var writer = WireWriter(reservingCapacity: 96)
        writer.u8(Self.formatVersion)
        writer.u8(verdict.rawValue)
        writer.string(clusterID)
        writer.string(member)
        writer.i64(issuedAtMs)
        writer.u64(lastSequence)
        return writer.buffer
    }
}

extension MembershipDecision: CustomStringConvertible {
    public var description: String {
        let cutoff = verdict == .retired ? ", its events after sequence \(lastSequence) refused" : ""
        return "\(member) \(verdict) by the cluster root at \(Instant(millisecondsSinceEpoch: issuedAtMs))\(cutoff)"
    }
}

extension MembershipDecision {
    /// Decodes a decision's bytes and checks every field's form (not the signature:
    /// that needs the root key, `verify`).
    public init(encoded bytes: [UInt8]) throws(WireDecodingError) {
        self = try WireReader.whole(bytes, maxBytes: Self.maxEncodedBytes) { reader throws(WireDecodingError) in try MembershipDecision(from: &reader) }
    }

    /// Reads one decision from a longer message.
    public init(from reader: inout WireReader) throws(WireDecodingError) {
        let format = try reader.readU8()
        guard format == Self.formatVersion else {
            throw .invalidValue("membership decision format \(format): this build reads format \(Self.formatVersion)")
        }
        let code = try reader.readU8()
        guard let verdict = Verdict(rawValue: code) else { throw .invalidValue("membership decision verdict \(code) is not 1 (retired) or 2 (readmitted)") }
        let clusterID = try reader.readString(maxBytes: NodeName.maxLength)
        let member = try reader.readString(maxBytes: NodeName.maxLength)
        let issuedAtMs = try reader.readI64()
        let lastSequence = try reader.readU64()
        let signature = try reader.readFixedBytes(count: Ed25519.signatureByteCount)
        guard verdict == .retired || lastSequence == 0 else { throw .invalidValue("a readmission carries no last sequence") }
        self.init(verdict: verdict, clusterID: clusterID, member: member, issuedAtMs: issuedAtMs, lastSequence: lastSequence, signature: signature)
        do {
            try validate()
        } catch {
            throw .invalidValue("membership decision about \(String(reflecting: member)): \(error.message)")
        }
    }

    /// Reads `casestore-decision-v1 <hex>` (as casectl sends it in a request).
    public init(text: String) throws(ValidationIssue) {
        self = try SignedRecordText.decode(text, prefix: Self.textPrefix, field: "decision", MembershipDecision.init(encoded:))
    }
}
