/// Which provinces a dossier belongs to: the one rule that decides which nodes hold it
/// (docs/design/provinces.md), called by the node and the simulator alike.
///
/// A dossier belongs to the province of every centre that appears in it: the centre that
/// received it, the competent one, the one handling it now, the one that handled it
/// before a merger, every centre at which a step of its history was taken, and every
/// centre a transfer or handover of its history named (from, to, competent). The set only
/// grows as the dossier's history does, so no province loses a dossier it once worked on:
/// not even a transfer's target whose step a concurrent one sorts before in the fold (it
/// no longer handles the dossier, but its province was told it does).
public enum DossierProvinces {
    /// Every centre named by `dossier`, sorted.
    public static func centres(of dossier: Dossier) -> [String] {
        var centres: Set<String> = [dossier.receivingCentre, dossier.competentCentre, dossier.handlingCentre]
        if let original = dossier.originalCentre { centres.insert(original) }
        for step in dossier.history {
            centres.insert(step.centre)
            for field in ["from", "to", "competent"] { if let named = step.details[field]?.stringValue { centres.insert(named) } }
        }
        return centres.sorted()
    }

    /// The provinces of `dossier`'s centres, with `province` giving a centre's province
    /// (nil for a centre the directory does not know: listed in `unknownCentres`, so the
    /// caller can refuse what it cannot place rather than send it nowhere).
    public static func of(_ dossier: Dossier, province: (String) -> ProvinceCode?) -> (provinces: Set<ProvinceCode>, unknownCentres: [String]) {
        var provinces: Set<ProvinceCode> = []
        var unknown: [String] = []
        for centre in centres(of: dossier) {
            if let code = province(centre) { provinces.insert(code) } else { unknown.append(centre) }
        }
        return (provinces, unknown)
    }

    /// The provinces of the dossier `events` fold to (`of(_:province:)`), and of every centre
    /// the events name in their own right: the centre each was taken at, and a transfer's or
    /// handover's target. A step the fold sets aside (a conflict) was still written and sent
    /// to the province it named, so that province keeps the dossier. Empty before the filing.
    public static func of(events: [ChangeEvent], province: (String) -> ProvinceCode?) throws -> Set<ProvinceCode> {
        guard let dossier = try DossierReducer.fold(events) else { return [] }
        var provinces = of(dossier, province: province).provinces
        for event in events {
            for centre in [event.centre, event.payload["to"]?.stringValue, event.payload["competent"]?.stringValue].compactMap({ $0 }) {
                if let code = province(centre) { provinces.insert(code) }
            }
        }
        return provinces
    }
}
