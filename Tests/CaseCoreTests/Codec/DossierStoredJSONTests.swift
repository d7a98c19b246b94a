import XCTest
@testable import CaseCore
import CaseSupport

/// `storedJSONBytes` writes the stored state directly; nodes digest those bytes, so they must
/// be exactly `JSONWriter.serialize(storedJSON)` for every dossier, whichever fields it has.
final class DossierStoredJSONTests: XCTestCase {
    private let code = "LOCAL-250701-0001"
    private let t0: Int64 = 1_751_336_400_000

    private func filed(applicant: JSONValue, documents: JSONValue) -> ChangeEvent {
        let payload: JSONValue = [
            "channel": "online", "procedureCode": "1.001612", "procedureName": "Đăng ký khai sinh",
            "timeLimitWorkingDays": 3, "feesVND": 8_000, "applicant": applicant, "documents": documents,
            "receivingCentre": "n1", "competentCentre": "n2", "originalDueAtMs": .int(t0 + 86_400_000),
            "note": "nộp \"trực tuyến\"",
        ]
        return ChangeEvent(
            origin: "n1", sequence: 1, timestamp: HLCTimestamp(physicalMs: t0, logical: 0), dossierCode: code,
            kind: .filed, actor: "clerk", centre: "n1", payload: payload)
    }

    private func step(_ action: WorkflowAction, _ origin: String, _ seq: Int64, at offsetMs: Int64, _ payload: JSONValue = [:]) -> ChangeEvent {
        ChangeEvent(
            origin: origin, sequence: seq, timestamp: HLCTimestamp(physicalMs: t0 + offsetMs, logical: 0), dossierCode: code,
            kind: .action(action), actor: "clerk \\ \"An\"", centre: origin, payload: payload)
    }

    private let fullApplicant: JSONValue = [
        "kind": "organisation", "fullName": "Công ty TNHH Đông Á", "idNumber": "0101234567", "birthDate": "1990-02-03",
        "phone": "0901234567", "email": "a@b.vn",
        "address": ["provinceCode": "01", "communeCode": "00004", "detail": "số 5, ngõ 3\tthôn Đông"],
        "representative": ["fullName": "Trần Thị Bình", "idNumber": "001190012345", "relation": "giám đốc"],
    ]
    private let sparseApplicant: JSONValue = ["fullName": "Lê Văn C", "idNumber": "001090012345", "address": [:]]

    /// Dossiers covering every optional member, escapes, history details, conflicts open and settled.
    private func dossiers() throws -> [Dossier] {
        let rich = filed(applicant: fullApplicant, documents: [
            ["name": "Tờ khai", "originals": 1, "copies": 2, "sha256": .string(String(repeating: "a", count: 64)), "sizeBytes": 1_024],
            ["name": "Giấy \u{1} lạ"],
        ])
        let sparse = filed(applicant: sparseApplicant, documents: [])
        let steps = [
            step(.accept, "n2", 1, at: 500),
            step(.start, "n2", 2, at: 1_000),
            step(.resolve, "n2", 3, at: 2_000),
            step(.requestWithdrawal, "n3", 1, at: 3_000, ["note": "công dân rút"]),
        ]
        let settle = step(.settle, "n9", 1, at: 4_000, ["events": ["n3/1"], "note": "giữ kết quả"])
        var folded = [Dossier]()
        for events in [[rich], [sparse], [rich] + steps, [sparse] + steps + [settle], [rich] + Array(steps.prefix(2))] {
            folded.append(try XCTUnwrap(DossierReducer.fold(events)))
        }
        var everyOptional = folded[2]
        everyOptional.originalCentre = "n0"
        everyOptional.finishedAt = Instant(millisecondsSinceEpoch: t0 + 9_000)
        everyOptional.returnedAt = Instant(millisecondsSinceEpoch: t0 + 10_000)
        everyOptional.history[0].details = ["to": "n5", "nested": ["b": 1, "a": [true, .null, 1.5]], "Đ": "x"]
        everyOptional.history[0].conflict = "đã có bước khác"
        var pausedForPayment = folded[2]
        pausedForPayment.status = .paymentRequested
        pausedForPayment.pausedRemainingWorkingMs = 60_000
        var unitsAndFeeLines = folded[2]
        unitsAndFeeLines.timeLimitInUnit = TimeLimit(amount: 1, unit: .sameDay)
        unitsAndFeeLines.feeLines = [
            FeeLine(name: "Phí \"trang\" 1–2", unit: "perPage", amountVND: 2_000, quantity: 4, totalVND: 8_000),
            FeeLine(name: "từ trang 3", unit: "perPage", amountVND: 1_000, quantity: 6, maxPerCopyVND: 196_000, totalVND: 6_000),
        ]
        return folded + [everyOptional, pausedForPayment, unitsAndFeeLines]
    }

    func testDirectBytesEqualTheCanonicalWriterForEveryShape() throws {
        let all = try dossiers()
        XCTAssertFalse(all[3].conflicts.isEmpty, "the fixture must hold a conflict")
        XCTAssertNotNil(all[3].conflicts.first?.settledBy, "the fixture must hold a settled conflict")
        XCTAssertNotNil(all[2].conflicts.first?.winningEvent, "the fixture must hold a conflict's winning event")
        for (index, dossier) in all.enumerated() {
            let expected = JSONWriter.serialize(dossier.storedJSON)
            XCTAssertEqual(String(decoding: dossier.storedJSONBytes, as: UTF8.self), String(decoding: expected, as: UTF8.self), "dossier \(index)")
        }
    }

    func testBufferSeparatesNestedArraysAndObjects() {
        var buffer = CanonicalJSONBuffer()
        buffer.beginArray()
        buffer.beginObject()
        buffer.key("a")
        buffer.beginArray()
        buffer.int(1)
        buffer.bool(false)
        buffer.endArray()
        buffer.optionalString("b", nil)
        buffer.key("c")
        buffer.value(["y": 2, "x": "é\n"])
        buffer.endObject()
        buffer.string("s")
        buffer.endArray()
        XCTAssertEqual(String(decoding: buffer.bytes, as: UTF8.self), #"[{"a":[1,false],"c":{"x":"é\n","y":2}},"s"]"#)
    }
}
