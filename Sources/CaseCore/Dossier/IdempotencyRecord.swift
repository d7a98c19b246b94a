import CaseCrypto
import CaseSupport

/// What makes a filing or a step safe to retry (`Idempotency-Key`): the caller's key, who
/// the caller is, and a hash of the request. It rides in the event's payload under
/// `"idempotency"`, so it replicates with the dossier and any node holding the dossier can
/// answer a retry with the original outcome (docs/idempotency.md).
public struct IdempotencyRecord: Hashable, Sendable {
    /// The field of an event's payload that carries the record.
    public static let payloadField = "idempotency"
    /// Key bounds. Why 16: shorter keys are guessable and collide; 128 holds any UUID or
    /// hash a client makes, and bounds every event's payload.
    public static let keyLengths = 16...128
    /// Scope bounds: a token id (16 hex digits) at a node, a clerk's name in the simulator.
    public static let scopeLengths = 1...128

    /// The client's key, as sent.
    public let key: String
    /// Who sent it: a node uses the caller's token id, so one clerk's key never matches another's.
    public let scope: String
    /// SHA-256 (hex) of the request's target and canonical body (`requestHash`).
    public let requestSHA256: String

    public init(key: String, scope: String, requestSHA256: String) throws(ValidationIssue) {
        try Self.validate(key: key)
        try Self.checkPrintable(scope, lengths: Self.scopeLengths, field: "idempotency.scope")
        guard requestSHA256.utf8.count == 64, requestSHA256.utf8.allSatisfy(Self.isLowerHex) else {
            throw ValidationIssue(field: "idempotency.requestSha256", message: "expected 64 lower-case hexadecimal digits (SHA-256)")
        }
        self.key = key
        self.scope = scope
        self.requestSHA256 = requestSHA256
    }

    /// The record for a request to `target` (e.g. "POST /v1/dossiers") with `body`.
    public init(key: String, scope: String, target: String, body: JSONValue) throws(ValidationIssue) {
        try self.init(key: key, scope: scope, requestSHA256: Self.requestHash(target: target, body: body))
    }

    /// A key a client may send: 16 to 128 printable ASCII characters (no spaces, no controls),
    /// checked before anything else is read or allocated for it.
    public static func validate(key: String) throws(ValidationIssue) {
        try checkPrintable(key, lengths: keyLengths, field: "Idempotency-Key")
    }

    /// The SHA-256 of a request: its target and its body as canonical JSON (keys sorted, text
    /// NFC), so the same request sent with its keys in another order or its text in another
    /// Unicode form hashes the same, and the same body on another dossier does not.
    public static func requestHash(target: String, body: JSONValue) -> String {
        let canonical = (target + "\n" + JSONWriter.string(body)).nfcNormalized
        return SHA256.hex(SHA256.hash(Array(canonical.utf8)))
    }

    public var json: JSONValue {
        ["key": .string(key), "scope": .string(scope), "requestSha256": .string(requestSHA256)]
    }

    /// The record an event's payload carries, nil when it carries none; a malformed one throws.
    /// Fields it does not know are ignored, not refused: a later version may add some, and a
    /// node refusing its events would stall their origin's replication.
    public init?(payload: JSONValue) throws(ValidationIssue) {
        // Not an object: no member, so no record (as `payload[...]` reads it).
        guard let reader = try? JSONObjectReader(payload) else { return nil }
        try self.init(payload: reader)
    }

    /// `init(payload:)` from the payload's reader, tree or indexed bytes alike.
    public init?(payload: JSONObjectReader) throws(ValidationIssue) {
        guard let value = payload.member(Self.payloadField), !value.isNull else { return nil }
        let reader = try JSONObjectReader(value, path: Self.payloadField)
        try self.init(
            key: try reader.requiredString("key"), scope: try reader.requiredString("scope"),
            requestSHA256: try reader.requiredString("requestSha256"))
    }

    /// `payload` with this record added (a payload is always an object).
    public func adding(to payload: JSONValue) -> JSONValue {
        guard case .object(var fields) = payload else { preconditionFailure("an event's payload is an object") }
        fields[Self.payloadField] = json
        return .object(fields)
    }

    private static func checkPrintable(_ text: String, lengths: ClosedRange<Int>, field: String) throws(ValidationIssue) {
        let bytes = text.utf8
        guard lengths.contains(bytes.count), bytes.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw ValidationIssue(
                field: field, message: "must be \(lengths.lowerBound) to \(lengths.upperBound) printable ASCII characters without spaces")
        }
    }

    private static func isLowerHex(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
    }
}

/// A key a node already holds: the request it was first used for, and what that produced.
public struct HeldIdempotencyKey: Hashable, Sendable {
    public let requestSHA256: String
    public let dossierCode: String
    public let event: EventID
    /// The event's timestamp: of two events with one caller's key, the earlier is answered.
    public let timestamp: HLCTimestamp

    public init(requestSHA256: String, dossierCode: String, event: EventID, timestamp: HLCTimestamp) {
        self.requestSHA256 = requestSHA256
        self.dossierCode = dossierCode
        self.event = event
        self.timestamp = timestamp
    }

    /// What `event`, carrying `record`, makes its key stand for.
    public init(_ record: IdempotencyRecord, of event: ChangeEvent) {
        self.init(requestSHA256: record.requestSHA256, dossierCode: event.dossierCode, event: event.id, timestamp: event.timestamp)
    }

    /// Whether this one, rather than `other` with the same key, is what the key stands for.
    /// Two events carry one caller's key when a retry reached a second node before the first
    /// outcome replicated there; every node keeps the earlier by (timestamp, origin,
    /// sequence), whatever order they arrived in, so all answer the key's retries alike.
    public func supersedes(_ other: HeldIdempotencyKey) -> Bool {
        (timestamp, event.origin, event.sequence) < (other.timestamp, other.event.origin, other.event.sequence)
    }
}

extension DossierDecisions {
    /// How long a node keeps a key at the least. Why 7 days: a clerk retries within minutes,
    /// a counter closed over a long holiday weekend (Tết is longer, but then nobody retries
    /// a filing from before it) within days.
    public static let idempotencyRetentionMs: Int64 = 7 * 86_400_000

    /// The rule for a request that carries `record` when `held` is what the caller's key
    /// already stands for: nil when the key is new (decide the request); the code of the
    /// dossier to answer with when it is the same request again; refused (422, nothing
    /// changed) when the key was used for a different request.
    public static func retry(_ record: IdempotencyRecord, held: HeldIdempotencyKey?) throws(DossierRefusal) -> String? {
        guard let held else { return nil }
        guard held.requestSHA256 == record.requestSHA256 else {
            throw DossierRefusal(
                .invalid, code: "idempotency_key_reused",
                message: "Idempotency-Key \(record.key) was already used for a different request (event \(held.event) on dossier "
                    + "\(held.dossierCode)); nothing was saved. Send that request again unchanged, or use a new key for a new request")
        }
        return held.dossierCode
    }
}
