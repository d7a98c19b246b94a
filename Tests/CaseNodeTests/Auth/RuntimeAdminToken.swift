import Foundation
@testable import CaseNode

extension CaseNodeRuntime {
    /// `Authorization: Bearer <the admin token the node wrote on its first start>`.
    func adminAuthorization() throws -> (String, String) {
        let path = AdminTokenBootstrap.path(dataDirectory: configuration.dataDirectory)
        let token = try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        return ("Authorization", "Bearer \(token)")
    }
}
