import CaseCore
import Foundation

/// The payloads simulated clerks put in their events: valid filings and the
/// data each workflow step carries, built the way the real service builds them.
enum ClerkPayloads {
    /// A valid filing received at `centre` for `competentCentre`, due three days later.
    static func filing(channel: Dossier.Channel, receivingCentre: String, competentCentre: String, wallClockMs: Int64) -> JSONValue {
        // Lean on purpose: every string of a filing is normalised again each
        // time a node folds it, and folding is most of a simulated run's cost.
        let applicant = Applicant(fullName: nfc("Nguyễn Thị Ánh"), idNumber: "001190012345")
        let payload = FiledPayload(
            channel: channel, procedureCode: "1.001612", procedureName: nfc("Đăng ký khai sinh"),
            timeLimitWorkingDays: 3, feesVND: 0, applicant: applicant,
            documents: [DocumentItem(name: nfc("Tờ khai đăng ký khai sinh"))],
            receivingCentre: receivingCentre, competentCentre: competentCentre,
            originalDueAt: Instant(millisecondsSinceEpoch: wallClockMs + 3 * dayMs), note: nil)
        return payload.json
    }

    /// The data a step carries; `random` picks the transfer's destination and the amounts.
    static func step(_ action: WorkflowAction, nodeIDs: [String], wallClockMs: Int64, random: inout SplitMix64) -> JSONValue {
        switch action {
        case .transfer, .handover:
            return ["to": .string(nodeIDs.randomElement(using: &random)!), "reason": .string(nfc("chuyển đúng thẩm quyền"))]
        case .requestSupplement:
            return ["remainingWorkingMs": .int(Int64.random(in: 1...3, using: &random) * 8 * hourMs), "note": .string(nfc("thiếu giấy tờ"))]
        case .supplement, .apologize:
            return ["newDueAtMs": .int(wallClockMs + Int64.random(in: 2...5, using: &random) * dayMs), "reason": .string(nfc("bổ sung"))]
        case .refuse, .stop:
            return ["reason": .string(nfc("không đủ điều kiện"))]
        case .note:
            return ["note": .string(nfc("đã gọi điện cho người nộp"))]
        case .settle:
            // An admin's step, not a clerk's: see `settlement(of:)`; clerks never draw it.
            return ["events": [], "note": .string(nfc("đã xem xét"))]
        case .accept, .start, .requestPayment, .paid, .requestWithdrawal, .resolve, .returnResult:
            return [:]
        }
    }

    /// An admin's settle payload naming `events` (the conflicts decided on).
    static func settlement(of events: [EventID]) -> JSONValue {
        ["events": .array(events.map { .string($0.description) }), "note": .string(nfc("thống nhất giữ kết quả"))]
    }

    private static let hourMs: Int64 = 3_600_000
    private static let dayMs: Int64 = 86_400_000

    /// Vietnamese text is NFC at every entry point; the literals here are too.
    private static func nfc(_ text: String) -> String {
        text.precomposedStringWithCanonicalMapping
    }
}
