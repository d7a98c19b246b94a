import CaseCore
import CaseSupport
import CaseReplication

/// `GET /v1/cluster`: this node's view of the cluster.
extension ClusterSnapshot {
    /// `at` is when the snapshot was taken by this node's clock, so that casectl can
    /// say how long ago `lastContactAt` was without trusting its own clock.
    /// `streams`: where this node places each member, shown as the member's `province`
    /// when the cluster is divided into provinces and the member's certificate is known.
    func json(clusterID: String, province: ProvinceCode, name: String, dossierCount: Int, streams: StreamScope = .single) -> JSONValue {
        [
            "id": .string(selfID),
            "name": .string(name),
            "clusterId": .string(clusterID),
            "province": .string(province.rawValue),
            "at": .string(VietnamTime.iso8601(Instant(millisecondsSinceEpoch: takenAtMs))),
            "dossierCount": .int(Int64(dossierCount)),
            "digest": .string(digest.hex),
            "versionVector": versionVector.json,
            "eventsHeld": .int(versionVector.total),
            "eventsKnown": .int(knownVersionVector.total),
            "caughtUp": .bool(isCaughtUp),
            "members": .array(members.map { $0.json(province: streams.isDivided ? streams.province(ofNode: $0.view.record.id) : province) }),
        ]
    }
}

extension ClusterSnapshot.Member {
    /// `province`: the member's, null when this node cannot place it yet.
    func json(province: ProvinceCode?) -> JSONValue {
        var object: [String: JSONValue] = [
            "province": province.map { .string($0.rawValue) } ?? .null,
            "id": .string(view.record.id),
            "state": .string(view.record.state.rawValue),
            "incarnation": .int(Int64(clamping: view.record.incarnation)),
            "peerAddress": .string(view.record.peerAddress),
            "httpAddress": .string(view.record.httpAddress),
            "apiVouched": .bool(apiVouched),
            "lastContactAt": view.lastContactMs.map { .string(VietnamTime.iso8601(Instant(millisecondsSinceEpoch: $0))) } ?? .null,
            "behindEvents": behindEvents.map { .int($0) } ?? .null,
            "behindSeconds": behindSeconds.map { .double($0) } ?? .null,
        ]
        object["versionVector"] = view.versionVector?.json
        return .object(object)
    }
}

extension VersionVector {
    var json: JSONValue {
        .object(heads.mapValues { .int($0) })
    }
}
