/// Why a dossier decision changes nothing: a stable machine code and a sentence for
/// people. The API answers it with the status its `kind` maps to.
public struct DossierRefusal: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: Equatable, Sendable {
        /// The request itself is wrong (422).
        case invalid
        /// The caller may not take this step on this dossier (403): see `DossierLane`.
        case forbidden
        /// No such dossier here (404).
        case notFound
        /// The request is well formed but the dossier's state does not allow it (409).
        case conflict
        /// What is stored cannot be decided on (a malformed event): a fault, not the request's (500).
        case broken
        /// The node cannot decide this now, through no fault of the request: its holiday
        /// calendar does not cover the days a due date needs (503).
        case unavailable
    }

    public let kind: Kind
    public let code: String
    public let message: String

    public init(_ kind: Kind, code: String, message: String) {
        self.kind = kind
        self.code = code
        self.message = message
    }

    public var description: String { message }

    public static func invalid(_ issue: ValidationIssue) -> DossierRefusal {
        DossierRefusal(.invalid, code: "validation_failed", message: issue.description)
    }

    public static func notFound(_ code: String) -> DossierRefusal {
        DossierRefusal(.notFound, code: "not_found", message: "no dossier \(code) on this node")
    }

    /// Working time that needs a day the node's calendar does not cover: nothing is saved,
    /// rather than a due date counted without that day's holidays.
    public static func calendarNotCovered(_ error: DateOutsideCalendar) -> DossierRefusal {
        DossierRefusal(.unavailable, code: "calendar_not_covered", message: "cannot compute the due date, nothing was saved: \(error)")
    }

    /// A retry of a request already taken whose dossier's filing this node does not hold yet
    /// (the key's event replicated ahead of it): nothing is saved, and the retry succeeds later.
    public static func retryNotReady(_ code: String) -> DossierRefusal {
        DossierRefusal(
            .unavailable, code: "retry_not_ready",
            message: "this request was already taken (dossier \(code)), but this node does not hold the dossier's filing yet; nothing was saved, retry in a moment")
    }

    /// A procedure the catalogue says commune centres do not receive (its body receives it
    /// itself): nothing is saved, and the clerk is told where the citizen should go.
    public static func notReceivedHere(_ procedure: Procedure) -> DossierRefusal {
        DossierRefusal(
            .invalid, code: "not_received_at_commune_centre",
            message: "\(procedure.code) \(procedure.name) is decided by \(procedure.competentAuthority.label) (\(procedure.competentAuthority.rawValue)), which receives it itself; commune centres do not receive it (see GET /v1/procedures)")
    }

    /// A filing that names another centre as competent for a procedure that is not
    /// location-independent (`LocationIndependence.none`): it must be filed there.
    public static func onlyAtCompetentCentre(_ procedure: Procedure, competent: String) -> DossierRefusal {
        DossierRefusal(
            .invalid, code: "not_location_independent",
            message: "competentCentre: \(procedure.code) \(procedure.name) is not location-independent; file it at \(competent), the competent centre")
    }

    /// A filing naming a competent centre of another province for a procedure that is
    /// location-independent within a province only (`LocationIndependence.province`).
    public static func onlyWithinProvince(_ procedure: Procedure, competent: String, in province: ProvinceCode?) -> DossierRefusal {
        let there = province.map { " of province \($0) (\($0.name))" } ?? ""
        return DossierRefusal(
            .invalid, code: "not_location_independent",
            message: "competentCentre: \(procedure.code) \(procedure.name) may be filed at any centre of the competent centre's province only, not across provinces; file it at \(competent) or another centre\(there)")
    }

    public static func illegalStep(_ action: WorkflowAction, status: DossierStatus) -> DossierRefusal {
        let allowed = StatusMachine.allowedActions(from: status).map(\.rawValue)
        let tail = allowed.isEmpty
            ? "no step is allowed from \(status.rawValue)"
            : "allowed from \(status.rawValue): \(allowed.joined(separator: ", "))"
        return DossierRefusal(.conflict, code: "illegal_transition", message: "cannot \(action.rawValue): the dossier is \(status.rawValue); \(tail)")
    }
}
