import CaseCore
import CaseNet
import CaseStorage
import CaseSupport

/// `GET /v1/digest` and `GET /v1/digest/dossiers`: the node's dossier state digests,
/// recomputed from the stored rows, by range of codes (what `casectl verify` compares).
extension APIRouter {
    /// `?from=&to=&parts=N`: the range's count and digest, split into up to N parts
    /// (default 1) with boundaries taken from the codes, and the maintained digest.
    func digest(_ request: HTTPRequest) throws(ServiceError) -> HTTPResponse {
        try SearchParameters.refuseUnknown(request, allowed: ["from", "to", "parts"])
        let range = try Self.codeRange(request)
        let parts = try SearchParameters.integer(
            request.query("parts"), name: "parts", range: 1...CaseStoreReader.maxDigestParts) ?? 1
        let answer = try service.digestParts(of: range, parts: parts)
        let whole = answer.parts.reduce(RangeDigest(range: range, count: 0, digest: .zero)) { sum, part in
            RangeDigest(range: range, count: sum.count + part.count, digest: sum.digest.adding(part.digest))
        }
        var body: [String: JSONValue] = Self.json(whole)
        body["node"] = .string(service.nodeID)
        body["parts"] = .array(answer.parts.map { .object(Self.json($0)) })
        body["maintainedDigest"] = .string(answer.maintained.hex)
        // Only the whole table is comparable with the maintained digest, which covers every row.
        if range == .all { body["recomputedMatchesMaintained"] = .bool(whole.digest == answer.maintained) }
        return .json(200, .object(body))
    }

    /// `?from=&to=`: each dossier's code and the SHA-256 of its stored state, for a range
    /// of at most `CaseStoreReader.maxListedDossierHashes` dossiers.
    func digestDossiers(_ request: HTTPRequest) throws(ServiceError) -> HTTPResponse {
        try SearchParameters.refuseUnknown(request, allowed: ["from", "to"])
        let range = try Self.codeRange(request)
        let limit = CaseStoreReader.maxListedDossierHashes
        guard let hashes = try service.dossierHashes(in: range, limit: limit) else {
            throw ServiceError(
                httpStatus: 400, code: "range_too_large",
                message: "the range \(range) holds more than \(limit) dossiers; narrow it (GET /v1/digest?parts=N splits a range into smaller ones)")
        }
        let items: [JSONValue] = hashes.map { ["code": .string($0.code), "hash": .string($0.hash.hex)] }
        return .json(200, [
            "node": .string(service.nodeID), "from": .string(range.from ?? ""), "to": .string(range.to ?? ""),
            "count": .int(Int64(items.count)), "items": .array(items),
        ])
    }

    /// `{"from": "...", "to": "...", "count": N, "digest": "..."}`; an open end is "".
    static func json(_ digest: RangeDigest) -> [String: JSONValue] {
        [
            "from": .string(digest.range.from ?? ""), "to": .string(digest.range.to ?? ""),
            "count": .int(Int64(digest.count)), "digest": .string(digest.digest.hex),
        ]
    }

    /// `from` and `to` (empty or absent: open end), checked.
    static func codeRange(_ request: HTTPRequest) throws(ServiceError) -> CodeRange {
        switch CodeRange.validated(from: request.query("from"), to: request.query("to")) {
        case .success(let range): return range
        case .failure(let issue): throw SearchParameters.bad(issue.description)
        }
    }

}
