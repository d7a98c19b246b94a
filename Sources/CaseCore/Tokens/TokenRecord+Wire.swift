import CaseSupport
import CaseCrypto

/// The record's binary form, used by the peer codec (registry sync, message kind 14)
/// and for the registry digest.
///
///     id string, name string, role u8 (admin 0, clerk 1, monitor 2), centre string
///     ("" for none), createdAtMs varint, revoked bool, [revokedAtMs varint if revoked],
///     secretHash 32 bytes
extension TokenRecord: WireEncodable, WireDecodable {
    /// Fewest bytes a valid record takes: 16-byte id and its length, a 1-byte name and
    /// its length, role, empty centre, 1-byte time, revoked flag, the 32-byte hash.
    public static let minWireBytes = 17 + 2 + 1 + 1 + 1 + 1 + SHA256.digestByteCount

    public func encode(to writer: inout WireWriter) {
        writer.string(id)
        writer.string(name)
        writer.u8(role.wireCode)
        writer.string(centre ?? "")
        writer.varint(UInt64(clamping: createdAtMs))
        writer.bool(revokedAtMs != nil)
        if let revokedAtMs { writer.varint(UInt64(clamping: revokedAtMs)) }
        writer.fixedBytes(secretHash)
    }

    /// Reads and validates one record: a record that breaks `validate()` is refused here,
    /// so nothing invalid ever reaches a registry.
    public init(from reader: inout WireReader) throws(WireDecodingError) {
        let id = try reader.readString(maxBytes: TokenLimits.idByteCount * 2)
        let name = try reader.readString(maxBytes: TokenLimits.maxNameBytes)
        let code = try reader.readU8()
        guard let role = TokenRole(wireCode: code) else {
            throw .invalidValue("unknown token role \(code): known roles are 0 (admin), 1 (clerk), 2 (monitor)")
        }
        let centre = try reader.readString(maxBytes: NodeName.maxLength)
        let createdAtMs = try Self.readTime(from: &reader, field: "createdAt")
        let revokedAtMs = try reader.readBool() ? try Self.readTime(from: &reader, field: "revokedAt") : nil
        let hash = try reader.readFixedBytes(count: SHA256.digestByteCount)
        self.init(
            id: id, name: name, role: role, centre: centre.isEmpty ? nil : centre, createdAtMs: createdAtMs,
            revokedAtMs: revokedAtMs, secretHash: hash)
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
