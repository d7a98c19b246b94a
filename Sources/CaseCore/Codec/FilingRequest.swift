import CaseSupport

/// What a clerk sends to file a dossier (`POST /v1/dossiers`), read from
/// JSON with every text NFC-normalised. Only `procedureCode`,
/// `applicant.fullName` and `applicant.idNumber` are required.
public struct FilingRequest: Hashable, Sendable {
    public var procedureCode: String
    public var applicant: Applicant
    /// Defaults to the receiving node: most dossiers are resolved where they are filed.
    public var competentCentre: String?
    public var documents: [DocumentItem]
    public var channel: Dossier.Channel
    /// Sent by post (bưu chính công ích): the request says `"channel": "post"`. The dossier is
    /// received on arrival like a counter filing, so `channel` is `counter`; the filing records
    /// the post apart (`FiledPayload.receivedByPost`), where nodes that know no post ignore it.
    public var receivedByPost: Bool
    public var note: String?
    public var actor: String?
    /// Set by the node from the `Idempotency-Key` header and the caller, never read from the
    /// body; the filing's event carries it (`IdempotencyRecord`).
    public var idempotency: IdempotencyRecord?
    /// Set by the node (a fresh PIN's hash), never read from the body; the filing's event carries it.
    public var lookupPin: LookupPinHash?

    /// Bounds a filing's document list: the longest real procedures list a few dozen components.
    public static let maxDocuments = 100

    static let jsonKeys: Set<String> = [
        "procedureCode", "applicant", "competentCentre", "documents", "channel", "note", "actor",
    ]

    public init(
        procedureCode: String, applicant: Applicant, competentCentre: String? = nil, documents: [DocumentItem] = [],
        channel: Dossier.Channel = .counter, receivedByPost: Bool = false, note: String? = nil, actor: String? = nil
    ) {
        precondition(!receivedByPost || channel == .counter, "a dossier sent by post is received like a counter filing")
        self.procedureCode = procedureCode
        self.applicant = applicant
        self.competentCentre = competentCentre
        self.documents = documents
        self.channel = channel
        self.receivedByPost = receivedByPost
        self.note = note
        self.actor = actor
    }

    public init(json: JSONValue) throws(ValidationIssue) {
        let reader = try JSONObjectReader(json)
        try reader.rejectUnknownKeys(allowed: Self.jsonKeys)
        guard let applicantJSON = reader.fields["applicant"], applicantJSON != .null else {
            throw ValidationIssue(field: "applicant", message: "is required (at least fullName and idNumber)")
        }
        var documents: [DocumentItem] = []
        for (index, element) in (try reader.array("documents", maxCount: Self.maxDocuments) ?? []).enumerated() {
            documents.append(try DocumentItem(json: element, path: "documents[\(index)]"))
        }
        let channel = try reader.enumeration("channel", as: RequestChannel.self) ?? .counter
        self.init(
            procedureCode: try reader.requiredString("procedureCode"),
            applicant: try Applicant(json: applicantJSON, path: "applicant"),
            competentCentre: try reader.string("competentCentre"),
            documents: documents,
            channel: channel == .online ? .online : .counter, receivedByPost: channel == .post,
            note: try reader.string("note"),
            actor: try reader.string("actor"))
    }

    /// The channels a request may name: the dossier's two, and the post, received as at the counter.
    enum RequestChannel: String, CaseIterable {
        case counter, online, post
    }
}
