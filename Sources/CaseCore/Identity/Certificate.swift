import CaseCrypto
import CaseSupport

/// A statement signed by the cluster root: "the key `publicKey` belongs to `subject`,
/// a node (or an admin) of cluster `clusterID`, from `validFromMs` to `validUntilMs`".
///
/// Nodes present their certificate in every peer handshake and check the other
/// side's against the root's public key, which every node is configured with. The
/// root's private key stays off the nodes (casectl reads it from a file on the
/// admin's machine), so a thief of one node's files holds one certificate and one
/// node key: that node's authority, and no other id's.
///
/// Binary form (`encoded`): `body ‖ signature`, the signature over
/// `"casestore certificate v1" ‖ body`:
///
///     format   u8 = 1
///     role     u8 (1 node, 2 admin)
///     clusterID, subject   strings
///     publicKey            32 bytes
///     validFromMs, validUntilMs   i64
///     serial               16 bytes (random: two certificates never collide)
///     apiAddress           string ("" when none): the node's HTTP API address
///                          the root vouches for, so casectl sends tokens only there
///     province             string, format 2 only: the node's province code
///     signature            64 bytes
///
/// Format 2 (a node placed in a named province) adds the province; a certificate of no
/// province (`00`) is still written in format 1, which every earlier build reads.
public struct Certificate: Equatable, Sendable {
    public enum Role: UInt8, Sendable, CustomStringConvertible {
        /// A commune centre's node: speaks the peer protocol, signs its own events and
        /// its own clerks' tokens.
        case node = 1
        /// A province admin's key: signs cluster-wide tokens (admin, monitor).
        case admin = 2

        public var description: String { self == .node ? "node" : "admin" }
    }

    public static let formatVersion: UInt8 = 1
    /// The format of a certificate that names a province.
    public static let provinceFormatVersion: UInt8 = 2
    public static let serialByteCount = 16
    /// Why 256 bytes: an https URL with a host name and port fits many times over.
    public static let maxAPIAddressBytes = 256
    /// Largest encoding: every field at its bound. Checked before decoding anything else.
    public static let maxEncodedBytes = 2 + 2 * (2 + NodeName.maxLength) + 32 + 16 + serialByteCount
        + (2 + maxAPIAddressBytes) + (2 + 2) + 64
    static let signatureLabel = Array("casestore certificate v1".utf8)
    /// How a certificate is written in a file: this word, a space, the hex encoding.
    public static let textPrefix = "casestore-certificate-v1"

    public let role: Role
    public let clusterID: String
    public let subject: String
    public let publicKey: SigningPublicKey
    public let validFromMs: Int64
    public let validUntilMs: Int64
    public let serial: [UInt8]
    public let apiAddress: String
    public let province: ProvinceCode
    public let signature: [UInt8]

    /// A certificate signed by `root`. The caller (casectl) checks the fields first
    /// with `CertificateRequest.validate`, so what is issued always decodes.
    public static func issue(_ request: CertificateRequest, serial: [UInt8], by root: SigningKey) -> Certificate {
        precondition(serial.count == serialByteCount, "certificate serials are \(serialByteCount) bytes")
        let body = bodyBytes(request, serial: serial)
        return Certificate(request, serial: serial, signature: root.sign(signatureLabel + body))
    }

    private init(_ request: CertificateRequest, serial: [UInt8], signature: [UInt8]) {
        role = request.role
        clusterID = request.clusterID
        subject = request.subject
        publicKey = request.publicKey
        validFromMs = request.validFromMs
        validUntilMs = request.validUntilMs
        self.serial = serial
        apiAddress = request.apiAddress
        province = request.province
        self.signature = signature
    }

    /// The fields that were signed.
    public var request: CertificateRequest {
        CertificateRequest(role: role, clusterID: clusterID, subject: subject, publicKey: publicKey,
                           validFromMs: validFromMs, validUntilMs: validUntilMs, apiAddress: apiAddress, province: province)
    }

    public var encoded: [UInt8] { Self.bodyBytes(request, serial: serial) + signature }

    /// The certificate as one line of a file.
    public var text: String { "\(Self.textPrefix) \(Hex.encode(encoded))" }

    /// Throws unless the root signed this certificate, for `role` in `clusterID`, and
    /// `nowMs` falls within its validity. Which check failed is in the error, so an
    /// operator reading a refused handshake knows what to fix.
    /// `signatures`, when given, remembers signatures it has checked (`SignatureChecker`),
    /// so a certificate carried by many token records is verified once.
    public func verify(
        root: SigningPublicKey, clusterID expectedCluster: String, role expectedRole: Role, nowMs: Int64,
        signatures: SignatureChecker? = nil
    ) throws(CertificateError) {
        guard clusterID == expectedCluster else { throw .wrongCluster(subject: subject, cluster: clusterID, expected: expectedCluster) }
        guard role == expectedRole else { throw .wrongRole(subject: subject, role: role, expected: expectedRole) }
        let message = Self.signatureLabel + Self.bodyBytes(request, serial: serial)
        guard signatures?.isValid(signature, of: message, by: root) ?? root.isValidSignature(signature, of: message) else {
            throw .badSignature(subject: subject, root: root)
        }
        guard nowMs >= validFromMs else { throw .notYetValid(subject: subject, validFromMs: validFromMs) }
        guard nowMs < validUntilMs else { throw .expired(subject: subject, validUntilMs: validUntilMs) }
    }

    static func bodyBytes(_ request: CertificateRequest, serial: [UInt8]) -> [UInt8] {
        var writer = WireWriter(reservingCapacity: 160)
        let named = request.province != .unnamed
        writer.u8(named ? provinceFormatVersion : formatVersion)
        writer.u8(request.role.rawValue)
        writer.string(request.clusterID)
        writer.string(request.subject)
        writer.fixedBytes(request.publicKey.bytes)
        writer.i64(request.validFromMs)
        writer.i64(request.validUntilMs)
        writer.fixedBytes(serial)
        writer.string(request.apiAddress)
        if named { writer.string(request.province.rawValue) }
        return writer.buffer
    }
}

extension Certificate {
    /// Decodes a certificate's bytes and checks every field's form (not the signature:
    /// that needs the root key, `verify`).
    public init(encoded bytes: [UInt8]) throws(WireDecodingError) {
        self = try WireReader.whole(bytes, maxBytes: Self.maxEncodedBytes) { reader throws(WireDecodingError) in try Certificate(from: &reader) }
    }

    /// Reads one certificate from a longer message (the handshake carries one).
    public init(from reader: inout WireReader) throws(WireDecodingError) {
        let format = try reader.readU8()
        guard format == Self.formatVersion || format == Self.provinceFormatVersion else {
            throw .invalidValue("certificate format \(format): this build reads formats \(Self.formatVersion) and \(Self.provinceFormatVersion)")
        }
        let roleCode = try reader.readU8()
        guard let role = Role(rawValue: roleCode) else { throw .invalidValue("certificate role \(roleCode) is not 1 (node) or 2 (admin)") }
        let clusterID = try reader.readString(maxBytes: NodeName.maxLength)
        let subject = try reader.readString(maxBytes: NodeName.maxLength)
        guard let publicKey = SigningPublicKey(bytes: try reader.readFixedBytes(count: Ed25519.publicKeyByteCount)) else {
            throw .invalidValue("certificate public key")
        }
        let validFromMs = try reader.readI64()
        let validUntilMs = try reader.readI64()
        let serial = try reader.readFixedBytes(count: Self.serialByteCount)
        let apiAddress = try reader.readString(maxBytes: Self.maxAPIAddressBytes)
        var province = ProvinceCode.unnamed
        if format == Self.provinceFormatVersion {
            let code = try reader.readString(maxBytes: 2)
            guard let named = ProvinceCode(code), named != .unnamed else {
                throw .invalidValue("certificate province \(String(reflecting: code)) is not one of the 34 province codes")
            }
            province = named
        }
        let signature = try reader.readFixedBytes(count: Ed25519.signatureByteCount)
        let request = CertificateRequest(role: role, clusterID: clusterID, subject: subject, publicKey: publicKey,
                                         validFromMs: validFromMs, validUntilMs: validUntilMs, apiAddress: apiAddress, province: province)
        do {
            try request.validate()
        } catch {
            throw .invalidValue("certificate of \(String(reflecting: subject)): \(error.message)")
        }
        self.init(request, serial: serial, signature: signature)
    }

    /// Reads the certificate line of a file (`KeyFileLines`: comments and blank lines
    /// skipped): exactly one `casestore-certificate-v1 <hex>` line must remain.
    public init(fileText: String) throws(CertificateError) {
        let lines = KeyFileLines.values(in: fileText)
        guard lines.count == 1 else { throw .unreadable("expected one certificate line, found \(lines.count)") }
        let parts = lines[0].value.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0] == Self.textPrefix else {
            throw .unreadable("the certificate line must be '\(Self.textPrefix) <hex>'")
        }
        guard let bytes = Hex.decode(String(parts[1])) else { throw .unreadable("the certificate is not hexadecimal") }
        do {
            try self.init(encoded: bytes)
        } catch {
            throw .unreadable(error.description)
        }
    }
}
