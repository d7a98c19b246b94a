import CaseNet
import Foundation
import NodeLauncher

extension CasenodeProcess {
    /// A node of the casenode this build made, for a test: on ports the kernel picks, in
    /// `dataDirectory` (a new temporary one by default), holding the tests' shared cluster
    /// key unless `extraArguments` name another.
    public static func forTests(
        id: String = "local", dataDirectory: String? = nil, extraArguments: [String] = [], ports: Ports = .fresh
    ) -> CasenodeProcess {
        CasenodeProcess(
            executable: BuiltProducts.casenode.path, id: id, dataDirectory: dataDirectory ?? temporaryDirectory(id),
            extraArguments: extraArguments + SharedClusterKey.arguments(unlessIn: extraArguments), ports: ports)
    }

    /// A new, empty, owner-only directory in the system's temporary folder, named after `name`.
    public static func temporaryDirectory(_ name: String) -> String {
        let path = TestScratch.removeAtExit(NSTemporaryDirectory() + "casestore-test-\(name)-\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            preconditionFailure("cannot make \(path): \(error)")
        }
        return path
    }

    /// casectl's environment for talking to this node as its admin.
    public var adminEnvironment: [String: String] { ["CASESTORE_TOKEN": adminToken] }
}

extension CasenodeProcess {
    /// How long one token check may take: a node answers in milliseconds; one busy catching up, later.
    static let tokenCheckTimeoutMs = 5_000

    /// Whether every node accepts every node's admin token: the token registry has synced
    /// (each node made its own on its first start). Commands that ask every member with one
    /// token (`casectl verify`, `status`) need this.
    public static func tokensKnownEverywhere(_ nodes: [CasenodeProcess]) -> Bool {
        nodes.allSatisfy { server in
            nodes.allSatisfy { holder in
                let status = try? HTTPClient(baseURL: server.baseURL, timeoutMs: tokenCheckTimeoutMs)
                    .send("GET", "/v1/procedures", headers: [("Authorization", "Bearer \(holder.adminToken)")]).status
                return status == 200
            }
        }
    }
}
