import Foundation
import CaseCore
import CaseReplication
import CaseWire
@testable import CaseSimulation
import CaseSupport

/// Events for the log's unit tests: valid filings and steps with chosen identities and times.
enum TestEvents {
    static let baseMs = SimulatedNode.epochMs

    static func filed(_ code: String, origin: String, sequence: Int64, atMs: Int64 = 0) -> ChangeEvent {
        let payload = FiledPayload(
            channel: .counter, procedureCode: "1.001612", procedureName: nfc("Đăng ký khai sinh"), timeLimitWorkingDays: 3,
            feesVND: 0, applicant: Applicant(fullName: nfc("Nguyễn Thị Ánh"), idNumber: "001190012345"),
            documents: [DocumentItem(name: nfc("Tờ khai đăng ký khai sinh"))], receivingCentre: origin, competentCentre: origin,
            originalDueAt: Instant(millisecondsSinceEpoch: baseMs + 3 * 86_400_000), note: nil)
        return event(code, .filed, origin: origin, sequence: sequence, atMs: atMs, payload: payload.json)
    }

    /// An admin's settle payload naming `events` (the conflicts decided on).
    static func settlement(of events: [EventID]) -> JSONValue {
        ["events": .array(events.map { .string($0.description) }), "note": .string(nfc("thống nhất giữ kết quả"))]
    }

    private static func nfc(_ text: String) -> String {
        text.precomposedStringWithCanonicalMapping
    }

    static func step(
        _ action: WorkflowAction, _ code: String, origin: String, sequence: Int64, atMs: Int64, payload: JSONValue = [:]
    ) -> ChangeEvent {
        event(code, .action(action), origin: origin, sequence: sequence, atMs: atMs, payload: payload)
    }

    /// A filing whose payload is not a filing: its dossier cannot be folded.
    static func malformedFiling(_ code: String, origin: String, sequence: Int64) -> ChangeEvent {
        event(code, .filed, origin: origin, sequence: sequence, atMs: 0, payload: ["channel": "counter"])
    }

    /// `atMs` is relative to `baseMs`.
    static func event(
        _ code: String, _ kind: EventKind, origin: String, sequence: Int64, atMs: Int64, payload: JSONValue
    ) -> ChangeEvent {
        ChangeEvent(
            origin: origin, sequence: sequence, timestamp: HLCTimestamp(physicalMs: baseMs + atMs, logical: 0),
            dossierCode: code, kind: kind, actor: "clerk-\(origin)", centre: origin, payload: payload)
    }

    /// Origin `origin`'s events 1…count: a filing of `code` then notes, one millisecond apart.
    static func chain(origin: String, code: String, count: Int) -> [ChangeEvent] {
        (1...Int64(count)).map { sequence in
            sequence == 1
                ? filed(code, origin: origin, sequence: 1)
                : step(.note, code, origin: origin, sequence: sequence, atMs: sequence, payload: ["note": "ghi chú"])
        }
    }
}
