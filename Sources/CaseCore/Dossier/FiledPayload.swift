import CaseSupport

/// What a `filed` event carries: the filing as received plus everything the
/// receiving node decided at that moment (procedure name and time limit from
/// its catalogue, the due date from its calendar), so that every node derives
/// the same dossier without needing the same catalogue or calendar.
public struct FiledPayload: Hashable, Sendable {
    public var channel: Dossier.Channel
    public var procedureCode: String
    public var procedureName: String
    public var timeLimitWorkingDays: Int
    public var feesVND: Int64
    public var applicant: Applicant
    public var documents: [DocumentItem]
    public var receivingCentre: String
    public var competentCentre: String
    public var originalDueAt: Instant
    public var note: String?
    /// The catalogue's `paymentTimeExcluded` at filing; written only when true, so filings of
    /// procedures without it keep the payload (and fold) of older versions.
    public var paymentTimeExcluded: Bool
    /// The catalogue's limit in its own unit at filing; written only when not in working days,
    /// so filings of working-day procedures keep the payload (and fold) of older versions.
    public var timeLimit: TimeLimit
    /// How `feesVND` was computed, when a fee of the procedure is counted per page or per copy
    /// (`FeeCalculation.needsLines`); nil otherwise, so other filings keep older payloads.
    public var feeLines: [FeeLine]?
    /// The lookup PIN's hash (`LookupPinHash.payloadKey`); written only when present, and
    /// ignored by nodes of earlier versions, which read only the fields they know.
    public var lookupPin: LookupPinHash?
    /// Sent by post, received on arrival as at the counter (`channel` is `counter`). Written
    /// only when true, as its own key: a node that knows no post reads only `channel` and takes
    /// the filing as a counter one, where a new `channel` value would make it refuse the event.
    public var receivedByPost: Bool

    public init(
        channel: Dossier.Channel, procedureCode: String, procedureName: String, timeLimitWorkingDays: Int,
        feesVND: Int64, applicant: Applicant, documents: [DocumentItem], receivingCentre: String,
        competentCentre: String, originalDueAt: Instant, note: String?, paymentTimeExcluded: Bool = false,
        timeLimit: TimeLimit? = nil, feeLines: [FeeLine]? = nil,
        lookupPin: LookupPinHash? = nil, receivedByPost: Bool = false
    ) {
        self.channel = channel
        self.procedureCode = procedureCode
        self.procedureName = procedureName
        self.timeLimitWorkingDays = timeLimitWorkingDays
        self.feesVND = feesVND
        self.applicant = applicant
        self.documents = documents
        self.receivingCentre = receivingCentre
        self.competentCentre = competentCentre
        self.originalDueAt = originalDueAt
        self.note = note
        self.paymentTimeExcluded = paymentTimeExcluded
        self.timeLimit = timeLimit ?? .workingDays(timeLimitWorkingDays)
        self.feeLines = feeLines
        self.lookupPin = lookupPin
        self.receivedByPost = receivedByPost
    }

    public var json: JSONValue {
        var object: [String: JSONValue] = [
            "channel": .string(channel.rawValue),
            "procedureCode": .string(procedureCode),
            "procedureName": .string(procedureName),
            "timeLimitWorkingDays": .int(Int64(timeLimitWorkingDays)),
            "feesVND": .int(feesVND),
            "applicant": applicant.json,
            "documents": .array(documents.map(\.json)),
            "receivingCentre": .string(receivingCentre),
            "competentCentre": .string(competentCentre),
            "originalDueAtMs": .int(originalDueAt.millisecondsSinceEpoch),
        ]
        object["note"] = note.map { .string($0) }
        if paymentTimeExcluded { object["paymentTimeExcluded"] = .bool(true) }
        if !timeLimit.isWorkingDays {
            object["timeLimitUnit"] = .string(timeLimit.unit.rawValue)
            object["timeLimit"] = .int(Int64(timeLimit.amount))
        }
        object["feeLines"] = feeLines.map { .array($0.map(\.json)) }
        if let lookupPin { object[LookupPinHash.payloadKey] = .string(lookupPin.encoded) }
        if receivedByPost { object["receivedByPost"] = .bool(true) }
        return .object(object)
    }

    /// Reads a stored payload. Only shape is checked: the rules it passed were those of its time.
    public init(json: JSONValue) throws(ValidationIssue) {
        try self.init(reader: JSONObjectReader(json, path: "payload"))
    }

    /// `init(json:)` from a payload's reader, tree or indexed bytes alike (`JSONObjectReader`):
    /// the one set of rules for both.
    public init(reader: JSONObjectReader) throws(ValidationIssue) {
        guard let applicant = reader.member("applicant") else {
            throw ValidationIssue(field: "payload.applicant", message: "is required")
        }
        var documents: [DocumentItem] = []
        for (index, element) in (try reader.members("documents", maxCount: Int.max) ?? []).enumerated() {
            documents.append(try DocumentItem(reader: JSONObjectReader(element, path: "payload.documents[\(index)]")))
        }
        guard let dueMs = try reader.int64("originalDueAtMs") else {
            throw ValidationIssue(field: "payload.originalDueAtMs", message: "is required")
        }
        self.init(
            channel: try reader.enumeration("channel", as: Dossier.Channel.self) ?? .counter,
            procedureCode: try reader.requiredString("procedureCode"),
            procedureName: try reader.string("procedureName") ?? "",
            timeLimitWorkingDays: Int(try reader.int64("timeLimitWorkingDays") ?? 0),
            feesVND: try reader.int64("feesVND") ?? 0,
            applicant: try Applicant(reader: JSONObjectReader(applicant, path: "payload.applicant")),
            documents: documents,
            receivingCentre: try reader.requiredString("receivingCentre"),
            competentCentre: try reader.requiredString("competentCentre"),
            originalDueAt: Instant(millisecondsSinceEpoch: dueMs),
            note: try reader.string("note"),
            paymentTimeExcluded: try reader.bool("paymentTimeExcluded") ?? false,
            timeLimit: try Self.timeLimit(reader), feeLines: try Self.feeLines(reader),
            // Not a reason to refuse a filing: one this version cannot read is no PIN.
            lookupPin: LookupPinHash(payload: reader),
            // As lenient as the PIN: a value this version cannot read is no post, not a refusal.
            receivedByPost: ((try? reader.bool("receivedByPost")) ?? nil) == true)
    }

    private static func feeLines(_ reader: JSONObjectReader) throws(ValidationIssue) -> [FeeLine]? {
        guard let lines = try reader.members("feeLines", maxCount: Int.max) else { return nil }
        var result: [FeeLine] = []
        for (index, line) in lines.enumerated() {
            result.append(try FeeLine(reader: JSONObjectReader(line, path: "payload.feeLines[\(index)]")))
        }
        return result
    }

    /// The limit in its own unit, if the payload names one. A unit this version does not know
    /// (written by a newer node) reads as absent: the dossier then counts working days, as
    /// nodes before units do; the due dates it carries are the writer's either way.
    private static func timeLimit(_ reader: JSONObjectReader) throws(ValidationIssue) -> TimeLimit? {
        guard let unitName = try reader.string("timeLimitUnit"), let unit = TimeLimit.Unit(rawValue: unitName),
              let amount = try reader.int64("timeLimit"), TimeLimit.problem(amount: Int(clamping: amount), unit: unit) == nil
        else { return nil }
        return TimeLimit(amount: Int(amount), unit: unit)
    }
}
