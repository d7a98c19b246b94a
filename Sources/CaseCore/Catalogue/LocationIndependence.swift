/// Where a citizen may file a procedure regardless of residence or of where the competent
/// body sits ("phi địa giới hành chính"; docs/procedures.md).
public enum LocationIndependence: String, Sendable, CaseIterable {
    /// Only at the competent centre: a filing naming another centre as competent is refused.
    case none
    /// At any centre of the province (the province's published list). The default: every
    /// procedure was received at any centre of the province before the catalogue said so.
    case province
    /// At any centre in the country.
    case nationwide
}
