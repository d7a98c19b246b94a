import CaseCore
import CaseSupport

/// Events as nodes wrote them before the clock rules of docs/due-dates.md: an `accept`,
/// a supplement request (at intake and during processing), a supplement, a payment request
/// and `paid`, each with the payload of that time. `DossierClockTests` folds them and
/// compares with the state the older reducer derived (its stored JSON, recorded).
enum OldStyleClockEvents {
    /// Tuesday 1 July 2025, 09:00 in Vietnam.
    static let tuesdayNineMs: Int64 = 1_751_335_200_000
    static let hourMs: Int64 = 3_600_000
    static let dayMs: Int64 = 86_400_000

    /// An online dossier accepted two days after submission, then paused for a supplement
    /// and for a payment, and resolved.
    static let accepted: [ChangeEvent] = {
        let code = "N1-250701-0001"
        return [
            filed(code, dueMs: tuesdayNineMs + 3 * dayMs),
            step(code, .accept, seq: 2, atMs: tuesdayNineMs + 2 * dayMs),
            step(code, .start, seq: 3, atMs: tuesdayNineMs + 2 * dayMs + hourMs),
            step(code, .requestPayment, seq: 4, atMs: tuesdayNineMs + 2 * dayMs + 2 * hourMs),
            step(code, .paid, seq: 5, atMs: tuesdayNineMs + 6 * dayMs),
            step(code, .requestSupplement, seq: 6, atMs: tuesdayNineMs + 6 * dayMs + hourMs,
                 payload: ["remainingWorkingMs": .int(4 * hourMs), "reason": "thiếu bản sao"]),
            step(code, .supplement, seq: 7, atMs: tuesdayNineMs + 7 * dayMs, payload: ["newDueAtMs": .int(tuesdayNineMs + 7 * dayMs + 4 * hourMs)]),
            step(code, .resolve, seq: 8, atMs: tuesdayNineMs + 8 * dayMs),
        ]
    }()

    /// An online dossier sent back at intake for a supplement, then supplemented and resolved.
    static let intakeSupplement: [ChangeEvent] = {
        let code = "N1-250701-0002"
        return [
            filed(code, dueMs: tuesdayNineMs + 3 * dayMs),
            step(code, .requestSupplement, seq: 2, atMs: tuesdayNineMs + hourMs,
                 payload: ["remainingWorkingMs": .int(23 * hourMs), "reason": "thiếu tờ khai"]),
            step(code, .supplement, seq: 3, atMs: tuesdayNineMs + 6 * dayMs, payload: ["newDueAtMs": .int(tuesdayNineMs + 9 * dayMs)]),
            step(code, .start, seq: 4, atMs: tuesdayNineMs + 6 * dayMs + hourMs),
        ]
    }()

    private static func filed(_ code: String, dueMs: Int64) -> ChangeEvent {
        let payload: JSONValue = [
            "channel": "online", "procedureCode": "1.001612", "procedureName": "Đăng ký khai sinh",
            "timeLimitWorkingDays": 3, "feesVND": 0,
            "applicant": ["kind": "citizen", "fullName": "Nguyễn Văn Ánh", "idNumber": "001090012345"],
            "documents": [["name": "Tờ khai", "originals": 1, "copies": 0]],
            "receivingCentre": "n1", "competentCentre": "n1", "originalDueAtMs": .int(dueMs),
        ]
        return ChangeEvent(
            origin: "n1", sequence: 1, timestamp: HLCTimestamp(physicalMs: tuesdayNineMs, logical: 0),
            dossierCode: code, kind: .filed, actor: "clerk", centre: "n1", payload: payload)
    }

    private static func step(_ code: String, _ action: WorkflowAction, seq: Int64, atMs: Int64, payload: JSONValue = [:]) -> ChangeEvent {
        ChangeEvent(
            origin: "n1", sequence: seq, timestamp: HLCTimestamp(physicalMs: atMs, logical: 0), dossierCode: code,
            kind: .action(action), actor: "clerk", centre: "n1", payload: payload)
    }
}
