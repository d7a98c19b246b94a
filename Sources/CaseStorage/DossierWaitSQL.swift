import CaseCore
import CaseSupport

/// `Dossier.isWaitingForCitizen` of a `dossiers` row, in SQL: waiting for a supplement, or for
/// a payment whose request stopped the clock (the stored state says `clockPausedForPayment`).
/// Such a dossier is not overdue (docs/due-dates.md).
enum DossierWaitSQL {
    static let isWaiting = """
        (status = '\(DossierStatus.supplementRequested.rawValue)' OR (status = '\(DossierStatus.paymentRequested.rawValue)' \
        AND json_extract(state, '$.\(pausedForPaymentKey)') IS 1))
        """

    /// The stored state's member saying a payment wait stopped the clock (`Dossier.json`).
    static let pausedForPaymentKey = "clockPausedForPayment"

    /// Whether a row with `status` and stored `state` waits for the citizen: `isWaiting` in Swift.
    static func isWaiting(status: DossierStatus, state: JSONValue) -> Bool {
        status == .supplementRequested || (status == .paymentRequested && state[pausedForPaymentKey]?.boolValue == true)
    }
}
