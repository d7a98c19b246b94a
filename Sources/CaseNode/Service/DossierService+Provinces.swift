import CaseCore
import CaseStorage

/// What a node divided into provinces refuses until dossiers can move between provinces
/// with their history (docs/provinces.md, "Moving a dossier to another province").
extension DossierService {
    /// Refuses (422 `other_province`, nothing stored) a step that would bring a dossier with
    /// history into a province it does not belong to yet, such as a transfer to a centre of
    /// another province: that province's nodes would receive the step without the dossier's
    /// earlier events, and could neither show nor process it. A filing may name a competent
    /// centre of another province: its first event is tagged with both from the start.
    func refuseEnteringAnotherProvince(_ event: ChangeEvent, history: [ChangeEvent]) throws {
        let streams = store.streams
        guard streams.isDivided, !history.isEmpty else { return }
        let before = try EventTagging.provinces(after: history.last!, history: Array(history.dropLast()), directory: streams.directory)
        let after = try EventTagging.provinces(after: event, history: history, directory: streams.directory)
        let entered = after.subtracting(before).sorted()
        guard let first = entered.first else { return }
        throw DossierRefusal(
            .invalid, code: "other_province",
            message: "this step would move dossier \(event.dossierCode) into province \(first) (\(first.name)), where it is not held yet; "
                + "moving a dossier with its history to another province is not supported yet: name a centre of "
                + before.sorted().map(\.rawValue).joined(separator: " or ") + " instead")
    }
}
