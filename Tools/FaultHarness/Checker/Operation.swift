import CaseSupport

/// One client operation as the history records it.
///
/// Every operation carries a unique token (`c2-17`): a filing puts it in its
/// first document's name, a step in its note, so the checker can tell which
/// attempt produced what it finds on the nodes, even for attempts whose
/// answer never came back.
public struct Operation: Equatable, Sendable {
    public enum Kind: String, Sendable {
        case file, step
    }

    /// What the client learned about it.
    public enum Outcome: String, Sendable {
        /// Acknowledged: 201 for a filing, 200 for a step.
        case ok
        /// Definitely not done: refused (4xx, 503, 507) or never sent.
        case failed
        /// Unknown: timed out or the connection broke after sending.
        case indeterminate
    }

    public var token: String
    public var client: Int
    public var node: String
    public var kind: Kind
    /// For a step, its workflow action.
    public var action: String?
    /// The dossier code: the target of a step; for a filing, the code the node answered with.
    public var dossier: String?
    public var outcome: Outcome
    public var status: Int?
    public var error: String?
    public var startMs: Int
    public var endMs: Int

    public init(
        token: String, client: Int, node: String, kind: Kind, action: String? = nil, dossier: String? = nil,
        outcome: Outcome, status: Int? = nil, error: String? = nil, startMs: Int = 0, endMs: Int = 0
    ) {
        self.token = token
        self.client = client
        self.node = node
        self.kind = kind
        self.action = action
        self.dossier = dossier
        self.outcome = outcome
        self.status = status
        self.error = error
        self.startMs = startMs
        self.endMs = endMs
    }

    /// One JSON line of the saved history.
    public var jsonLine: String {
        var object: [String: JSONValue] = [
            "token": .string(token), "client": .int(Int64(client)), "node": .string(node), "kind": .string(kind.rawValue),
            "outcome": .string(outcome.rawValue), "startMs": .int(Int64(startMs)), "endMs": .int(Int64(endMs)),
        ]
        if let action { object["action"] = .string(action) }
        if let dossier { object["dossier"] = .string(dossier) }
        if let status { object["status"] = .int(Int64(status)) }
        if let error { object["error"] = .string(error) }
        return String(decoding: JSONWriter.serialize(.object(object)), as: UTF8.self)
    }
}
