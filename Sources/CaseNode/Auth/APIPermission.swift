import CaseCore

/// What a request needs from its caller's token.
public enum APIPermission: String, CaseIterable, Sendable {
    /// No token: liveness (`/healthz`), so load balancers and service managers can probe a
    /// node without holding a secret (it says the node's id, name and agency, public facts
    /// about a commune centre); and the citizen lookup (`/v1/lookup/{code}`, `/tra-cuu`),
    /// which needs the dossier's PIN instead and shows nothing personal (docs/lookup.md).
    case open
    /// Any valid token (monitor, clerk of any centre, admin): reads change nothing, and
    /// every node holds the same replicated dossiers, so a clerk may read at any node.
    case read
    /// An admin, or a clerk whose centre is this node: filing and workflow steps are
    /// recorded as this centre's acts (`centre: nodeID`), so only its own clerks take them.
    /// Which dossiers such a clerk may then act on is the decision's (`DossierLane`).
    case centreWrite
    /// An admin only: cluster operations (retire, readmit, settle, backup, tokens, debug).
    case admin

    /// Whether a token of `role` acting for `centre` may do this at node `nodeID`
    /// (`.open` is decided before any token is looked at).
    func allows(_ record: TokenRecord, atNode nodeID: String) -> Bool {
        switch (self, record.role) {
        case (.open, _), (.read, _), (_, .admin): return true
        case (.centreWrite, .clerk): return ActingAuthority(record)?.mayChange(atNode: nodeID) == true
        case (.centreWrite, .monitor), (.admin, .clerk), (.admin, .monitor): return false
        }
    }
}

extension Route {
    /// The one place that says what every endpoint needs. The switch is exhaustive, so a
    /// new route does not compile until it is given a permission here.
    ///
    /// A method the route does not allow needs only `.read`: any valid caller then hears
    /// 405 and the allowed methods, which the README lists anyway.
    func requiredPermission(method: String, settles: Bool) -> APIPermission {
        guard allowedMethods.contains(method) else { return isPublic ? .open : .read }
        switch self {
        case .health, .lookup, .lookupPage: return .open
        case .dossier, .procedures, .cluster, .conflicts, .events, .digest, .digestDossiers, .metrics, .reports, .holidays, .provinces: return .read
        // A dossier's forms show what reading it shows; the register, what a report counts.
        case .dossierForm, .register: return .read
        // A new PIN cancels the citizen's: a change, recorded as this centre's step.
        case .lookupPin: return .centreWrite
        case .dossiers: return method == "POST" ? .centreWrite : .read
        case .actions: return settles ? .admin : .centreWrite
        case .adminRetire, .adminReadmit, .adminBackup, .adminBackupStatus, .adminAudit, .debugStorage, .adminTokens, .adminTokenRevoke,
             .adminHolidays, .adminProvinceMerges:
            return .admin
        case .unknown: return .read
        }
    }

    /// The routes anyone may reach without a token, whatever the method (a wrong one hears 405).
    var isPublic: Bool {
        switch self {
        case .health, .lookup, .lookupPage: return true
        default: return false
        }
    }
}
