import CaseCore
import CaseSystem
import CaseSupport
import Foundation
import CaseWire

extension NodeLauncher {
    /// Writes one fresh cluster key to `directory/cluster.key` (one line of 64 hex
    /// characters, mode 0600 as casenode requires) and returns the flags that hand it
    /// to a node: every node of a benchmark cluster gets the same file, or peers
    /// refuse each other's handshake.
    public static func writeClusterKey(in directory: String) throws -> [String] {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/cluster.key"
        let text = ClusterKeyRing([ClusterKey.generate()]).fileText
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw BenchError("cannot write the cluster key file \(path)")
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        return ["--cluster-key", path]
    }
}
