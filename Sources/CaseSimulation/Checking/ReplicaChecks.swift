import CaseCore
import CaseReplication

/// The properties a healed cluster must have. Each check returns what is
/// wrong, in words and in a fixed order (empty when all is well).
enum ReplicaChecks {
    /// How many examples a problem quotes: enough to start debugging, short enough to read.
    static let maxExamples = 5

    /// Whether `node` must hold `event`: every node every event without provinces; with them,
    /// the nodes of every province its dossier belongs to, as the ledger worked it out (not
    /// as the event's tags say: a wrong tag must show as a node lacking or holding too much).
    /// A merger counts from when the root signs it, whether the node has heard of it or not.
    static func mustHold(_ node: SimulatedNode, _ event: ChangeEvent, _ ledger: AcknowledgementLedger) -> Bool {
        guard let province = node.certifiedProvince else { return true }
        return ledger.provinces(of: event.dossierCode).contains(ledger.resolve(province))
    }

    /// The acknowledged events `node` must hold, in acknowledgement order.
    static func required(_ ledger: AcknowledgementLedger, by node: SimulatedNode) -> [EventID] {
        guard node.province != nil else { return ledger.order }
        return ledger.order.filter { mustHold(node, ledger.events[$0]!, ledger) }
    }

    /// Whether `node` holds every acknowledged event it must hold.
    static func holdsEveryRequiredEvent(_ node: SimulatedNode, _ ledger: AcknowledgementLedger) -> Bool {
        required(ledger, by: node).allSatisfy { ((try? node.log.event($0)) ?? nil) != nil }
    }

    /// The version vector `node` must reach: of the acknowledged events it must hold, in its
    /// keys, those of its streams (an event imported as a dossier's history is in none).
    static func expectedVersionVector(_ ledger: AcknowledgementLedger, for node: SimulatedNode) -> VersionVector {
        guard node.province != nil else { return ledger.expectedVersionVector }
        let streams = node.log.streams
        var vector = VersionVector()
        for id in required(ledger, by: node) {
            for key in streams.keys(of: ledger.events[id]!) { vector.advance(key, to: id.sequence) }
        }
        return vector
    }

    /// The nodes by province (one group without provinces), provinces in code order: the
    /// nodes of a group hold the same streams, so they must converge to equal replicas.
    static func provinceGroups(_ nodes: [SimulatedNode]) -> [[SimulatedNode]] {
        let byProvince = Dictionary(grouping: nodes) { $0.province?.rawValue ?? "" }
        return byProvince.keys.sorted().map { byProvince[$0]! }
    }

    /// (a) No acknowledged event lost: every node holds every acknowledged event it must
    /// hold, unchanged, and (with provinces) none it must not.
    static func lostEvents(_ ledger: AcknowledgementLedger, nodes: [SimulatedNode]) -> [String] {
        var problems: [String] = []
        for node in nodes {
            var missing: [EventID] = []
            var altered: [EventID] = []
            for id in required(ledger, by: node) {
                let held: ChangeEvent? = (try? node.log.event(id)) ?? nil
                if let held {
                    if held != ledger.events[id] { altered.append(id) }
                } else {
                    missing.append(id)
                }
            }
            if !missing.isEmpty {
                problems.append("\(node.id) lacks \(missing.count) acknowledged events (\(examples(missing)))")
            }
            if !altered.isEmpty {
                problems.append("\(node.id) holds \(altered.count) acknowledged events with other content (\(examples(altered)))")
            }
            let misplaced = node.province == nil ? [] : node.log.allEvents.filter { !mustHold(node, $0, ledger) }.map(\.id)
            if !misplaced.isEmpty {
                problems.append("\(node.id) holds \(misplaced.count) events not tagged with its province (\(examples(misplaced)))")
            }
        }
        return problems
    }

    /// (f) Holders: with provinces, every dossier is held by exactly the nodes of its
    /// provinces (as the ledger worked them out), by no other node, and folded to the same
    /// state by every holder, in whichever province.
    static func misheldDossiers(_ ledger: AcknowledgementLedger, nodes: [SimulatedNode]) -> [String] {
        guard nodes.contains(where: { $0.province != nil }) else { return [] }
        var problems: [String] = []
        for code in ledger.filedCodes {
            let provinces = ledger.provinces(of: code)
            let wrong = nodes.filter { node in
                (node.log.dossier(code: code) != nil) != (node.certifiedProvince.map { provinces.contains(ledger.resolve($0)) } ?? true)
            }
            if !wrong.isEmpty {
                let listed = wrong.prefix(maxExamples).map { "\($0.id) (\($0.province?.rawValue ?? "-"))" }.joined(separator: ", ")
                problems.append("\(code), of provinces \(provinces.sorted().map(\.rawValue)), is held wrongly by \(wrong.count) nodes: \(listed)")
            }
            if Set(nodes.compactMap { $0.log.dossier(code: code)?.storedJSONBytes }).count > 1 {
                problems.append("\(code) is not the same at all of its holders")
            }
        }
        return problems
    }

    /// (b) Convergence: identical version vectors (those of the acknowledged
    /// events), identical digests, and each digest equal to one recomputed from scratch.
    static func divergence(_ ledger: AcknowledgementLedger, nodes: [SimulatedNode], recomputing: Bool) -> [String] {
        provinceGroups(nodes).flatMap { divergence(ledger, group: $0, recomputing: recomputing) }
    }

    /// Convergence within one group of nodes that hold the same streams.
    private static func divergence(_ ledger: AcknowledgementLedger, group nodes: [SimulatedNode], recomputing: Bool) -> [String] {
        var problems: [String] = []
        let vectors = nodes.map { (try? $0.log.versionVector())?.description ?? "unreadable" }
        let expected = expectedVersionVector(ledger, for: nodes[0]).description
        if vectors.contains(where: { $0 != expected }) {
            let listed = zip(nodes, vectors).map { "\($0.id) \($1)" }.joined(separator: ", ")
            problems.append("version vectors differ from the acknowledged \(expected): \(listed)")
        }
        let digests = nodes.map { (try? $0.log.digest())?.hex ?? "unreadable" }
        if Set(digests).count > 1 {
            let listed = zip(nodes, digests).map { "\($0.id) \($1.prefix(12))" }.joined(separator: ", ")
            problems.append("digests differ: \(listed)" + (differingDossier(nodes).map { "; \($0)" } ?? ""))
        }
        guard recomputing else { return problems }
        return problems + recomputedDigestMismatches(ledger, nodes: nodes)
    }

    /// Nodes whose maintained digest is not the digest of their events folded from scratch.
    ///
    /// Folding and hashing every dossier is the costliest step of a run, so a
    /// node that holds exactly the acknowledged events (same vector of held
    /// events, same content, as check (a) verifies) is compared with one
    /// recomputation from the acknowledged events: folding is a pure
    /// function, so its own recomputation would give the same digest. Any
    /// other node recomputes from its own events.
    static func recomputedDigestMismatches(_ ledger: AcknowledgementLedger, nodes: [SimulatedNode]) -> [String] {
        var problems: [String] = []
        var fromLedger: StateDigest?
        for node in nodes {
            let maintained = (try? node.log.digest())?.hex ?? "unreadable"
            let recomputed: String
            do {
                if holdsExactly(ledger, node) {
                    if fromLedger == nil { fromLedger = try InMemoryReplicaLog.digest(ofEvents: required(ledger, by: node).map { ledger.events[$0]! }) }
                    recomputed = fromLedger!.hex
                } else {
                    recomputed = try node.log.recomputedDigest().hex
                }
            } catch {
                problems.append("\(node.id) cannot recompute its digest: \(error)")
                continue
            }
            if maintained != recomputed {
                problems.append("\(node.id) maintains digest \(maintained.prefix(12)) but its events give \(recomputed.prefix(12))")
            }
        }
        return problems
    }

    /// Whether the node holds the acknowledged events, unchanged, and nothing else.
    private static func holdsExactly(_ ledger: AcknowledgementLedger, _ node: SimulatedNode) -> Bool {
        node.log.heldVersionVector == expectedVersionVector(ledger, for: node)
            && required(ledger, by: node).allSatisfy { id in ((try? node.log.event(id)) ?? nil) == ledger.events[id] }
    }

    /// (e) Tokens: every node's registry is the same, and its core holds what it stored.
    static func tokenDivergence(nodes: [SimulatedNode]) -> [String] {
        guard let first = nodes.first else { return [] }
        var problems: [String] = []
        for node in nodes where node.tokens.tokens.digest != first.tokens.tokens.digest {
            problems.append("token registries differ: \(first.id) holds \(first.tokens.tokens.count), \(node.id) holds \(node.tokens.tokens.count)")
        }
        for node in nodes where node.replication.map({ $0.tokens != node.tokens.tokens }) ?? false {
            problems.append("\(node.id)'s replication core holds other token records than its registry")
        }
        return problems
    }

    /// (c') Placement, for nodes that learn it from certificates: every node places every
    /// centre of `ids` (active or retired) in its province.
    static func unplacedCentres(nodes: [SimulatedNode], ids: [String]) -> [String] {
        nodes.compactMap { node in
            let directory = node.log.streams.directory
            let unplaced = ids.filter { directory.certifiedProvinces[$0] == nil }
            guard !unplaced.isEmpty else { return nil }
            return "\(node.id) cannot place \(unplaced.count) centres: \(unplaced.prefix(5).joined(separator: ", "))\(unplaced.count > 5 ? ", …" : "")"
        }
    }

    /// (c) Membership: every node is up and sees every other one alive, and every retired node retired.
    static func membership(nodes: [SimulatedNode], retired: [String] = []) -> [String] {
        var problems: [String] = []
        for node in nodes {
            guard let replication = node.replication else {
                problems.append("\(node.id) is down")
                continue
            }
            let views = Dictionary(uniqueKeysWithValues: replication.members.map { ($0.record.id, $0.record) })
            for other in nodes where other.id != node.id {
                guard let record = views[other.id] else {
                    problems.append("\(node.id) does not know \(other.id)")
                    continue
                }
                if record.state != .alive {
                    problems.append("\(node.id) sees \(other.id) as \(record.state.rawValue) (incarnation \(record.incarnation))")
                }
            }
            for id in retired where views[id]?.state != .retired {
                problems.append("\(node.id) sees retired \(id) as \(views[id]?.state.rawValue ?? "unknown")")
            }
        }
        return problems
    }

    /// (d) Conflicts are never silently dropped: every acknowledged event is in
    /// its dossier's history on every node, and every step not applied is
    /// listed among the dossier's conflicts.
    static func silentlyDroppedSteps(_ ledger: AcknowledgementLedger, nodes: [SimulatedNode]) -> [String] {
        var problems: [String] = []
        for node in nodes {
            var absent: [EventID] = []
            var unlisted: [EventID] = []
            var dossiers: [String: Dossier] = [:]
            for id in required(ledger, by: node) {
                let code = ledger.events[id]!.dossierCode
                if dossiers[code] == nil { dossiers[code] = node.log.dossier(code: code) }
                guard let step = dossiers[code]?.history.first(where: { $0.event == id }) else {
                    absent.append(id)
                    continue
                }
                if !step.applied, !(dossiers[code]!.conflicts.contains { $0.event == id }) { unlisted.append(id) }
            }
            if !absent.isEmpty {
                problems.append("\(node.id): \(absent.count) acknowledged events are missing from their dossier's history (\(examples(absent)))")
            }
            if !unlisted.isEmpty {
                problems.append("\(node.id): \(unlisted.count) steps not applied are not listed as conflicts (\(examples(unlisted)))")
            }
        }
        return problems
    }

    /// The first dossier whose state differs between nodes, described by its status and version on each.
    private static func differingDossier(_ nodes: [SimulatedNode]) -> String? {
        let codes = Set(nodes.flatMap(\.log.dossierCodes)).sorted()
        for code in codes {
            let states = nodes.map { $0.log.dossier(code: code) }
            guard Set(states.map { $0.map { String(decoding: $0.storedJSONBytes, as: UTF8.self) } ?? "absent" }).count > 1 else { continue }
            let listed = zip(nodes, states).map { node, dossier in
                "\(node.id) " + (dossier.map { "\($0.status.rawValue) v\($0.version)" } ?? "absent")
            }
            return "first differing dossier \(code): " + listed.joined(separator: ", ")
        }
        return nil
    }

    private static func examples(_ ids: [EventID]) -> String {
        let shown = ids.prefix(maxExamples).map(\.description).joined(separator: ", ")
        return ids.count > maxExamples ? "first: \(shown), …" : shown
    }
}
