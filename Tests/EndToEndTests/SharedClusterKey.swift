import CaseCore
import CaseSupport
import CaseReplication
import Foundation
import CaseWire

/// One cluster key file (mode 0600) for every node these tests start, so any
/// of them can form a cluster: since issue 6 a node joins only when it holds
/// the cluster's key. Written once per test process.
enum SharedClusterKey {
    static let path: String = {
        let path = NSTemporaryDirectory() + "casestore-e2e-cluster-\(UUID().uuidString).key"
        write(ClusterKeyRing([ClusterKey.generate()]).fileText, to: path)
        return path
    }()

    /// The flags that hand a node the shared key, unless `arguments` already name one.
    static func arguments(unlessIn arguments: [String]) -> [String] {
        arguments.contains("--cluster-key") ? [] : ["--cluster-key", path]
    }

    /// Writes `text` to `path` readable by its owner only, as casenode requires.
    static func write(_ text: String, to path: String, mode: Int = 0o600) {
        precondition(FileManager.default.createFile(atPath: path, contents: Data(text.utf8)), "cannot write \(path)")
        do {
            try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
        } catch {
            preconditionFailure("cannot set the permissions of \(path): \(error)")
        }
    }
}
