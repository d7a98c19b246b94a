import CaseSupport
import CaseCrypto

/// The record's binary forms, used by the peer codec (registry sync, message kinds 14
/// and 15) and for the registry digest.
///
/// Legacy layout (kind 14, every protocol version; unchanged since the registry first
/// replicated, so builds before signed tokens read it):
///
///     id string, name string, role u8 (admin 0, clerk 1, monitor 2), centre string
///     ("" for none), createdAtMs varint, revoked bool, [revokedAtMs varint if revoked],
///     secretHash 32 bytes
///
/// Signed layout (kind 15, version-3 sessions only):
///
///     id string, name string, role u8, centre string, createdAtMs varint,
///     secretHash 32 bytes, grant TokenSignature,
///     revoked bool, [revokedAtMs varint, revocation TokenSignature, if revoked]
extension TokenRecord: WireEncodable, WireDecodable {
    /// Fewest bytes a valid legacy record takes: 16-byte id and its length, a 1-byte name
    /// and its length, role, empty centre, 1-byte time, revoked flag, the 32-byte hash.
    public static let minWireBytes = 17 + 2 + 1 + 1 + 1 + 1 + SHA256.digestByteCount
    /// Fewest bytes a valid signed record takes: the legacy minimum and a root signature.
    public static let minSignedWireBytes = minWireBytes + TokenSignature.minWireBytes
    /// Most bytes a signed record takes: every field and both signatures at their bounds.
    public static let maxSignedWireBytes = 17 + 2 + TokenLimits.maxNameBytes + 1 + 1 + NodeName.maxLength + 10 + 1 + 10
        + SHA256.digestByteCount + 2 * TokenSignature.maxWireBytes

    /// The layout of the record's provenance: signed records are written in the signed
    /// layout, others (legacy and local) in the legacy one.
    public func encode(to writer: inout WireWriter) {
        guard case .signed(let grant, let revocation) = provenance else {
            encodeLegacy(to: &writer)
            return
        }
        writer.string(id)
        writer.string(name)
        writer.u8(role.wireCode)
        writer.string(centre ?? "")
        writer.varint(UInt64(clamping: createdAtMs))
        writer.fixedBytes(secretHash)
        grant.encode(to: &writer)
        writer.bool(revokedAtMs != nil)
        if let revokedAtMs, let revocation {
            writer.varint(UInt64(clamping: revokedAtMs))
            revocation.encode(to: &writer)
        }
    }

    private func encodeLegacy(to writer: inout WireWriter) {
        writer.string(id)
        writer.string(name)
        writer.u8(role.wireCode)
        writer.string(centre ?? "")
        writer.varint(UInt64(clamping: createdAtMs))
        writer.bool(revokedAtMs != nil)
        if let revokedAtMs { writer.varint(UInt64(clamping: revokedAtMs)) }
        writer.fixedBytes(secretHash)
    }

    /// Reads and validates one legacy record: a record that breaks `validate()` is
    /// refused here, so nothing invalid ever reaches a registry.
    public init(from reader: inout WireReader) throws(WireDecodingError) {
        let (id, name, role, centre) = try Self.readHead(from: &reader)
        let createdAtMs = try Self.readTime(from: &reader, field: "createdAt")
        let revokedAtMs = try reader.readBool() ? try Self.readTime(from: &reader, field: "revokedAt") : nil
        let hash = try reader.readFixedBytes(count: SHA256.digestByteCount)
        self.init(id: id, name: name, role: role, centre: centre, createdAtMs: createdAtMs, revokedAtMs: revokedAtMs, secretHash: hash)
        try checkValid()
    }

    /// Reads and validates one record of the signed layout (its signatures are checked
    /// later, against the cluster's root: `TokenAuthority`).
    public init(signedFrom reader: inout WireReader) throws(WireDecodingError) {
        let (id, name, role, centre) = try Self.readHead(from: &reader)
        let createdAtMs = try Self.readTime(from: &reader, field: "createdAt")
        let hash = try reader.readFixedBytes(count: SHA256.digestByteCount)
        let grant = try TokenSignature(from: &reader)
        var revokedAtMs: Int64?
        var revocation: TokenSignature?
        if try reader.readBool() {
            revokedAtMs = try Self.readTime(from: &reader, field: "revokedAt")
            revocation = try TokenSignature(from: &reader)
        }
        self.init(
            id: id, name: name, role: role, centre: centre, createdAtMs: createdAtMs, revokedAtMs: revokedAtMs, secretHash: hash,
            provenance: .signed(grant: grant, revocation: revocation))
        try checkValid()
    }

    /// One signed record on its own (how casectl posts one to a node): bounded, and
    /// nothing may follow it.
    public init(signedEncoding bytes: [UInt8]) throws(WireDecodingError) {
        guard bytes.count <= Self.maxSignedWireBytes else {
            throw .lengthTooLarge(length: UInt64(bytes.count), max: Self.maxSignedWireBytes)
        }
        var reader = WireReader(bytes)
        try self.init(signedFrom: &reader)
        try reader.expectEnd()
    }

    private static func readHead(from reader: inout WireReader) throws(WireDecodingError) -> (String, String, TokenRole, String?) {
        let id = try reader.readString(maxBytes: TokenLimits.idByteCount * 2)
        let name = try reader.readString(maxBytes: TokenLimits.maxNameBytes)
        let code = try reader.readU8()
        guard let role = TokenRole(wireCode: code) else {
            throw .invalidValue("unknown token role \(code): known roles are 0 (admin), 1 (clerk), 2 (monitor)")
        }
        let centre = try reader.readString(maxBytes: NodeName.maxLength)
        return (id, name, role, centre.isEmpty ? nil : centre)
    }

    private func checkValid() throws(WireDecodingError) {
        do {
            try validate()
        } catch {
            throw .invalidValue("token record \(String(reflecting: String(id.prefix(40)))): \(error)")
        }
    }

    private static func readTime(from reader: inout WireReader, field: String) throws(WireDecodingError) -> Int64 {
        let value = try reader.readVarint()
        guard value <= UInt64(Int64.max) else { throw .invalidValue("token \(field) \(value) ms is out of range") }
        return Int64(value)
    }
}
