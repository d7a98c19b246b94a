import Foundation

extension ClusterNode {
    /// The header that lets the harness act as this node's admin: the token the node wrote
    /// into its data directory on its first start (`admin.token`, owner-only). Read at each
    /// use, so a node whose database was rebuilt (and wrote a new one) is still reached.
    /// Without the file the header is empty and the node answers 401, which the harness reports.
    public var adminAuthorization: (String, String) {
        let path = (dataDirectory as NSString).appendingPathComponent("admin.token")
        let token = ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        return ("Authorization", "Bearer \(token)")
    }
}
