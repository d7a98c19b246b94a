import CaseNet

/// `POST /v1/debug/storage`: simulate a full disk under the node's database, for fault tests.
/// Exists only in a debug build run with `--debug-faults`; otherwise it is a 404 like any
/// unknown path, so a production node offers nothing to probe.
extension APIRouter {
    #if FAULT_INJECTION
    /// A simulated disk is at most 1 TiB: far above any test, and bounded all the same.
    static let maxSimulatedDiskBytes: Int64 = 1 << 40

    /// `{"diskFullAfterBytes": N}` fails every write past N more bytes with SQLITE_FULL;
    /// `{"clear": true}` frees the disk again. Answers with what the VFS has counted.
    func debugStorage(_ request: HTTPRequest) throws(ServiceError) -> HTTPResponse {
        guard let storageFaults else { throw ServiceError.notFound("no such endpoint: \(request.path); see the README for the API") }
        guard case .object(let fields) = try Self.jsonBody(request), fields.count == 1 else {
            throw Self.debugStorageUsage("expected exactly one field")
        }
        if let budget = fields["diskFullAfterBytes"] {
            guard let bytes = budget.int64Value, (0...Self.maxSimulatedDiskBytes).contains(bytes) else {
                throw Self.debugStorageUsage("diskFullAfterBytes must be a whole number from 0 to \(Self.maxSimulatedDiskBytes)")
            }
            storageFaults.inject(.diskFull(afterBytes: bytes))
            return .json(200, ["diskFullAfterBytes": .int(bytes)])
        }
        guard fields["clear"] == .bool(true) else { throw Self.debugStorageUsage("unknown field \(fields.keys.first ?? "")") }
        let counters = storageFaults.counters
        storageFaults.clearFault()
        return .json(200, [
            "cleared": true, "writes": .int(Int64(counters.writes)), "bytesWritten": .int(counters.bytesWritten),
            "faultsInjected": .int(Int64(counters.faultsInjected)),
        ])
    }

    private static func debugStorageUsage(_ problem: String) -> ServiceError {
        ServiceError(
            httpStatus: 422, code: "validation_failed",
            message: "\(problem); send {\"diskFullAfterBytes\": N} or {\"clear\": true}")
    }
    #else
    /// A release build has no fault injection: the path is unknown.
    func debugStorage(_ request: HTTPRequest) throws(ServiceError) -> HTTPResponse {
        throw ServiceError.notFound("no such endpoint: \(request.path); see the README for the API")
    }
    #endif
}
