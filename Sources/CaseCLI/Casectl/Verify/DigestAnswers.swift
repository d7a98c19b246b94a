import CaseCore
import CaseSupport

/// One member's answer to `GET /v1/digest` over every code: what verify compares first.
struct MemberDigest: Equatable, Sendable {
    let whole: RangeDigest
    /// The accumulator the node maintains as it saves dossiers.
    let maintained: StateDigest
    /// Whether the rows still sum to the maintained digest (nil when the node did not say).
    let rowsMatchMaintained: Bool?
}

/// Reading the node's digest answers (`GET /v1/digest`, `GET /v1/digest/dossiers`).
enum DigestAnswers {
    /// The path asking for `range` split into `parts` parts.
    static func digestPath(_ range: CodeRange, parts: Int) -> String {
        "/v1/digest?" + query(range) + "&parts=\(parts)"
    }

    static func dossiersPath(_ range: CodeRange) -> String {
        "/v1/digest/dossiers?" + query(range)
    }

    private static func query(_ range: CodeRange) -> String {
        "from=\(FindOptions.percentEncoded(range.from ?? ""))&to=\(FindOptions.percentEncoded(range.to ?? ""))"
    }

    /// The parts of a `/v1/digest` answer, checked to cover `range` exactly and in order.
    static func parts(_ answer: JSONValue, range: CodeRange, maxParts: Int) throws -> [RangeDigest] {
        guard let items = answer["parts"]?.arrayValue, (1...maxParts).contains(items.count) else {
            throw MalformedDigestAnswer(message: "expected 1 to \(maxParts) parts for \(range)")
        }
        let parts = try items.map(rangeDigest)
        var expectedFrom = range.from
        for part in parts {
            guard part.range.from == expectedFrom else {
                throw MalformedDigestAnswer(message: "the parts of \(range) do not follow each other at \(part.range)")
            }
            expectedFrom = part.range.to
        }
        guard expectedFrom == range.to else { throw MalformedDigestAnswer(message: "the parts of \(range) do not reach its end") }
        return parts
    }

    /// The whole-range summary of a `/v1/digest` answer with the maintained digest.
    static func memberDigest(_ answer: JSONValue) throws -> MemberDigest {
        guard let maintained = answer["maintainedDigest"]?.stringValue.flatMap(StateDigest.init(hex:)) else {
            throw MalformedDigestAnswer(message: "no maintainedDigest")
        }
        return MemberDigest(
            whole: try rangeDigest(answer), maintained: maintained,
            rowsMatchMaintained: answer["recomputedMatchesMaintained"]?.boolValue)
    }

    /// `{"from", "to", "count", "digest"}` → `RangeDigest`.
    static func rangeDigest(_ json: JSONValue) throws -> RangeDigest {
        guard let from = json["from"]?.stringValue, let to = json["to"]?.stringValue,
              let count = json["count"]?.int64Value, count >= 0, count <= Int64(Int32.max),
              let digest = json["digest"]?.stringValue.flatMap(StateDigest.init(hex:)) else {
            throw MalformedDigestAnswer(message: "expected from, to, count and digest in \(JSONWriter.string(json).prefix(200))")
        }
        guard case .success(let range) = CodeRange.validated(from: from, to: to) else {
            throw MalformedDigestAnswer(message: "\"\(from)\" is not before \"\(to)\"")
        }
        return RangeDigest(range: range, count: Int(count), digest: digest)
    }

    /// The hashes of a `/v1/digest/dossiers` answer, by code, each inside `range`.
    static func hashes(_ answer: JSONValue, range: CodeRange) throws -> [String: StateDigest] {
        guard let items = answer["items"]?.arrayValue, items.count <= CaseStoreLimits.maxListedDossierHashes else {
            throw MalformedDigestAnswer(message: "expected at most \(CaseStoreLimits.maxListedDossierHashes) items")
        }
        var hashes: [String: StateDigest] = [:]
        for item in items {
            guard let code = item["code"]?.stringValue, range.contains(code),
                  let hash = item["hash"]?.stringValue.flatMap(StateDigest.init(hex:)) else {
                throw MalformedDigestAnswer(message: "expected a code in \(range) and a hash in \(JSONWriter.string(item).prefix(200))")
            }
            hashes[code] = hash
        }
        return hashes
    }
}
