import CaseCore
import CaseReplication
import CaseStorage

/// The province this node belongs to (docs/design/provinces.md): `--province`, and with a
/// root key the one its certificate names, which must agree; `00` when neither names one.
/// Recorded in the database at first start, so a data directory is never served in
/// another province by mistake (a centre that moves becomes a new node).
enum NodeProvince {
    static let metaKey = "province"

    /// The province from the configuration and the certificate, or why they disagree.
    static func resolve(configured: ProvinceCode?, certificate: Certificate?) throws -> ProvinceCode {
        guard let certificate else { return configured ?? .unnamed }
        if let configured, configured != certificate.province {
            throw ConfigurationError(
                "province: this node is configured for province \(configured) but its certificate places it in \(certificate.province) "
                    + "(\(certificate.province.name)); certify it again with 'casectl certify \(certificate.subject) --province \(configured) …', or fix --province")
        }
        return certificate.province
    }

    /// The streams a node of `province` holds: all of them in the default province `00`
    /// (a one-province cluster behaves as before provinces), else its province's
    /// (`StreamScope`), its directory filled from the certificates it holds and learns.
    /// A named province needs certificates (`certified`): where centres belong is what
    /// the root signs, and without it no node could tell which dossiers are its own.
    /// A certified node of `00` keeps the directory too, so that the root's merger of `00`
    /// into a named province divides it (the upgrade of a one-province cluster).
    static func streams(of province: ProvinceCode, certified: Bool) throws -> StreamScope {
        guard province != .unnamed else { return certified ? StreamScope(province: .unnamed, directory: ProvinceDirectory()) : .single }
        guard certified else {
            throw ConfigurationError(
                "province: province \(province) (\(province.name)) holds only its own dossiers, and which centre belongs to which "
                    + "province is signed by the cluster root: give --root-public-key and a certificate naming it "
                    + "('casectl certify ID --province \(province) …'), or leave --province out for a cluster of one province")
        }
        return StreamScope(province: province, directory: ProvinceDirectory())
    }

    /// Records `province` as this database's at first start; refuses another one later.
    static func claim(_ province: ProvinceCode, store: CaseStore) throws {
        try store.write { writer in
            guard let recorded = try writer.reader.meta(metaKey) else {
                try writer.setMeta(metaKey, province.rawValue)
                return
            }
            guard recorded == province.rawValue else {
                throw ConfigurationError(
                    "province: this data directory belongs to province \(recorded), not \(province); "
                        + "a centre that moves to another province starts as a new node (docs/design/provinces.md)")
            }
        }
    }
}
