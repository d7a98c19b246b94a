import CaseCore
import CaseCrypto
import CaseNet
import CaseSupport
import CaseSystem
import Foundation
import NodeLauncher

/// A local cluster's root and its nodes' keys and certificates, made in process: what
/// `casectl root init` and `casectl certify` do for a real province.
struct BenchIdentities {
    /// The cluster id NodeLauncher's nodes run with (casenode's default).
    static let clusterID = "casestore"
    let root = SigningKey.generate()

    /// Writes node `id`'s key and certificate into its data directory (made owner-only)
    /// and returns the flags that make the node use them.
    func certify(id: String, directory: String) throws -> [String] {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let keyPath = directory + "/node.key", certificatePath = directory + "/node.cert"
        guard !FileManager.default.fileExists(atPath: certificatePath) else { return ["--root-public-key", root.publicKey.hex] }
        let (key, certificate) = issue(for: id)
        try PrivateKeyFile.create(keyPath, text: key.fileText(comment: []), what: "node key")
        try PrivateKeyFile.create(certificatePath, text: certificate.text + "\n", what: "certificate")
        return ["--root-public-key", root.publicKey.hex]
    }

    /// A new key for origin `id` and its node certificate from the root, valid from an hour
    /// ago (events are checked against the certificate at their time) for a day.
    func issue(for id: String) -> (key: SigningKey, certificate: Certificate) {
        let key = SigningKey.generate()
        let nowMs = Int64(Date().timeIntervalSince1970 * 1_000)
        let request = CertificateRequest(role: .node, clusterID: Self.clusterID, subject: id, publicKey: key.publicKey,
                                         validFromMs: nowMs - 3_600_000, validUntilMs: nowMs + 86_400_000)
        return (key, Certificate.issue(request, serial: SecureRandom.bytes(count: Certificate.serialByteCount), by: root))
    }

    /// What a store of this cluster requires of received events: a signature the root vouches for.
    var trust: EventTrust { .verified(root: root.publicKey, clusterID: Self.clusterID, acceptsUnsigned: false) }

    /// A cluster-wide admin token signed by the root, posted at `node` (with that node's
    /// own admin token) for the registry to carry to the others; returns its secret.
    func grantAdminToken(at node: CasenodeProcess) throws -> String {
        let issuer = TokenIssuer(root: root, clusterID: Self.clusterID)
        let secret = issuer.newSecret()
        let record = issuer.grant(secret, name: "bench-admin", role: .admin, centre: nil, createdAtMs: Int64(Date().timeIntervalSince1970 * 1_000))
        let client = try HTTPClient(baseURL: node.baseURL, timeoutMs: 10_000)
        defer { client.close() }
        let body = JSONWriter.serialize(["record": .string(Hex.encode(record.wireBytes))])
        let response = try client.send("POST", "/v1/admin/tokens", headers: node.authorizationHeaders + [("Content-Type", "application/json")], body: body)
        guard (200..<300).contains(response.status) else {
            throw BenchError("the root-signed admin token was refused (\(response.status)): \(String(decoding: response.body.prefix(200), as: UTF8.self))")
        }
        return secret.text
    }
}
