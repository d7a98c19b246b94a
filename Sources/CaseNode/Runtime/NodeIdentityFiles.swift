import CaseCore
import CaseNet
import CaseSystem
import Foundation

/// This node's key pair and certificate on disk.
///
/// The key (`<data>/node.key`, mode 0600) is made at first start and never leaves the
/// machine; its public half is also written to `<data>/node.pub` for the admin, who
/// certifies it with the root key on another machine (`casectl certify`). The
/// certificate comes back as `<data>/node.cert`. A thief of these files gets this
/// node's authority only: the certificate names this node id.
public enum NodeIdentityFiles {
    public static let keyFileName = "node.key"
    public static let publicKeyFileName = "node.pub"
    public static let certificateFileName = "node.cert"

    public static func keyPath(_ configuration: NodeConfiguration) -> String {
        configuration.nodeKeyPath ?? inData(configuration, keyFileName)
    }

    public static func certificatePath(_ configuration: NodeConfiguration) -> String {
        configuration.certificatePath ?? inData(configuration, certificateFileName)
    }

    /// The node's key, made (with its `.pub` beside it) when the file does not exist
    /// yet; `created` says whether it was.
    public static func loadOrCreateKey(_ configuration: NodeConfiguration) throws -> (key: SigningKey, created: Bool) {
        let path = keyPath(configuration)
        if FileManager.default.fileExists(atPath: path) {
            return (try readKey(path), false)
        }
        if configuration.nodeKeyPath != nil {
            throw ConfigurationError("node-key: \(path) does not exist; leave the setting out to have the node make <data>/\(keyFileName)")
        }
        let key = SigningKey.generate()
        do {
            try PrivateKeyFile.create(path, text: key.fileText(comment: [
                "casestore node key of \(configuration.id): never copy it to another machine; mode 0600",
            ]), what: "node key")
            let publicPath = inData(configuration, publicKeyFileName)
            try? FileManager.default.removeItem(atPath: publicPath)
            try PrivateKeyFile.create(publicPath, text: key.publicKey.hex + "\n", what: "node public key")
        } catch {
            throw ConfigurationError(error.message)
        }
        return (key, true)
    }

    /// The version-3 identity the node runs with, or nil when no root key is configured.
    /// Refuses to start with a missing, unreadable or wrong certificate, saying how to
    /// get the right one.
    public static func identity(_ configuration: NodeConfiguration, key: SigningKey, nowMs: @escaping @Sendable () -> Int64) throws -> PeerIdentity? {
        guard let root = configuration.rootPublicKey else { return nil }
        let path = certificatePath(configuration)
        let certificate = try readCertificate(path, configuration: configuration, key: key)
        do {
            try certificate.verify(root: root, clusterID: configuration.clusterID, role: .node, nowMs: nowMs())
        } catch {
            throw ConfigurationError("certificate: \(path): \(error)")
        }
        guard certificate.subject == configuration.id else {
            throw ConfigurationError("certificate: \(path) certifies node '\(certificate.subject)', not '\(configuration.id)': \(certifyAdvice(configuration, key: key))")
        }
        guard certificate.publicKey == key.publicKey else {
            throw ConfigurationError("certificate: \(path) certifies key \(certificate.publicKey.fingerprint), not this node's key \(key.publicKey.fingerprint): \(certifyAdvice(configuration, key: key))")
        }
        return PeerIdentity(signingKey: key, certificate: certificate, root: root, acceptsLegacyPeers: configuration.acceptLegacyPeers, nowMs: nowMs)
    }

    /// What the admin runs to certify this node.
    public static func certifyAdvice(_ configuration: NodeConfiguration, key: SigningKey) -> String {
        "on the admin's machine run 'casectl certify \(configuration.id) --root-key ROOT.key --cluster-id \(configuration.clusterID) "
            + "--public-key \(key.publicKey.hex) --out node.cert' and copy node.cert to \(certificatePath(configuration))"
    }

    private static func readCertificate(_ path: String, configuration: NodeConfiguration, key: SigningKey) throws -> Certificate {
        guard FileManager.default.fileExists(atPath: path) else {
            throw ConfigurationError("certificate: node \(configuration.id) has no certificate at \(path), and --root-public-key says the cluster uses them; \(certifyAdvice(configuration, key: key))")
        }
        guard let handle = FileHandle(forReadingAtPath: path) else { throw ConfigurationError("certificate: cannot read \(path)") }
        defer { try? handle.close() }
        let data = (try? handle.read(upToCount: PrivateKeyFile.maxFileBytes + 1)) ?? Data()
        guard data.count <= PrivateKeyFile.maxFileBytes else { throw ConfigurationError("certificate: \(path) is too large to be a certificate") }
        do {
            return try Certificate(fileText: String(decoding: data, as: UTF8.self))
        } catch {
            throw ConfigurationError("certificate: \(path): \(error)")
        }
    }

    private static func readKey(_ path: String) throws -> SigningKey {
        do {
            return try SigningKey(fileText: try PrivateKeyFile.read(path, what: "node key"))
        } catch let error as KeyFileError {
            throw ConfigurationError(error.message)
        } catch let error as ValidationIssue {
            throw ConfigurationError("node key: \(path): \(error.message)")
        }
    }

    private static func inData(_ configuration: NodeConfiguration, _ name: String) -> String {
        (configuration.dataDirectory as NSString).appendingPathComponent(name)
    }
}
