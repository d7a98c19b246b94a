import CaseCore
import CaseNet
import CaseReplication
import CaseSupport

/// `GET /v1/provinces` (this node's province and the root's mergers it holds) and
/// `POST /v1/admin/province-merges` (a merger the cluster root signed:
/// `{"merge": "casestore-province-merge-v1 <hex>"}`; docs/provinces.md, "Mergers").
extension APIRouter {
    func provinces(_ request: HTTPRequest) throws(ServiceError) -> HTTPResponse {
        try Self.refuseQueryParameters(request)
        return .json(200, ProvinceJSON.summary(service.store.streams))
    }

    func mergeProvinces(_ request: HTTPRequest) throws(ServiceError) -> HTTPResponse {
        try Self.refuseQueryParameters(request)
        let replication = try requireReplication()
        let merge = try verifiedMerge(in: try Self.jsonBody(request))
        let scope = service.store.streams
        let held = scope.directory.merges[merge.from]
        if let held, held != merge, held.issuedAtMs >= merge.issuedAtMs {
            throw ServiceError(httpStatus: 409, code: "merge_superseded", message: "this node holds a later merger of \(merge.from): \(held)")
        }
        var trial = scope.directory
        if let reason = trial.add(merge) { throw ServiceError(httpStatus: 409, code: "merge_refused", message: reason) }
        let kept: [ProvinceMerge]
        do {
            kept = try service.store.storeProvinceMerges([merge])
        } catch {
            // A full disk (507), a busy database (503) or a damaged file, which stops the node serving.
            throw service.storageGate.failure(error)
        }
        // Another merger of the province stored since the checks above: the store judged again.
        if kept.isEmpty, held != merge, let now = service.store.streams.directory.merges[merge.from], now != merge {
            throw ServiceError(httpStatus: 409, code: "merge_superseded", message: "this node holds another merger of \(merge.from) now: \(now)")
        }
        try replication.publish(merge)
        var answer = ProvinceJSON.summary(service.store.streams).objectValue ?? [:]
        answer["merge"] = ProvinceJSON.merge(merge)
        answer["unchanged"] = .bool(held == merge)
        return .json(200, .object(answer))
    }

    /// The merger in `body`, checked against the root; refused on a node that cannot use one.
    private func verifiedMerge(in body: JSONValue) throws(ServiceError) -> ProvinceMerge {
        guard let authority = service.rootAuthority else {
            throw ServiceError(
                httpStatus: 409, code: "no_root_key",
                message: "this cluster has no root key, so nothing could tell a merger the root signed from a forgery (docs/provinces.md)")
        }
        guard service.store.streams.certifiedProvince != nil else {
            throw ServiceError(
                httpStatus: 409, code: "not_certified",
                message: "this node has no certificate, so it holds every dossier and no merger changes that; give the merger to a certified node")
        }
        let merge = try Self.merge(in: body)
        do {
            try merge.verify(root: authority.root, clusterID: authority.clusterID)
        } catch {
            throw ServiceError(httpStatus: 403, code: "merge_not_signed", message: error.message)
        }
        guard merge.issuedAtMs <= service.now.millisecondsSinceEpoch + Self.maxRootRecordClockSkewMs else {
            throw ServiceError(
                httpStatus: 422, code: "merge_from_the_future",
                message: "the merger is issued at \(Instant(millisecondsSinceEpoch: merge.issuedAtMs)), after this node's clock (\(service.now)): check the clock of the machine that signed it")
        }
        return merge
    }

    private static func merge(in body: JSONValue) throws(ServiceError) -> ProvinceMerge {
        do throws(ValidationIssue) {
            let reader = try JSONObjectReader(body)
            try reader.rejectUnknownKeys(allowed: ["merge"])
            return try ProvinceMerge(text: try reader.requiredString("merge"))
        } catch {
            throw ServiceError.invalid(error)
        }
    }
}

/// The province routes' answers.
enum ProvinceJSON {
    /// This node's province (as certified and now), the tags of the streams it follows, and
    /// every merger it holds.
    static func summary(_ scope: StreamScope) -> JSONValue {
        .object([
            "divided": .bool(scope.isDivided),
            "province": scope.province.map(code) ?? .null,
            "certifiedProvince": scope.certifiedProvince.map(code) ?? .null,
            "follows": .array(scope.heldTags.map(code)),
            "merges": .array(scope.directory.merges.keys.sorted().map { merge(scope.directory.merges[$0]!) }),
        ])
    }

    static func merge(_ merge: ProvinceMerge) -> JSONValue {
        .object([
            "from": code(merge.from), "into": code(merge.into),
            "issuedAt": .string(Instant(millisecondsSinceEpoch: merge.issuedAtMs).description),
            "text": .string(merge.text),
        ])
    }

    static func code(_ province: ProvinceCode) -> JSONValue {
        .object(["code": .string(province.rawValue), "name": .string(province.name)])
    }
}
