import Foundation
import NodeLauncher

/// One cluster key file for every node a test process starts, so any of them can form a
/// cluster: since issue 6 a node joins only when it holds the cluster's key. Written once
/// per test process, on first use.
public enum SharedClusterKey {
    /// The flags that hand a node the shared key.
    public static let arguments: [String] = {
        let directory = NSTemporaryDirectory() + "casestore-tests-cluster-\(UUID().uuidString)"
        do {
            return try ClusterKeyFile.write(in: directory)
        } catch {
            preconditionFailure("cannot write the tests' cluster key: \(error)")
        }
    }()

    /// The flags that hand a node the shared key, unless `arguments` already name a key.
    public static func arguments(unlessIn arguments: [String]) -> [String] {
        arguments.contains("--cluster-key") ? [] : Self.arguments
    }
}
