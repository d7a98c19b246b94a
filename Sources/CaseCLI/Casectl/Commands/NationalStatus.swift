import CaseCore
import CaseSupport

/// `casectl status` of a cluster divided into provinces: one line per province (members,
/// alive, reachable, behind, converged), each judged only among its own members, whose
/// dossiers and streams are the province's (docs/provinces.md).
struct NationalStatus {
    struct Province: Equatable {
        let code: String
        let picture: ClusterPicture

        var members: Int { picture.participants.count }
        var alive: Int { picture.participants.filter { $0.state == "alive" }.count }
        var reachable: Int { picture.participants.filter(\.isReachable).count }
        /// Members lacking events, or whose progress is unknown.
        var behind: Int { picture.participants.filter { ($0.behindEvents ?? 1) > 0 }.count }
    }

    let survey: ClusterSurvey
    let provinces: [Province]

    init(_ survey: ClusterSurvey) {
        self.survey = survey
        provinces = survey.provinces.map { Province(code: $0, picture: ClusterPicture(survey.restricted(to: $0))) }
    }

    var isConverged: Bool { provinces.allSatisfy(\.picture.isConverged) }

    var json: JSONValue {
        [
            "clusterId": .string(survey.entry["clusterId"]?.stringValue ?? ""),
            "node": .string(survey.entry["id"]?.stringValue ?? ""),
            "at": survey.entry["at"] ?? .null,
            "converged": .bool(isConverged),
            "provinces": .array(provinces.map { province in
                [
                    "province": .string(province.code),
                    "memberCount": .int(Int64(province.members)),
                    "aliveCount": .int(Int64(province.alive)),
                    "reachableCount": .int(Int64(province.reachable)),
                    "behindCount": .int(Int64(province.behind)),
                    "converged": .bool(province.picture.isConverged),
                    "divergences": .array(province.picture.divergences.map { .string($0) }),
                ]
            }),
        ]
    }

    var rendered: String {
        var table = TextTable(columns: [
            .init("Province"), .init("Name", maxWidth: 32), .init("Members", alignment: .right), .init("Alive", alignment: .right),
            .init("Reachable", alignment: .right), .init("Behind", alignment: .right), .init("Converged"), .init("Note", maxWidth: 90),
        ])
        for province in provinces {
            table.addRow([
                province.code, ProvinceCode(province.code)?.name ?? "", "\(province.members)", "\(province.alive)",
                "\(province.reachable)", "\(province.behind)", province.picture.isConverged ? "yes" : "NO",
                province.picture.divergences.joined(separator: "; "),
            ])
        }
        let members = provinces.map(\.members).reduce(0, +)
        let verdict = isConverged ? "every province converged" : "NOT converged: " + provinces.filter { !$0.picture.isConverged }.map(\.code).joined(separator: ", ")
        return """
            Cluster \(ViewText.text(survey.entry["clusterId"])): \(ViewText.count(Int64(provinces.count), "province")), \
            \(ViewText.count(Int64(members), "member")), \(verdict)
            Seen from \(ViewText.text(survey.entry["id"])) at \(ViewText.text(survey.entry["at"])); \
            'casectl status --province CODE' lists a province's members
            """ + "\n\n" + ViewText.lines(of: table)
    }
}
