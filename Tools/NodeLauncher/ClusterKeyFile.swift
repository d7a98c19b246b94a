import Foundation

/// A cluster key file as an operator writes one: one line of 64 hexadecimal digits (a
/// 256-bit key), readable by its owner only, as casenode requires. Every node of a cluster
/// is handed the same file, or the nodes refuse each other's handshake.
public enum ClusterKeyFile {
    /// The key's length in bytes: casenode's keys are 256 bits.
    public static let keyBytes = 32

    /// Writes one fresh key to `directory/cluster.key` (making the directory, owner-only, if
    /// need be; replacing an older key file there) and returns the flags that hand it to a node.
    public static func write(in directory: String) throws -> [String] {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let path = directory + "/cluster.key"
        // SystemRandomNumberGenerator draws from the kernel's CSPRNG (getrandom on Linux).
        var generator = SystemRandomNumberGenerator()
        let digits = (0..<keyBytes).map { _ in String(format: "%02x", UInt8.random(in: .min ... .max, using: &generator)) }.joined()
        try writeOwnerOnly(Array((digits + "\n").utf8), to: path)
        return ["--cluster-key", path]
    }

    /// Creates `path` afresh with mode 0600 from its first moment (O_EXCL after removing any
    /// older file, so the mode given here is the one it gets) and writes `bytes` to it.
    private static func writeOwnerOnly(_ bytes: [UInt8], to path: String) throws {
        unlink(path)
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw LaunchError("cannot create the cluster key file \(path): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        let written = bytes.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
        guard written == bytes.count else { throw LaunchError("cannot write the cluster key file \(path): \(String(cString: strerror(errno)))") }
    }
}
