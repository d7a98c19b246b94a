/// Which provinces a dossier belongs to: the one rule that decides which nodes hold it
/// (docs/design/provinces.md), called by the node and the simulator alike.
///
/// A dossier belongs to the province of every centre that appears in it: the centre that
/// received it, the competent one, the one handling it now, the one that handled it
/// before a merger, and every centre at which a step of its history was taken (a
/// transfer's or handover's earlier holders among them). The set only grows as the
/// dossier moves on, so no province loses a dossier it once worked on.
public enum DossierProvinces {
    /// Every centre named by `dossier`, sorted.
    public static func centres(of dossier: Dossier) -> [String] {
        var centres: Set<String> = [dossier.receivingCentre, dossier.competentCentre, dossier.handlingCentre]
        if let original = dossier.originalCentre { centres.insert(original) }
        for step in dossier.history { centres.insert(step.centre) }
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
}
