import CaseCore
import CaseCrypto
import CaseNet
import CaseSupport

/// `GET|POST /v1/admin/tokens` and `POST /v1/admin/tokens/{id}/revoke` (admin only).
/// Answers never hold a secret, except the one answer that creates it.
extension APIRouter {
    func listTokens(_ request: HTTPRequest) throws(ServiceError) -> HTTPResponse {
        try SearchParameters.refuseUnknown(request, allowed: [String]())
        let records = tokens.all.sorted { ($0.createdAtMs, $0.id) < ($1.createdAtMs, $1.id) }
        let items = records.map { $0.json(honoured: tokens.policy.honours($0)) }
        return .json(200, ["items": .array(items), "total": .int(Int64(records.count))])
    }

    /// `{"name": "Lê Thị Hoa", "role": "clerk", "centre": "n1"}` → 201 with the record and
    /// the secret, which the node keeps nowhere: this answer is the only time it is seen.
    /// `{"record": "<hex>"}` (identity mode) → 201 with the record: a token casectl signed
    /// with an admin key or the root (`TokenRecord(signedEncoding:)`); casectl made the
    /// secret and shows it, so the answer holds none.
    func createToken(_ request: HTTPRequest) throws(ServiceError) -> HTTPResponse {
        try SearchParameters.refuseUnknown(request, allowed: [String]())
        let body = try Self.jsonBody(request)
        let asked: TokenRequest
        do {
            asked = try TokenRequest(body)
        } catch {
            throw ServiceError.invalid(error)
        }
        let (record, secret): (TokenRecord, TokenSecret?)
        switch asked {
        case .mint(let name, let role, let centre):
            (record, secret) = try tokens.create(name: name, role: role, centre: centre, nowMs: service.now.millisecondsSinceEpoch)
        case .signed(let signed):
            (record, secret) = (try tokens.createSigned(signed), nil)
        }
        var answer: [String: JSONValue] = ["token": record.json(honoured: true)]
        if let secret {
            answer["secret"] = .string(secret.text)
            answer["message"] = .string("store the secret now: it is shown only this once, and the cluster keeps only its hash")
        }
        var response = HTTPResponse.json(201, .object(answer))
        response.headers.add("Cache-Control", "no-store")
        return response
    }

    /// Revokes at this node at once and at every other node as the news spreads; safe to
    /// repeat. An empty body (or `{}`) asks the node to revoke (it signs only revocations of
    /// its own tokens, in identity mode); `{"issuer": "<hex>", "revokedAtMs": N,
    /// "signature": "<hex>"}` carries a revocation casectl signed.
    func revokeToken(_ id: String, _ request: HTTPRequest) throws(ServiceError) -> HTTPResponse {
        try SearchParameters.refuseUnknown(request, allowed: [String]())
        let signed: SignedRevocation?
        do {
            try TokenRecord.validateID(id)
            signed = request.body.isEmpty ? nil : try SignedRevocation.parse(try Self.jsonBody(request))
        } catch let error as ValidationIssue {
            throw ServiceError.invalid(error)
        } catch let error as ServiceError {
            throw error
        } catch {
            throw ServiceError.storage(error)
        }
        guard let signed else { return .json(200, try tokens.revoke(id: id, nowMs: service.now.millisecondsSinceEpoch).json(honoured: true)) }
        let record = try tokens.revokeSigned(id: id, issuer: signed.issuer, revokedAtMs: signed.revokedAtMs, signature: signed.signature)
        return .json(200, record.json(honoured: true))
    }
}

/// The body of `POST /v1/admin/tokens`: fields for the node to mint, or a signed record.
enum TokenRequest {
    case mint(name: String, role: TokenRole, centre: String?)
    case signed(TokenRecord)

    init(_ body: JSONValue) throws(ValidationIssue) {
        let reader = try JSONObjectReader(body)
        try reader.rejectUnknownKeys(allowed: ["name", "role", "centre", "record"])
        if let hex = try reader.verbatimString("record") {
            guard try reader.string("name") == nil, try reader.string("role") == nil, try reader.string("centre") == nil else {
                throw ValidationIssue(field: "record", message: "a signed record carries its name, role and centre: send it alone")
            }
            self = .signed(try Self.signedRecord(hex))
            return
        }
        let name = try reader.requiredString("name")
        guard let role = try reader.enumeration("role", as: TokenRole.self) else {
            throw ValidationIssue(field: "role", message: "is required: admin, clerk or monitor")
        }
        self = .mint(name: name, role: role, centre: try reader.string("centre"))
    }

    private static func signedRecord(_ hex: String) throws(ValidationIssue) -> TokenRecord {
        guard hex.utf8.count <= 2 * TokenRecord.maxSignedWireBytes, let bytes = Hex.decode(hex) else {
            throw ValidationIssue(field: "record", message: "must be the hexadecimal encoding of a signed token record (casectl token create --signing-key)")
        }
        do {
            return try TokenRecord(signedEncoding: bytes)
        } catch {
            throw ValidationIssue(field: "record", message: "is not a signed token record: \(error)")
        }
    }
}

/// The body of a revocation casectl signed: whose token (the issuer's key), when, and the
/// signature (`TokenSignature.encoded`, in hex).
struct SignedRevocation {
    let issuer: SigningPublicKey
    let revokedAtMs: Int64
    let signature: TokenSignature

    /// The signed revocation in `body`, or nil for `{}` (the node is asked to revoke).
    static func parse(_ body: JSONValue) throws(ValidationIssue) -> SignedRevocation? {
        if case .object(let fields) = body, fields.isEmpty { return nil }
        return try SignedRevocation(body)
    }

    private init(_ body: JSONValue) throws(ValidationIssue) {
        let reader = try JSONObjectReader(body)
        try reader.rejectUnknownKeys(allowed: ["issuer", "revokedAtMs", "signature"])
        guard let issuer = SigningPublicKey(hex: try reader.requiredString("issuer")) else {
            throw ValidationIssue(field: "issuer", message: "must be the issuer's public key, 64 hexadecimal digits")
        }
        guard let revokedAtMs = try reader.wholeNumber("revokedAtMs"), revokedAtMs >= 0 else {
            throw ValidationIssue(field: "revokedAtMs", message: "is required: milliseconds since 1970")
        }
        let text = try reader.requiredString("signature")
        guard text.utf8.count <= 2 * TokenSignature.maxWireBytes, let bytes = Hex.decode(text),
              let signature = try? TokenSignature(encoded: bytes)
        else {
            throw ValidationIssue(field: "signature", message: "must be the hexadecimal encoding of a token signature (casectl token revoke --signing-key)")
        }
        self.issuer = issuer
        self.revokedAtMs = revokedAtMs
        self.signature = signature
    }
}

extension TokenRecord {
    /// The record as the API shows it: never the secret, not even its hash. `honoured`
    /// says whether this node honours it in its mode (`TokenPolicy.honours`).
    func json(honoured: Bool) -> JSONValue {
        var object: [String: JSONValue] = [
            "id": .string(id), "name": .string(name), "role": .string(role.rawValue),
            "createdAt": .string(VietnamTime.iso8601(Instant(millisecondsSinceEpoch: createdAtMs))), "revoked": .bool(isRevoked),
            "provenance": .string(provenance.name), "honoured": .bool(honoured),
        ]
        object["centre"] = centre.map { .string($0) }
        object["revokedAt"] = revokedAtMs.map { .string(VietnamTime.iso8601(Instant(millisecondsSinceEpoch: $0))) }
        if case .signed(let grant, let revocation) = provenance {
            object["issuer"] = .string(grant.signer.publicKey.hex)
            object["issuedBy"] = .string(grant.signer.description)
            object["revokedBy"] = revocation.map { .string($0.signer.description) }
        }
        return .object(object)
    }
}
