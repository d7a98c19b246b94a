import CaseCrypto
import CaseSupport

/// A cluster root's decision that province `from` is merged into province `into`: from
/// `issuedAtMs` the centres of `from` are centres of `into` (docs/design/provinces.md,
/// "Mergers and moves"). The 2025 reform merged 63 provinces into 34 this way; merging
/// `00` into a named province is how a cluster that never named provinces becomes one.
///
/// Only the root can decide it (casectl signs with the root key on the admin's machine):
/// a merge moves citizens' data between provinces, so no node may claim one.
///
/// Binary form (`encoded`): `body ‖ signature`, the signature over
/// `"casestore province merge v1" ‖ body`:
///
///     format        u8 = 1
///     clusterID     string
///     from, into    strings (province codes)
///     issuedAtMs    i64
///     signature     64 bytes
public struct ProvinceMerge: Equatable, Hashable, Sendable {
    public static let formatVersion: UInt8 = 1
    /// Largest encoding: every field at its bound. Checked before decoding anything else.
    public static let maxEncodedBytes = 1 + (2 + NodeName.maxLength) + 2 * 3 + 8 + Ed25519.signatureByteCount
    static let signatureLabel = Array("casestore province merge v1".utf8)
    /// How a merge is written in a request or a file: this word, a space, the hex encoding.
    public static let textPrefix = "casestore-province-merge-v1"

    public let clusterID: String
    public let from: ProvinceCode
    public let into: ProvinceCode
    public let issuedAtMs: Int64
    public let signature: [UInt8]

    /// The merge, signed by `root`. Throws when it is not a valid merge: a province into
    /// itself, into `00`, or a time before 2025.
    public static func sign(
        _ from: ProvinceCode, into: ProvinceCode, clusterID: String, issuedAtMs: Int64, by root: SigningKey
    ) throws(ValidationIssue) -> ProvinceMerge {
        let unsigned = ProvinceMerge(clusterID: clusterID, from: from, into: into, issuedAtMs: issuedAtMs, signature: [])
        try unsigned.validate()
        return ProvinceMerge(
            clusterID: clusterID, from: from, into: into, issuedAtMs: issuedAtMs,
            signature: root.sign(signatureLabel + unsigned.bodyBytes))
    }

    private init(clusterID: String, from: ProvinceCode, into: ProvinceCode, issuedAtMs: Int64, signature: [UInt8]) {
        self.clusterID = clusterID
        self.from = from
        self.into = into
        self.issuedAtMs = issuedAtMs
        self.signature = signature
    }

    public var encoded: [UInt8] { bodyBytes + signature }

    public var text: String { "\(Self.textPrefix) \(Hex.encode(encoded))" }

    /// Throws unless the root signed this merge for `clusterID`.
    public func verify(root: SigningPublicKey, clusterID expected: String, signatures: SignatureChecker? = nil) throws(ValidationIssue) {
        try RootSignedRecord.verify(
            signature, over: bodyBytes, label: Self.signatureLabel, clusterID: clusterID, expected: expected, root: root,
            signatures: signatures, field: "merge", what: "the merge of \(from) into \(into)")
    }

    private func validate() throws(ValidationIssue) {
        try RootSignedRecord.validate(clusterID: clusterID)
        guard from != into else {
            throw ValidationIssue(field: "into", message: "province \(from) cannot be merged into itself")
        }
        guard into != .unnamed else {
            throw ValidationIssue(field: "into", message: "a province is merged into a named province, not into 00")
        }
        guard issuedAtMs >= MembershipDecision.epochOriginMs else {
            throw ValidationIssue(field: "issued_at", message: "a merge is dated from 2025 on (check the clock), got \(Instant(millisecondsSinceEpoch: issuedAtMs))")
        }
    }

    private var bodyBytes: [UInt8] {
        var writer = WireWriter(reservingCapacity: 64)
        writer.u8(Self.formatVersion)
        writer.string(clusterID)
        writer.string(from.rawValue)
        writer.string(into.rawValue)
        writer.i64(issuedAtMs)
        return writer.buffer
    }
}

extension ProvinceMerge: CustomStringConvertible {
    public var description: String {
        "province \(from) (\(from.name)) merged into \(into) (\(into.name)) by the cluster root at \(Instant(millisecondsSinceEpoch: issuedAtMs))"
    }
}

extension ProvinceMerge {
    /// Decodes a merge's bytes and checks every field's form (not the signature: that
    /// needs the root key, `verify`).
    public init(encoded bytes: [UInt8]) throws(WireDecodingError) {
        self = try WireReader.whole(bytes, maxBytes: Self.maxEncodedBytes) { reader throws(WireDecodingError) in
            let clusterID = try RootSignedRecord.readFormatAndCluster(&reader, format: Self.formatVersion, what: "province merge")
            let from = try Self.readProvince(from: &reader)
            let into = try Self.readProvince(from: &reader)
            let merge = ProvinceMerge(
                clusterID: clusterID, from: from, into: into, issuedAtMs: try reader.readI64(),
                signature: try reader.readFixedBytes(count: Ed25519.signatureByteCount))
            do {
                try merge.validate()
            } catch {
                throw .invalidValue("province merge: \((error as? ValidationIssue)?.message ?? "\(error)")")
            }
            return merge
        }
    }

    /// Reads `casestore-province-merge-v1 <hex>` (as casectl writes it).
    public init(text: String) throws(ValidationIssue) {
        self = try SignedRecordText.decode(text, prefix: Self.textPrefix, field: "merge", ProvinceMerge.init(encoded:))
    }

    private static func readProvince(from reader: inout WireReader) throws(WireDecodingError) -> ProvinceCode {
        let text = try reader.readString(maxBytes: 2)
        guard let code = ProvinceCode(text) else {
            throw .invalidValue("province merge names \(String(reflecting: text)), not one of the 34 province codes or 00")
        }
        return code
    }
}
