import CaseArguments
import CaseSupport

/// `casectl retire NODE --successor NODE2`: a commune merger, batch by batch.
enum RetireCommand {
    /// Requests before giving up: at 500 dossiers each that is 50 million, more
    /// than any commune holds; past it something files for the retired centre
    /// faster than the handover empties it.
    static let maxRequests = 100_000
    /// The node's own bound on one request (`DossierService.maxHandoverBatch`),
    /// checked here too so a wrong --batch is a usage error before any request.
    static let maxBatch = 500

    static let spec = CommandSpec(
        name: "retire",
        summary: "Commune merger: hand a centre's unfinished dossiers to its successor, then retire the centre.",
        discussion: """
            Every dossier whose handling centre is NODE and that is unfinished, or resolved and not \
            yet returned, moves to the successor through a replicated handover step (its code, \
            receipt time and due dates do not change; its competent centre moves too where it was \
            NODE), in \
            batches of --batch dossiers, one request each, with a progress line per batch on \
            standard error. When none is left, NODE is marked retired in membership: members stop \
            contacting it and refuse it if it tries to rejoin, until 'casectl readmit NODE'. \
            Prints the handover ledger: counts per status and every dossier moved. Safe to run \
            again, for example after an interruption, or for dossiers of NODE that arrived later: \
            a dossier already handed over is not moved twice. In a cluster with a root key, \
            retirement is revocation: give --root-key, and casectl signs the decision here once \
            every dossier has moved (NODE's certificate is then refused everywhere, and its events \
            after the last one the node holds); without it the dossiers move and NODE stays a member. \
            Once retired, NODE is refused as a competent centre or a transfer's destination, \
            naming the successor.
            """,
        options: [
            .value("successor", "NODE", help: "The centre that takes the dossiers over (required)."),
            .value("batch", "N", help: "Dossiers moved per request, each in one transaction (1-500).", default: "500"),
            .value("note", "TEXT", help: "The note recorded with every handover step.", default: "commune merger: NODE retired, …"),
            DecisionSigning.option,
        ],
        positionals: [PositionalSpec("NODE", help: "The centre being retired (its node id).")],
        examples: [
            "casectl --node http://127.0.0.1:7410 retire n3 --successor n2",
            "casectl retire n3 --successor n2 --note 'Nghị quyết sáp nhập xã' --json",
            "casectl retire n3 --successor n2 --root-key root.key",
        ])

    static func run(_ arguments: ParsedArguments, _ session: CasectlSession) throws {
        guard let node = arguments.positional("NODE") else { throw CasectlUsageError(message: "missing NODE") }
        guard let successor = arguments.value("successor") else {
            throw CasectlUsageError(message: "missing --successor: the centre that takes \(node)'s dossiers over")
        }
        session.output.standard(try retire(node, successor: successor, arguments, session))
    }

    /// Hands `node`'s dossiers to `successor` batch by batch, then retires it (signing the
    /// root's decision when `arguments` give the root key); returns the ledger as printed.
    /// `note`: the handover steps' note when `--note` is not given (else the node's default).
    static func retire(
        _ node: String, successor: String, note: String? = nil, _ arguments: ParsedArguments, _ session: CasectlSession
    ) throws -> String {
        let body = try requestBody(node: node, successor: successor, note: arguments.value("note") ?? note, arguments: arguments)
        var ledger = HandoverLedger(node: node, successor: successor)
        repeat {
            guard ledger.requests < maxRequests else { throw RetireIncomplete(ledger: ledger, why: "gave up after \(maxRequests) requests") }
            try ledger.add(try session.client.post("/v1/admin/retire", body))
            session.output.error(progressLine(ledger))
            if ledger.remaining > 0, ledger.lastMoved == 0 {
                throw RetireIncomplete(ledger: ledger, why: "the node moved none of them, see its log")
            }
        } while ledger.remaining > 0
        if let request = ledger.decisionRequired {
            try sendDecision(request, node: node, body: body, arguments: arguments, session: session, ledger: &ledger)
        }
        return session.json ? JSONWriter.string(ledger.json, pretty: true) : render(ledger)
    }

    /// The node asks for the root's signature: sign here and send it with one more request.
    private static func sendDecision(
        _ request: JSONValue, node: String, body: JSONValue, arguments: ParsedArguments, session: CasectlSession,
        ledger: inout HandoverLedger
    ) throws {
        guard let clusterID = request["clusterId"]?.stringValue, let held = request["lastSequence"]?.int64Value, held >= 0 else {
            throw CasectlUsageError(message: "the node's request for a decision is malformed: \(JSONWriter.string(request))")
        }
        guard let decision = try DecisionSigning.sign(.retired, member: node, clusterID: clusterID, lastSequence: UInt64(held), arguments) else {
            throw RetireIncomplete(
                ledger: ledger,
                why: "this cluster has a root key, so retiring \(node) revokes its certificate and needs the root's signature: run again with --root-key FILE")
        }
        guard case .object(var fields) = body else { return }
        fields["decision"] = .string(decision.text)
        try ledger.add(try session.client.post("/v1/admin/retire", .object(fields)))
    }

    static func requestBody(node: String, successor: String, note: String?, arguments: ParsedArguments) throws -> JSONValue {
        var body: [String: JSONValue] = ["node": .string(node), "successor": .string(successor)]
        if let text = arguments.value("batch") {
            guard let batch = Int(text), (1...maxBatch).contains(batch) else {
                throw CasectlUsageError(message: "--batch: expected a whole number from 1 to \(maxBatch), got '\(text)'")
            }
            body["limit"] = .int(Int64(batch))
        }
        body["note"] = note.map { .string($0) }
        return .object(body)
    }

    /// One line per request: "retire n3 → n2: request 2 moved 500 (1000 so far), 234 left".
    static func progressLine(_ ledger: HandoverLedger) -> String {
        "retire \(ledger.node) → \(ledger.successor): request \(ledger.requests) moved \(ledger.lastMoved) "
            + "(\(ledger.moved) so far), \(ledger.remaining) left"
    }

    /// The ledger for people: what happened, counts per status, then every dossier moved.
    static func render(_ ledger: HandoverLedger) -> String {
        var lines = [headline(ledger)]
        guard ledger.moved > 0 else {
            lines.append("Moved 0 dossiers: \(ledger.node) handles no unfinished dossier any more "
                         + "(earlier handovers are in each dossier's history).")
            return lines.joined(separator: "\n")
        }
        lines.append("Moved \(ledger.moved) dossiers in \(ledger.requests) request\(ledger.requests == 1 ? "" : "s").")
        var counts = TextTable(columns: [.init("Status"), .init("Moved", alignment: .right)])
        for status in ledger.countsByStatus.keys.sorted() { counts.addRow([status, String(ledger.countsByStatus[status]!)]) }
        var items = TextTable(columns: [.init("Code"), .init("Status"), .init("Due"), .init("From"), .init("To")])
        for item in ledger.items { items.addRow([item.code, item.status, item.dueAt, item.from, item.to]) }
        lines += ["", trimmed(counts.render()), "", trimmed(items.render())]
        if ledger.omittedItems > 0 {
            lines.append("… and \(ledger.omittedItems) more moved, not listed here; each dossier's history shows its handover.")
        }
        return lines.joined(separator: "\n")
    }

    private static func headline(_ ledger: HandoverLedger) -> String {
        switch (ledger.nodeState, ledger.retiredNow) {
        case ("retired", true): return "Retired \(ledger.node): its unfinished dossiers are handled by \(ledger.successor) now."
        case ("retired", false): return "\(ledger.node) was already retired; its unfinished dossiers are handled by \(ledger.successor)."
        default: return "\(ledger.node) is \(ledger.nodeState) in membership; its unfinished dossiers are handled by \(ledger.successor) now."
        }
    }

    /// A table's text without its final newline (casectl's output adds one).
    private static func trimmed(_ text: String) -> String {
        text.hasSuffix("\n") ? String(text.dropLast()) : text
    }
}

/// The handover stopped before every dossier moved; what moved so far is durable and stays moved.
struct RetireIncomplete: Error, CustomStringConvertible {
    let ledger: HandoverLedger
    let why: String

    var description: String {
        guard ledger.remaining > 0 else { return "every unfinished dossier of \(ledger.node) is handed over (\(ledger.moved) moved), but \(why)" }
        return "\(ledger.remaining) unfinished dossiers of \(ledger.node) are still not handed over (\(why); "
            + "\(ledger.moved) moved so far): run the same command again to continue"
    }
}
