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
    /// The lookup PIN's hash (`LookupPinHash.payloadKey`); written only when present, and
    /// ignored by nodes of earlier versions, which read only the fields they know.
    public var lookupPin: LookupPinHash?

    public init(
        channel: Dossier.Channel, procedureCode: String, procedureName: String, timeLimitWorkingDays: Int,
        feesVND: Int64, applicant: Applicant, documents: [DocumentItem], receivingCentre: String,
        competentCentre: String, originalDueAt: Instant, note: String?, paymentTimeExcluded: Bool = false,
        lookupPin: LookupPinHash? = nil
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
        self.lookupPin = lookupPin
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
        if let lookupPin { object[LookupPinHash.payloadKey] = .string(lookupPin.encoded) }
        return .object(object)
    }

    /// Reads a stored payload. Only shape is checked: the rules it passed were those of its time.
    public init(json: JSONValue) throws(ValidationIssue) {
        let reader = try JSONObjectReader(json, path: "payload")
        guard let applicantJSON = reader.fields["applicant"] else {
            throw ValidationIssue(field: "payload.applicant", message: "is required")
        }
        var documents: [DocumentItem] = []
        for (index, element) in (try reader.array("documents", maxCount: Int.max) ?? []).enumerated() {
            documents.append(try DocumentItem(json: element, path: "payload.documents[\(index)]"))
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
            applicant: try Applicant(json: applicantJSON, path: "payload.applicant"),
            documents: documents,
            receivingCentre: try reader.requiredString("receivingCentre"),
            competentCentre: try reader.requiredString("competentCentre"),
            originalDueAt: Instant(millisecondsSinceEpoch: dueMs),
            note: try reader.string("note"),
            paymentTimeExcluded: try reader.bool("paymentTimeExcluded") ?? false,
            // Not a reason to refuse a filing: one this version cannot read is no PIN.
            lookupPin: LookupPinHash(payload: json))
    }
}
