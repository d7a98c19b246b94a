import CaseCore
import CaseSystem
import CaseSupport
import Foundation
import CaseWire

extension ClusterNode {
    /// Writes one fresh cluster key to `directory/cluster.key` (mode 0600, as
    /// casenode requires) and returns the flags that hand it to a node: every
    /// node of the test cluster gets the same file, or they could not join.
    public static func writeClusterKey(in directory: String) throws -> [String] {
        let path = directory + "/cluster.key"
        let text = ClusterKeyRing([ClusterKey.generate()]).fileText
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else {
            throw HarnessError("cannot write the cluster key file \(path)")
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        return ["--cluster-key", path]
    }
}
