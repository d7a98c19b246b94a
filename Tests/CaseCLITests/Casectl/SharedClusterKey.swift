import Foundation

/// One cluster key file (mode 0600) for every casenode these tests start, so
/// any of them can form a cluster: since issue 6 a node joins only when it
/// holds the cluster's key. Written once per test process.
enum SharedClusterKey {
    static let path: String = {
        let path = NSTemporaryDirectory() + "casestore-casectl-cluster-\(UUID().uuidString).key"
        // SystemRandomNumberGenerator draws from the kernel's CSPRNG (getrandom on Linux).
        let digits = (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
        precondition(FileManager.default.createFile(atPath: path, contents: Data((digits + "\n").utf8)), "cannot write \(path)")
        do {
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        } catch {
            preconditionFailure("cannot set the permissions of \(path): \(error)")
        }
        return path
    }()

    /// The flags that hand a node the shared key.
    static var arguments: [String] { ["--cluster-key", path] }
}
