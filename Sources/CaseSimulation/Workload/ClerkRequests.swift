import CaseCore
import Foundation
import CaseSupport

/// What simulated clerks ask for: the requests a real clerk sends to the API. What they
/// produce, or why they are refused, is decided by `DossierDecisions`, as at a real node.
enum ClerkRequests {
    /// The one procedure simulated citizens file for (a birth registration, three working days),
    /// taken at any centre of the nation: the simulation's filings for a competent centre of
    /// another province stand for the procedures the law lets cross provinces (a centre
    /// refuses the others, `not_location_independent`, tested in `DossierDecisionsTests`).
    static let catalogue: ProcedureCatalogue = {
        let birth = Procedure(
            code: "1.001612", name: nfc("Đăng ký khai sinh"), field: nfc("Hộ tịch"), timeLimitWorkingDays: 3, fees: [],
            locationIndependence: .nationwide)
        do {
            return try ProcedureCatalogue(procedures: [birth], source: "simulation")
        } catch {
            preconditionFailure("the simulation's catalogue is valid: \(error)")
        }
    }()

    /// Office hours and the Labour Code's holidays as a node computes them without an
    /// official schedule: the same rule and the same refusal beyond its years.
    static let calendar: WorkingCalendar = {
        do {
            return try HolidayCalendar(source: "simulation: Bộ luật Lao động 2019, Điều 112, computed", holidays: []).workingCalendar()
        } catch {
            preconditionFailure("the simulation's calendar is valid: \(error)")
        }
    }()

    /// A valid filing for `competentCentre`.
    static func filing(channel: Dossier.Channel, competentCentre: String) -> FilingRequest {
        // Lean on purpose: every string of a filing is normalised again each
        // time a node folds it, and folding is most of a simulated run's cost.
        FilingRequest(
            procedureCode: "1.001612", applicant: Applicant(fullName: nfc("Nguyễn Thị Ánh"), idNumber: "001190012345"),
            competentCentre: competentCentre, documents: [DocumentItem(name: nfc("Tờ khai đăng ký khai sinh"))], channel: channel)
    }

    /// The caller every simulated clerk's key is scoped by (a real node scopes by token id).
    static let idempotencyScope = "simulated-clerks"

    /// The record a filing sent under `key` carries: the request as its JSON body would be.
    static func idempotency(_ key: String, of request: FilingRequest) throws(ValidationIssue) -> IdempotencyRecord {
        var body: [String: JSONValue] = [
            "procedureCode": .string(request.procedureCode), "channel": .string(request.channel.rawValue),
            "applicant": ["fullName": .string(request.applicant.fullName), "idNumber": .string(request.applicant.idNumber)],
        ]
        body["competentCentre"] = request.competentCentre.map { .string($0) }
        return try IdempotencyRecord(key: key, scope: idempotencyScope, target: "POST /v1/dossiers", body: .object(body))
    }

    /// A clerk's step with the fields it needs; `random` picks the transfer's destination
    /// and the apology's new date (either may be refused: a transfer to where the dossier
    /// is already, an apology date not later than the current due date).
    static func step(_ action: WorkflowAction, nodeIDs: [String], wallClockMs: Int64, random: inout SplitMix64) -> ActionRequest {
        switch action {
        case .transfer, .handover:
            return ActionRequest(action: action, toCentre: nodeIDs.randomElement(using: &random)!, reason: nfc("chuyển đúng thẩm quyền"))
        case .apologize:
            let newDueAt = Instant(millisecondsSinceEpoch: wallClockMs + Int64.random(in: 2...5, using: &random) * dayMs)
            return ActionRequest(action: action, newDueAt: newDueAt, reason: nfc("chờ xác minh"))
        case .requestSupplement:
            return ActionRequest(action: action, note: nfc("thiếu giấy tờ"), reason: nfc("thiếu bản sao giấy khai sinh"))
        case .refuse, .stop:
            return ActionRequest(action: action, reason: nfc("không đủ điều kiện"))
        case .note:
            return ActionRequest(action: action, note: nfc("đã gọi điện cho người nộp"))
        case .accept, .start, .supplement, .requestPayment, .paid, .requestWithdrawal, .resolve, .returnResult, .settle:
            return ActionRequest(action: action)
        }
    }

    private static let dayMs: Int64 = 86_400_000

    /// Vietnamese text is NFC at every entry point; the literals here are too.
    static func nfc(_ text: String) -> String {
        text.precomposedStringWithCanonicalMapping
    }
}
