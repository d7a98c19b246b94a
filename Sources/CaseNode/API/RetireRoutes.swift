import CaseCore
import CaseNet
import CaseReplication
import CaseSupport

/// `POST /v1/admin/retire` and `POST /v1/admin/readmit`: a commune merger and its undoing.
extension APIRouter {
    /// Moves one batch of the retired centre's dossiers awaiting handover (unfinished, or
    /// resolved and not yet returned) to the
    /// successor and, once none is left, marks the centre retired in
    /// membership. Answers with the batch's ledger; `remaining` says whether
    /// to call again. Safe to repeat: a dossier already moved is not found again.
    func retire(_ request: HTTPRequest, caller: TokenRecord?) throws(ServiceError) -> HTTPResponse {
        try Self.refuseQueryParameters(request)
        let replication = try requireReplication()
        let body = try Self.jsonBody(request)
        let actor = try Self.actor(of: caller, body: body)
        var retire: RetireRequest
        do {
            retire = try RetireRequest(json: body)
        } catch {
            throw ServiceError.invalid(error)
        }
        retire.actor = actor
        var node = try checkRetirement(of: retire.node, successor: retire.successor, replication: replication)
        let authority = service.rootAuthority
        if let decision = retire.decision, let authority {
            // Checked before anything moves: a bad signature is a mistake to fix first.
            try check(decision, is: .retired, of: retire.node, authority: authority, replication: replication)
        }
        let batch = try service.handOver(
            from: retire.node, to: retire.successor, limit: retire.limit, note: retire.note, actor: retire.actor)
        var retiredNow = false
        var decisionRequired: JSONValue?
        // Handover steps tell every node the successor; this covers a centre that had nothing to hand over.
        if batch.remaining == 0 { try service.recordSuccessor(retire.successor, of: retire.node) }
        if batch.remaining == 0, let authority {
            if let decision = retire.decision {
                node = try replication.decide(.decide(decision)) ?? node
                retiredNow = node.state == .retired
            } else if try replication.membershipDecision(about: retire.node)?.verdict != .retired {
                decisionRequired = try decisionRequest(for: retire.node, authority: authority)
            }
        } else if batch.remaining == 0, node.state != .retired {
            node = try replication.decide(.retire(memberID: retire.node)) ?? node
            retiredNow = node.state == .retired
        }
        var json = batch.json(nodeState: node.state, retiredNow: retiredNow)
        if let decisionRequired, case .object(var fields) = json {
            fields["decisionRequired"] = decisionRequired
            json = .object(fields)
        }
        return .json(200, json)
    }

    /// What casectl signs with the root key: the cluster, and the retired node's last
    /// event this node holds (its later events will be refused everywhere).
    private func decisionRequest(for member: String, authority: (root: SigningPublicKey, clusterID: String)) throws(ServiceError) -> JSONValue {
        let held: Int64
        do {
            held = try service.store.read { try $0.versionVector()[member] ?? 0 }
        } catch {
            throw ServiceError.storage(error)
        }
        return [
            "member": .string(member), "clusterId": .string(authority.clusterID), "lastSequence": .int(held),
            "message": .string("this cluster has a root key: only a decision signed with it retires \(member); casectl retire --root-key FILE signs it"),
        ]
    }

    /// Refuses a decision that is not the root's, not about `member`, not `verdict`, or
    /// not newer than the one this node holds.
    private func check(
        _ decision: MembershipDecision, is verdict: MembershipDecision.Verdict, of member: String,
        authority: (root: SigningPublicKey, clusterID: String), replication: ReplicationRuntime
    ) throws(ServiceError) {
        guard decision.member == member, decision.verdict == verdict else {
            throw ServiceError(
                httpStatus: 422, code: "wrong_decision",
                message: "the decision says \(decision.member) is \(decision.verdict), but this request is about \(member) being \(verdict)")
        }
        do {
            try decision.verify(root: authority.root, clusterID: authority.clusterID)
        } catch {
            throw ServiceError(httpStatus: 403, code: "decision_not_signed", message: error.message)
        }
        if let held = try replication.membershipDecision(about: member), !decision.supersedes(held) {
            throw ServiceError(
                httpStatus: 409, code: "decision_superseded",
                message: "this node holds a later decision: \(held); sign a new one")
        }
    }

    /// Re-admits a retired member: alive in a new admin epoch, spread by gossip,
    /// no longer refused at the handshake. Its dossiers stay with the successor.
    func readmit(_ request: HTTPRequest) throws(ServiceError) -> HTTPResponse {
        try Self.refuseQueryParameters(request)
        let replication = try requireReplication()
        let body = try Self.jsonBody(request)
        let readmit: ReadmitRequest
        do {
            readmit = try ReadmitRequest(json: body)
        } catch {
            throw ServiceError.invalid(error)
        }
        guard readmit.node != service.nodeID else {
            throw ServiceError(
                httpStatus: 409, code: "cannot_readmit_self",
                message: "this node is \(readmit.node); send the readmit request to another member")
        }
        guard let known = try replication.member(readmit.node) else { throw try unknownMember(readmit.node, field: "node", replication) }
        guard known.state == .retired else {
            throw ServiceError(httpStatus: 409, code: "not_retired", message: "node \(readmit.node) is \(known.state.rawValue), not retired: nothing to re-admit")
        }
        let record: MemberRecord
        if let authority = service.rootAuthority {
            guard let decision = readmit.decision else {
                throw ServiceError(
                    httpStatus: 409, code: "decision_required",
                    message: "this cluster (\(authority.clusterID)) has a root key: only a readmission signed with it re-admits \(readmit.node); casectl readmit --root-key FILE signs it")
            }
            try check(decision, is: .readmitted, of: readmit.node, authority: authority, replication: replication)
            record = try replication.decide(.decide(decision)) ?? known
        } else {
            record = try replication.decide(.readmit(memberID: readmit.node)) ?? known
        }
        return .json(200, [
            "node": .string(record.id), "state": .string(record.state.rawValue),
            "incarnation": .int(Int64(clamping: record.incarnation)),
            "message": .string("node \(record.id) is re-admitted; start it with --readmit to let it rejoin"),
        ])
    }

    /// The retired centre's record, once the request makes sense against this node's membership.
    private func checkRetirement(of node: String, successor: String, replication: ReplicationRuntime) throws(ServiceError) -> MemberRecord {
        guard node != service.nodeID else {
            throw ServiceError(
                httpStatus: 409, code: "cannot_retire_self",
                message: "this node is \(node); send the retire request to another member, for example the successor \(successor)")
        }
        guard let successorRecord = try replication.member(successor) else {
            throw try unknownMember(successor, field: "successor", replication)
        }
        guard successorRecord.state != .retired else {
            throw ServiceError(
                httpStatus: 409, code: "successor_retired",
                message: "successor \(successor) is itself retired; choose a member that is not retired")
        }
        guard let nodeRecord = try replication.member(node) else { throw try unknownMember(node, field: "node", replication) }
        // Divided into provinces, only a node of the centre's province holds all its dossiers:
        // another would hand over the shared ones, find none left, and retire the centre.
        let streams = service.store.streams
        if let own = streams.province, streams.province(ofNode: node) != own {
            let theirs = streams.province(ofNode: node).map { "of province \($0) (\($0.name))" } ?? "not placed in a province by this node yet"
            throw ServiceError(
                httpStatus: 409, code: "not_of_this_province",
                message: "\(node) is \(theirs); this node, of province \(own), holds only the dossiers it shares with it: send the retire to a node of \(node)'s province")
        }
        return nodeRecord
    }

    private func unknownMember(_ id: String, field: String, _ replication: ReplicationRuntime) throws(ServiceError) -> ServiceError {
        let known = try replication.memberRecords().map(\.id).joined(separator: ", ")
        return ServiceError(
            httpStatus: 422, code: "unknown_\(field)",
            message: "\(field) \(id) is not a member of this cluster as \(service.nodeID) knows it; known members: \(known)")
    }

    func requireReplication() throws(ServiceError) -> ReplicationRuntime {
        guard let replication else { throw ServiceError.notFound("this node runs without replication") }
        return replication
    }

    /// Admin requests take everything from the body: a query parameter is a mistake.
    static func refuseQueryParameters(_ request: HTTPRequest) throws(ServiceError) {
        guard let (name, _) = request.queryItems.first else { return }
        throw SearchParameters.bad("unknown query parameter '\(name)'; this endpoint takes none")
    }
}
