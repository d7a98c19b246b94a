import CaseCore

/// A province merger in the simulation: what `casectl province merge` does against a real
/// node, done by an admin at one simulated node (docs/design/provinces.md, "Mergers").
extension Simulation {
    /// The cluster root merges province `from` into `into`: signed as casectl signs it on the
    /// admin's machine, stored at `adminNodeID` and handed to its core, which follows it and
    /// spreads it to every node. From then on the checks count the merged province's
    /// dossiers as the joined province's: its nodes must hold them all once healed.
    @discardableResult
    public func mergeProvince(_ from: ProvinceCode, into: ProvinceCode, at adminNodeID: String) throws -> ProvinceMerge {
        let admin = node(adminNodeID)
        precondition(admin.isUp, "the admin works at a node that is up")
        let merge = try ProvinceMerge.sign(
            from, into: into, clusterID: SimulatedIdentities.clusterID, issuedAtMs: admin.wallClockMs(atSimulatedMs: nowMs),
            by: SimulatedIdentities.rootKey)
        try admin.log.storeProvinceMerges([merge])
        ledger.noteMerge(merge)
        trace.mix("merge province \(from) into \(into) at \(adminNodeID)")
        dispatch(admin.handle(.publishProvinceMerge(merge), nowMs: nowMs), from: admin)
        return merge
    }
}
