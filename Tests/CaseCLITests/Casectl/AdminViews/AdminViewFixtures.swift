@testable import CaseCLI
import CaseSupport

/// Fixed node answers for the cluster views' golden tests, shaped like real `/v1/cluster` and
/// `/healthz` answers: a three-centre cluster, seen from n1, in which n3 was killed a while ago
/// and missed two events.
enum AdminViewFixtures {
    static let digest = "5c1f0a3b9d7e4f2a8b6c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a"

    static let n1Cluster: JSONValue = [
        "id": "n1", "name": "Xã Một", "clusterId": "tinh-56", "at": "2026-11-22T09:15:10.000+07:00",
        "digest": .string(digest), "caughtUp": true, "eventsHeld": 9, "eventsKnown": 9, "dossierCount": 6,
        "versionVector": ["n1": 5, "n2": 4],
        "members": [
            ["id": "n1", "state": "alive", "incarnation": 2, "peerAddress": "127.0.0.1:7411", "httpAddress": "127.0.0.1:7410",
             "lastContactAt": .null, "behindEvents": 0, "behindSeconds": 0.0],
            ["id": "n2", "state": "alive", "incarnation": 1, "peerAddress": "127.0.0.1:7421", "httpAddress": "127.0.0.1:7420",
             "lastContactAt": "2026-11-22T09:15:09.400+07:00", "behindEvents": 0, "behindSeconds": 0.0,
             "versionVector": ["n1": 5, "n2": 4]],
            ["id": "n3", "state": "dead", "incarnation": 1, "peerAddress": "127.0.0.1:7431", "httpAddress": "127.0.0.1:7430",
             "lastContactAt": "2026-11-22T09:13:50.000+07:00", "behindEvents": 2, "behindSeconds": 45.5,
             "versionVector": ["n1": 3, "n2": 4]],
        ],
    ]

    static let n2Cluster: JSONValue = [
        "id": "n2", "name": "Phường Hai", "clusterId": "tinh-56", "at": "2026-11-22T09:15:10.020+07:00",
        "digest": .string(digest), "caughtUp": true, "eventsHeld": 9, "eventsKnown": 9, "dossierCount": 6,
        "versionVector": ["n1": 5, "n2": 4],
        "members": [
            ["id": "n1", "state": "alive", "incarnation": 2, "peerAddress": "127.0.0.1:7411", "httpAddress": "127.0.0.1:7410",
             "lastContactAt": "2026-11-22T09:15:09.900+07:00", "behindEvents": 0, "behindSeconds": 0.0,
             "versionVector": ["n1": 5, "n2": 4]],
            ["id": "n2", "state": "alive", "incarnation": 1, "peerAddress": "127.0.0.1:7421", "httpAddress": "127.0.0.1:7420",
             "lastContactAt": .null, "behindEvents": 0, "behindSeconds": 0.0],
            ["id": "n3", "state": "dead", "incarnation": 1, "peerAddress": "127.0.0.1:7431", "httpAddress": "127.0.0.1:7430",
             "lastContactAt": "2026-11-22T09:13:51.000+07:00", "behindEvents": 2, "behindSeconds": 47.0,
             "versionVector": ["n1": 3, "n2": 4]],
        ],
    ]

    static func health(_ id: String, _ name: String) -> JSONValue {
        ["status": "ok", "node": .string(id), "name": .string(name), "agency": .string(id.uppercased())]
    }

    /// n3 is dead and cannot be reached; n1 and n2 agree.
    static let survey = ClusterSurvey(entry: n1Cluster, probes: [
        "n1": MemberProbe(cluster: n1Cluster, health: health("n1", "Xã Một"), failure: nil),
        "n2": MemberProbe(cluster: n2Cluster, health: health("n2", "Phường Hai"), failure: nil),
        "n3": .unreachable("cannot connect to 127.0.0.1:7430: Connection refused"),
    ])

    /// n3 is back and catching up (it holds 2 of 9 events); its digest differs meanwhile.
    static var catchingUpSurvey: ClusterSurvey {
        var entry = n1Cluster
        entry = replacing(entry, member: "n3", with: [
            "id": "n3", "state": "alive", "incarnation": 2, "peerAddress": "127.0.0.1:7431", "httpAddress": "127.0.0.1:7430",
            "lastContactAt": "2026-11-22T09:15:08.000+07:00", "behindEvents": 7, "behindSeconds": 3_700.0,
            "versionVector": ["n1": 1, "n2": 1],
        ])
        let n3Cluster: JSONValue = [
            "id": "n3", "name": "Thị trấn Ba", "clusterId": "tinh-56", "at": "2026-11-22T09:15:10.010+07:00",
            "digest": "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "caughtUp": false,
            "eventsHeld": 2, "eventsKnown": 9, "dossierCount": 2, "versionVector": ["n1": 1, "n2": 1],
            "members": [],
        ]
        return ClusterSurvey(entry: entry, probes: [
            "n1": MemberProbe(cluster: entry, health: health("n1", "Xã Một"), failure: nil),
            "n2": MemberProbe(cluster: n2Cluster, health: health("n2", "Phường Hai"), failure: nil),
            "n3": MemberProbe(cluster: n3Cluster, health: health("n3", "Thị trấn Ba"), failure: nil),
        ])
    }

    /// A healthy cluster: everyone holds everything and shares the digest.
    static var healthySurvey: ClusterSurvey {
        var entry = n1Cluster
        entry = replacing(entry, member: "n3", with: [
            "id": "n3", "state": "alive", "incarnation": 2, "peerAddress": "127.0.0.1:7431", "httpAddress": "127.0.0.1:7430",
            "lastContactAt": "2026-11-22T09:15:09.000+07:00", "behindEvents": 0, "behindSeconds": 0.0,
            "versionVector": ["n1": 5, "n2": 4],
        ])
        var n3Cluster = n2Cluster
        if case .object(var fields) = n3Cluster {
            fields["id"] = "n3"
            fields["name"] = "Thị trấn Ba"
            fields["members"] = []
            n3Cluster = .object(fields)
        }
        return ClusterSurvey(entry: entry, probes: [
            "n1": MemberProbe(cluster: entry, health: health("n1", "Xã Một"), failure: nil),
            "n2": MemberProbe(cluster: n2Cluster, health: health("n2", "Phường Hai"), failure: nil),
            "n3": MemberProbe(cluster: n3Cluster, health: health("n3", "Thị trấn Ba"), failure: nil),
        ])
    }

    static func replacing(_ cluster: JSONValue, member id: String, with view: JSONValue) -> JSONValue {
        guard case .object(var fields) = cluster else { return cluster }
        fields["members"] = .array((cluster["members"]?.arrayValue ?? []).map { $0["id"]?.stringValue == id ? view : $0 })
        return .object(fields)
    }
}
