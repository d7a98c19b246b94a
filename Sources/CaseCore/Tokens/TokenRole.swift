/// What a bearer token may do at the HTTP API.
///
/// - `monitor`: read-only: every GET, `/metrics` included.
/// - `clerk`: reads, plus filing and workflow steps, only at the node of its own centre, and
///   steps only on dossiers its centre handles (`DossierLane`).
/// - `admin`: everything, cluster operations (retire, readmit, settle, backup, tokens) included.
public enum TokenRole: String, CaseIterable, Sendable {
    case admin
    case clerk
    case monitor

    /// The role's number on the wire. Part of the peer protocol: append, never renumber.
    public var wireCode: UInt8 {
        switch self {
        case .admin: return 0
        case .clerk: return 1
        case .monitor: return 2
        }
    }

    public init?(wireCode: UInt8) {
        switch wireCode {
        case 0: self = .admin
        case 1: self = .clerk
        case 2: self = .monitor
        default: return nil
        }
    }
}
