import CaseCore
import CaseCrypto
import Foundation
import NodeLauncher

extension CasenodeProcess {
    /// A node in identity mode, for a test: its data directory holds a node key and the
    /// certificate `SignedTokenSamples.root` issued it for `id`, and it runs with that
    /// root's public key in `SignedTokenSamples.clusterID`; the certificate names `province`.
    public static func withIdentity(id: String, province: ProvinceCode = .unnamed, extraArguments: [String] = []) throws -> CasenodeProcess {
        let directory = temporaryDirectory(id)
        let key = SigningKey(seed: SHA256.hash(Array("test node key \(id)".utf8)))!
        let nowMs = Int64(Date().timeIntervalSince1970 * 1_000)
        let request = CertificateRequest(
            role: .node, clusterID: SignedTokenSamples.clusterID, subject: id, publicKey: key.publicKey, validFromMs: nowMs - 3_600_000,
            validUntilMs: nowMs + 365 * 86_400_000, province: province)
        // A serial of its own per node, as casectl gives each certificate: receivers keep certificates by serial.
        let serial = Array(SHA256.hash(Array("test certificate \(id)".utf8)).prefix(Certificate.serialByteCount))
        let certificate = Certificate.issue(request, serial: serial, by: SignedTokenSamples.root)
        try writePrivately(key.fileText(comment: ["test node key"]), to: directory + "/node.key")
        try writePrivately(certificate.text + "\n", to: directory + "/node.cert")
        return forTests(
            id: id, dataDirectory: directory,
            extraArguments: ["--cluster-id", SignedTokenSamples.clusterID, "--root-public-key", SignedTokenSamples.root.publicKey.hex] + extraArguments)
    }

    /// A node in identity mode (`withIdentity`) started, joining through `others`.
    public static func startedWithIdentity(
        id: String, province: ProvinceCode = .unnamed, joining others: [CasenodeProcess]
    ) throws -> CasenodeProcess {
        let join = others.isEmpty ? [] : ["--join", others.map(\.peerAddress).joined(separator: ",")]
        let node = try withIdentity(id: id, province: province, extraArguments: join)
        try node.start()
        return node
    }

    /// The test root's key in a file (0600), as `casectl root init` writes it, for casectl's --root-key.
    public static func rootKeyFile() throws -> String {
        let path = temporaryDirectory("root") + "/root.key"
        try writePrivately(SignedTokenSamples.root.fileText(comment: ["test cluster root"]), to: path)
        return path
    }

    /// Writes `text` to a new file readable by its owner only (0600), as key files must be.
    public static func writePrivately(_ text: String, to path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
    }
}

/// Certified nodes a test starts (`CasenodeProcess.withIdentity`), stopped and their
/// files removed when the test ends.
public final class CertifiedNodes {
    public private(set) var all: [CasenodeProcess] = []

    public init() {}

    /// Starts node `id`, certified for `province`, joining through `others`.
    public func start(_ id: String, province: ProvinceCode = .unnamed, joining others: [CasenodeProcess]) throws -> CasenodeProcess {
        let node = try CasenodeProcess.startedWithIdentity(id: id, province: province, joining: others)
        all.append(node)
        return node
    }

    /// Keeps `node` (started otherwise) to stop it with the rest.
    public func keep(_ node: CasenodeProcess) {
        all.append(node)
    }

    public func stopAll() {
        for node in all {
            node.stop()
            node.removeFiles()
        }
    }
}
