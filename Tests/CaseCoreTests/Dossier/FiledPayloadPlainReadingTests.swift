import CaseSupport
import XCTest

@testable import CaseCore

/// A filing's payload read from its indexed bytes (`PlainCanonicalJSON`, as a receiver reads
/// it) gives what reading its parsed tree gives: the same payload, or the same issue.
final class FiledPayloadPlainReadingTests: XCTestCase {
    /// Every field a filing payload may carry, and some it may not.
    private static let payload: JSONValue = [
        "applicant": [
            "address": ["communeCode": "00004", "detail": "12 Lý Thái Tổ", "provinceCode": "01"],
            "birthDate": "1990-05-01", "email": "anh@example.vn", "fullName": "Nguyễn Văn Ánh", "idNumber": "001090012345",
            "kind": "citizen", "phone": "0912345678",
            "representative": ["fullName": "Lê Thị Bích", "idNumber": "079185000123", "relation": "vợ"],
        ],
        "channel": "online", "competentCentre": "n1",
        "documents": [
            ["copies": 1, "copiesRequested": 2, "name": "Tờ khai", "originals": 1, "pages": 3, "sha256": "AB", "sizeBytes": 100],
            ["name": "Giấy khai sinh"],
        ],
        "feeLines": [["amountVND": 1_000, "maxPerCopyVND": 5_000, "name": "Sao y", "quantity": 2, "totalVND": 2_000, "unit": "trang"]],
        "feesVND": 2_000, "future": [1, ["a": nil]],
        "idempotency": ["key": "0123456789abcdef", "requestSha256": "abababababababababababababababababababababababababababababababab", "scope": "clerk"],
        "lookupPinHash": "not a hash", "note": "ghi chú", "originalDueAtMs": 1_751_331_600_000, "paymentTimeExcluded": true,
        "procedureCode": "1.001612", "procedureName": "Đăng ký khai sinh", "receivingCentre": "n1",
        "timeLimit": 5, "timeLimitUnit": "hours", "timeLimitWorkingDays": 3,
    ]

    /// Every member of the payload, in turn, removed or replaced by a value of another kind,
    /// and every object given a member it does not know.
    func testEveryVariantReadsAlikeFromTheTreeAndFromTheBytes() throws {
        var variants: [JSONValue] = [Self.payload]
        let replacements: [JSONValue] = [nil, 0, -1, 1_000, "", "x", "online", true, [], [:], [["name": "a"]]]
        for path in Self.memberPaths(of: Self.payload) {
            variants.append(Self.setting(path, of: Self.payload, to: nil))
            variants += replacements.map { Self.setting(path, of: Self.payload, to: $0) }
        }
        for path in Self.objectPaths(of: Self.payload) {
            variants.append(Self.setting(path + [.key("zzUnknown")], of: Self.payload, to: 1))
        }
        var outcomes = (valid: 0, invalid: 0)
        for variant in variants {
            let bytes = JSONWriter.serialize(variant)
            let plain = try XCTUnwrap(PlainCanonicalJSON(bytes), "every variant is plain canonical JSON")
            let reader = try JSONObjectReader(.plain(plain.root), path: "payload")
            let fromTree = Result { () throws(ValidationIssue) in try FiledPayload(json: variant) }
            let fromBytes = Result { () throws(ValidationIssue) in try FiledPayload(reader: reader) }
            XCTAssertEqual(fromBytes, fromTree, JSONWriter.string(variant))
            XCTAssertEqual(
                Result { () throws(ValidationIssue) in try IdempotencyRecord(payload: reader) },
                Result { () throws(ValidationIssue) in try IdempotencyRecord(payload: variant) })
            XCTAssertEqual(LookupPinHash(payload: reader), LookupPinHash(payload: variant))
            if case .success = fromTree { outcomes.valid += 1 } else { outcomes.invalid += 1 }
        }
        XCTAssertGreaterThan(outcomes.valid, 20, "variants that decode")
        XCTAssertGreaterThan(outcomes.invalid, 50, "and variants refused, each for its reason")
    }

    func testAReceivedFilingIsPreparedAsOneMadeFromItsTree() throws {
        let bytes = JSONWriter.serialize(Self.payload)
        let fields = (origin: "n1", sequence: Int64(1), timestamp: HLCTimestamp(physicalMs: 1_751_331_600_000, logical: 0))
        let received = ChangeEvent(
            origin: fields.origin, sequence: fields.sequence, timestamp: fields.timestamp, dossierCode: "N1-250701-0001",
            kind: .filed, actor: "clerk", centre: "n1", payload: try XCTUnwrap(PlainCanonicalJSON(bytes)))
        let made = ChangeEvent(
            origin: fields.origin, sequence: fields.sequence, timestamp: fields.timestamp, dossierCode: "N1-250701-0001",
            kind: .filed, actor: "clerk", centre: "n1", payload: Self.payload)

        XCTAssertEqual(received, made)
        XCTAssertEqual(received.payload, Self.payload, "the tree, built when asked for")
        let prepared = try XCTUnwrap(received.preparedForStorage().prepared)
        XCTAssertEqual(prepared.filing, made.preparedForStorage().prepared?.filing)
        XCTAssertEqual(prepared.storedState, made.preparedForStorage().prepared?.storedState)
    }

    private enum Step: Hashable {
        case key(String)
        case index(Int)
    }

    private static func memberPaths(of value: JSONValue, under path: [Step] = []) -> [[Step]] {
        switch value {
        case .object(let members):
            members.keys.sorted().flatMap { [path + [.key($0)]] + memberPaths(of: members[$0]!, under: path + [.key($0)]) }
        case .array(let elements):
            elements.indices.flatMap { [path + [.index($0)]] + memberPaths(of: elements[$0], under: path + [.index($0)]) }
        default:
            []
        }
    }

    private static func objectPaths(of value: JSONValue) -> [[Step]] {
        [[]] + memberPaths(of: value).filter { path in
            if case .object = path.reduce(Optional(value), { node, step in node.flatMap { child(of: $0, step) } }) { return true }
            return false
        }
    }

    private static func child(of value: JSONValue, _ step: Step) -> JSONValue? {
        switch step {
        case .key(let key): value[key]
        case .index(let index): value[index]
        }
    }

    /// `value` with the member at `path` set to `new`, or removed when `new` is nil (an
    /// array element is then dropped).
    private static func setting(_ path: [Step], of value: JSONValue, to new: JSONValue?) -> JSONValue {
        guard let step = path.first else { return new ?? .null }
        let rest = Array(path.dropFirst())
        switch (value, step) {
        case (.object(var members), .key(let key)):
            members[key] = rest.isEmpty ? new : setting(rest, of: members[key] ?? [:], to: new)
            return .object(members)
        case (.array(var elements), .index(let index)):
            if rest.isEmpty, new == nil { elements.remove(at: index) } else { elements[index] = setting(rest, of: elements[index], to: new) }
            return .array(elements)
        default:
            return value
        }
    }
}
