import CaseNet

/// The API's endpoints, recognised from the request path.
enum Route: Equatable {
    case dossiers
    case dossier(String)
    case actions(String)
    case procedures
    case cluster
    case conflicts
    case events
    case digest
    case digestDossiers
    case health
    case metrics
    case adminRetire
    case adminReadmit
    case debugStorage
    case adminBackup
    case adminBackupStatus
    case adminAudit
    case reports
    case adminTokens
    case adminTokenRevoke(String)
    /// `/v1/holidays`: where each year's days off come from.
    case holidays
    /// `/v1/admin/holidays`: publish a holiday schedule the cluster root signed.
    case adminHolidays
    /// `/v1/provinces`: this node's province and the root's province mergers it holds.
    case provinces
    /// `/v1/admin/province-merges`: a province merger the cluster root signed.
    case adminProvinceMerges
    /// `/v1/dossiers/{code}/forms/{number}`: a dossier's printed form (01–05).
    case dossierForm(code: String, form: String)
    /// `/v1/forms/{number}`: the register (06).
    case register(String)
    /// `/v1/lookup/{code}`: the citizen lookup, JSON, without a token.
    case lookup(String)
    /// `/tra-cuu`: the citizen lookup page the receipt's QR code opens.
    case lookupPage
    /// `/v1/dossiers/{code}/lookup-pin`: a new lookup PIN for the dossier.
    case lookupPin(String)
    case unknown

    init(_ request: HTTPRequest) {
        self.init(request.head)
    }

    /// The route is known from the head alone, so the caller's token is judged before any body is read.
    init(_ head: HTTPRequestHead) {
        // The segments split before decoding: an encoded "/" stays inside its segment
        // instead of turning a dossier's path into its actions endpoint.
        let parts = head.pathSegments
        switch parts.count {
        case 1 where parts[0] == "healthz": self = .health
        case 1 where parts[0] == "metrics": self = .metrics
        case 1 where parts[0] == "tra-cuu": self = .lookupPage
        case 3 where parts[0] == "v1" && parts[1] == "lookup": self = .lookup(parts[2])
        case 4 where parts[0] == "v1" && parts[1] == "dossiers" && parts[3] == "lookup-pin": self = .lookupPin(parts[2])
        case 2 where parts == ["v1", "dossiers"]: self = .dossiers
        case 2 where parts == ["v1", "procedures"]: self = .procedures
        case 2 where parts == ["v1", "cluster"]: self = .cluster
        case 2 where parts == ["v1", "conflicts"]: self = .conflicts
        case 2 where parts == ["v1", "events"]: self = .events
        case 3 where parts == ["v1", "admin", "retire"]: self = .adminRetire
        case 3 where parts == ["v1", "admin", "readmit"]: self = .adminReadmit
        case 3 where parts == ["v1", "debug", "storage"]: self = .debugStorage
        case 2 where parts == ["v1", "digest"]: self = .digest
        case 3 where parts == ["v1", "digest", "dossiers"]: self = .digestDossiers
        case 3 where parts == ["v1", "admin", "backup"]: self = .adminBackup
        case 4 where parts == ["v1", "admin", "backup", "status"]: self = .adminBackupStatus
        case 3 where parts == ["v1", "admin", "audit"]: self = .adminAudit
        case 2 where parts == ["v1", "reports"]: self = .reports
        case 3 where parts == ["v1", "admin", "tokens"]: self = .adminTokens
        case 2 where parts == ["v1", "holidays"]: self = .holidays
        case 3 where parts == ["v1", "admin", "holidays"]: self = .adminHolidays
        case 2 where parts == ["v1", "provinces"]: self = .provinces
        case 3 where parts == ["v1", "admin", "province-merges"]: self = .adminProvinceMerges
        case 5 where parts[0...2] == ["v1", "admin", "tokens"] && parts[4] == "revoke": self = .adminTokenRevoke(parts[3])
        case 3 where parts[0] == "v1" && parts[1] == "dossiers": self = .dossier(parts[2])
        case 4 where parts[0] == "v1" && parts[1] == "dossiers" && parts[3] == "actions": self = .actions(parts[2])
        case 5 where parts[0] == "v1" && parts[1] == "dossiers" && parts[3] == "forms": self = .dossierForm(code: parts[2], form: parts[4])
        case 3 where parts[0] == "v1" && parts[1] == "forms": self = .register(parts[2])
        default: self = .unknown
        }
    }

    /// A bounded label for metrics (never the dossier code: that would grow without limit).
    var name: String {
        switch self {
        case .dossiers: return "/v1/dossiers"
        case .dossier: return "/v1/dossiers/{code}"
        case .actions: return "/v1/dossiers/{code}/actions"
        case .procedures: return "/v1/procedures"
        case .cluster: return "/v1/cluster"
        case .conflicts: return "/v1/conflicts"
        case .events: return "/v1/events"
        case .digest: return "/v1/digest"
        case .digestDossiers: return "/v1/digest/dossiers"
        case .health: return "/healthz"
        case .metrics: return "/metrics"
        case .adminRetire: return "/v1/admin/retire"
        case .adminReadmit: return "/v1/admin/readmit"
        case .debugStorage: return "/v1/debug/storage"
        case .adminBackup: return "/v1/admin/backup"
        case .adminBackupStatus: return "/v1/admin/backup/status"
        case .adminAudit: return "/v1/admin/audit"
        case .reports: return "/v1/reports"
        case .adminTokens: return "/v1/admin/tokens"
        case .adminTokenRevoke: return "/v1/admin/tokens/{id}/revoke"
        case .holidays: return "/v1/holidays"
        case .adminHolidays: return "/v1/admin/holidays"
        case .provinces: return "/v1/provinces"
        case .adminProvinceMerges: return "/v1/admin/province-merges"
        case .dossierForm: return "/v1/dossiers/{code}/forms/{form}"
        case .register: return "/v1/forms/{form}"
        case .lookup: return "/v1/lookup/{code}"
        case .lookupPage: return "/tra-cuu"
        case .lookupPin: return "/v1/dossiers/{code}/lookup-pin"
        case .unknown: return "unknown"
        }
    }

    var allowedMethods: [String] {
        switch self {
        case .dossiers: return ["GET", "POST"]
        case .actions, .adminRetire, .adminReadmit, .debugStorage: return ["POST"]
        case .dossier, .procedures, .cluster, .conflicts, .health, .metrics: return ["GET"]
        case .events: return ["GET"]
        case .digest, .digestDossiers: return ["GET"]
        case .adminBackup: return ["POST"]
        case .adminBackupStatus, .reports, .adminAudit: return ["GET"]
        // POST prints Mẫu 01 with a PIN just made, sent in the body (docs/lookup.md).
        case .dossierForm: return ["GET", "POST"]
        case .register: return ["GET"]
        case .lookup: return ["GET"]
        case .lookupPage: return ["GET", "POST"]
        case .lookupPin: return ["POST"]
        case .adminTokens: return ["GET", "POST"]
        case .adminTokenRevoke, .adminHolidays, .adminProvinceMerges: return ["POST"]
        case .holidays, .provinces: return ["GET"]
        case .unknown: return []
        }
    }
}
