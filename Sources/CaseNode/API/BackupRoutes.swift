import CaseCore
import CaseNet
import CaseStorage
import CaseSupport

/// `POST /v1/admin/backup` and `GET /v1/admin/backup/status` (see docs/admin-backup-report.md).
extension APIRouter {
    func runBackup(_ request: HTTPRequest) throws(ServiceError) -> HTTPResponse {
        let backup = try backupOffered()
        let body = try Self.jsonBody(request)
        let path: String
        do throws(ValidationIssue) {
            path = try Self.backupPath(in: body)
        } catch {
            throw ServiceError.invalid(error)
        }
        return .json(200, try backup.run(to: path).json)
    }

    func backupStatus() throws(ServiceError) -> HTTPResponse {
        .json(200, try backupOffered().activity.json)
    }

    private func backupOffered() throws(ServiceError) -> NodeBackup {
        guard let backup else { throw ServiceError.notFound("this node does not offer backups") }
        return backup
    }

    /// `{"path": "/abs/file.sqlite"}`. The path is taken as given, not NFC-normalised: it names
    /// a file on the node's machine, and file names are bytes.
    static func backupPath(in body: JSONValue) throws(ValidationIssue) -> String {
        let reader = try JSONObjectReader(body)
        try reader.rejectUnknownKeys(allowed: ["path"])
        guard case .string(let path)? = reader.fields["path"] else {
            throw ValidationIssue(field: "path", message: "is required: the absolute path of the new backup file on the node's machine")
        }
        return path
    }
}

extension NodeBackupSummary {
    /// The answer to `POST /v1/admin/backup`.
    var json: JSONValue {
        var object: [String: JSONValue] = [
            "path": .string(backup.path),
            "bytes": .int(backup.bytes),
            "pages": .int(backup.pages),
            "dossiers": .int(backup.dossiers),
            "events": .int(backup.events),
            "digest": .string(backup.digest.hex),
            "versionVector": .object(backup.versionVector.mapValues { .int($0) }),
            "durationMs": .int(durationMs),
        ]
        object["sourceNode"] = backup.sourceNodeID.map { .string($0) }
        return .object(object)
    }
}

extension BackupActivity {
    /// The answer to `GET /v1/admin/backup/status`.
    var json: JSONValue {
        ["running": .bool(running != nil), "current": running?.json ?? .null, "last": last?.json ?? .null]
    }
}

extension BackupActivity.Running {
    var json: JSONValue {
        var object: [String: JSONValue] = [
            "path": .string(path), "startedAt": .string(VietnamTime.iso8601(startedAt)),
            "phase": .string(progress?.phase.rawValue ?? CaseStoreBackupProgress.Phase.copying.rawValue),
            "pagesCopied": .int(progress?.pagesCopied ?? 0),
        ]
        object["pagesTotal"] = progress.map { .int($0.pagesTotal) }
        return .object(object)
    }
}

extension BackupActivity.Finished {
    var json: JSONValue {
        var object: [String: JSONValue] = ["path": .string(path), "finishedAt": .string(VietnamTime.iso8601(finishedAt))]
        switch outcome {
        case .succeeded(let summary):
            object["succeeded"] = true
            object["result"] = summary.json
        case .failed(let message):
            object["succeeded"] = false
            object["error"] = .string(message)
        }
        return .object(object)
    }
}
