import Foundation
import CaseCore
import CaseSupport

/// Valid filings and steps with chosen identities and times, for tests of the replica logs
/// (the `ReplicaLog` contract) and of the replication core.
public enum TestEvents {
    /// 2025-07-01 08:00 in Vietnam: the simulator's epoch (`SimulatedNode.epochMs`), so these
    /// events sit among a simulated node's own.
    public static let baseMs: Int64 = 1_751_331_600_000

    public static func filed(_ code: String, origin: String, sequence: Int64, atMs: Int64 = 0) -> ChangeEvent {
        let payload = FiledPayload(
            channel: .counter, procedureCode: "1.001612", procedureName: nfc("Đăng ký khai sinh"), timeLimitWorkingDays: 3,
            feesVND: 0, applicant: Applicant(fullName: nfc("Nguyễn Thị Ánh"), idNumber: "001190012345"),
            documents: [DocumentItem(name: nfc("Tờ khai đăng ký khai sinh"))], receivingCentre: origin, competentCentre: origin,
            originalDueAt: Instant(millisecondsSinceEpoch: baseMs + 3 * 86_400_000), note: nil)
        return event(code, .filed, origin: origin, sequence: sequence, atMs: atMs, payload: payload.json)
    }

    /// An admin's settle payload naming `events` (the conflicts decided on).
    public static func settlement(of events: [EventID]) -> JSONValue {
        ["events": .array(events.map { .string($0.description) }), "note": .string(nfc("thống nhất giữ kết quả"))]
    }

    private static func nfc(_ text: String) -> String {
        text.precomposedStringWithCanonicalMapping
    }

    public static func step(
        _ action: WorkflowAction, _ code: String, origin: String, sequence: Int64, atMs: Int64, payload: JSONValue = [:]
    ) -> ChangeEvent {
        event(code, .action(action), origin: origin, sequence: sequence, atMs: atMs, payload: payload)
    }

    /// A filing whose payload is not a filing: its dossier cannot be folded.
    public static func malformedFiling(_ code: String, origin: String, sequence: Int64) -> ChangeEvent {
        event(code, .filed, origin: origin, sequence: sequence, atMs: 0, payload: ["channel": "counter"])
    }

    /// `atMs` is relative to `baseMs`.
    public static func event(
        _ code: String, _ kind: EventKind, origin: String, sequence: Int64, atMs: Int64, payload: JSONValue
    ) -> ChangeEvent {
        ChangeEvent(
            origin: origin, sequence: sequence, timestamp: HLCTimestamp(physicalMs: baseMs + atMs, logical: 0),
            dossierCode: code, kind: kind, actor: "clerk-\(origin)", centre: origin, payload: payload)
    }

    /// Origin `origin`'s events 1…count: a filing of `code` then notes, one millisecond apart.
    public static func chain(origin: String, code: String, count: Int) -> [ChangeEvent] {
        (1...Int64(count)).map { sequence in
            sequence == 1
                ? filed(code, origin: origin, sequence: 1)
                : step(.note, code, origin: origin, sequence: sequence, atMs: sequence, payload: ["note": "ghi chú"])
        }
    }
}
