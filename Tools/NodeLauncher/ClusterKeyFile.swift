import Foundation

/// A cluster key file as an operator writes one: one line of 64 hexadecimal digits (a
/// 256-bit key), readable by its owner only, as casenode requires. Every node of a cluster
/// is handed the same file, or the nodes refuse each other's handshake.
public enum ClusterKeyFile {
    /// The key's length in bytes: casenode's keys are 256 bits.
    public static let keyBytes = 32

    /// Writes one fresh key to `directory/cluster.key` (making the directory if need be)
    /// and returns the flags that hand it to a node.
    public static func write(in directory: String) throws -> [String] {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/cluster.key"
        // SystemRandomNumberGenerator draws from the kernel's CSPRNG (getrandom on Linux).
        var generator = SystemRandomNumberGenerator()
        let digits = (0..<keyBytes).map { _ in String(format: "%02x", UInt8.random(in: .min ... .max, using: &generator)) }.joined()
        guard FileManager.default.createFile(atPath: path, contents: Data((digits + "\n").utf8), attributes: [.posixPermissions: 0o600]) else {
            throw LaunchError("cannot write the cluster key file \(path)")
        }
        // Again after the fact: the process's umask may have narrowed or the file may have existed.
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        return ["--cluster-key", path]
    }
}
