import CaseCore
import CaseNet
import CaseReplication

/// `POST /v1/admin/retire` and `POST /v1/admin/readmit`: a commune merger and its undoing.
extension APIRouter {
    /// Moves one batch of the retired centre's unfinished dossiers to the
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
        let batch = try service.handOver(
            from: retire.node, to: retire.successor, limit: retire.limit, note: retire.note, actor: retire.actor)
        var retiredNow = false
        if batch.remaining == 0, node.state != .retired {
            node = try replication.decide(.retire(memberID: retire.node)) ?? node
            retiredNow = node.state == .retired
        }
        return .json(200, batch.json(nodeState: node.state, retiredNow: retiredNow))
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
        let record = try replication.decide(.readmit(memberID: readmit.node)) ?? known
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
        return nodeRecord
    }

    private func unknownMember(_ id: String, field: String, _ replication: ReplicationRuntime) throws(ServiceError) -> ServiceError {
        let known = try replication.memberRecords().map(\.id).joined(separator: ", ")
        return ServiceError(
            httpStatus: 422, code: "unknown_\(field)",
            message: "\(field) \(id) is not a member of this cluster as \(service.nodeID) knows it; known members: \(known)")
    }

    private func requireReplication() throws(ServiceError) -> ReplicationRuntime {
        guard let replication else { throw ServiceError.notFound("this node runs without replication") }
        return replication
    }

    /// Admin requests take everything from the body: a query parameter is a mistake.
    private static func refuseQueryParameters(_ request: HTTPRequest) throws(ServiceError) {
        guard let (name, _) = request.queryItems.first else { return }
        throw SearchParameters.bad("unknown query parameter '\(name)'; this endpoint takes none")
    }
}
