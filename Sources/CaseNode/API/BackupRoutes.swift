import CaseCore
import CaseNet
import CaseStorage
import CaseSupport
import Foundation

/// `POST /v1/admin/backup` and `GET /v1/admin/backup/status` (see docs/admin-backup-report.md).
extension APIRouter {
    func runBackup(_ request: HTTPRequest) throws(ServiceError) -> HTTPResponse {
        let backup = try backupOffered()
        let file = try Self.backupFile(in: try Self.jsonBody(request))
        return .json(200, try backup.run(file: file).json)
    }

    func backupStatus() throws(ServiceError) -> HTTPResponse {
        .json(200, try backupOffered().activity.json)
    }

    private func backupOffered() throws(ServiceError) -> NodeBackup {
        guard let backup else { throw ServiceError.notFound("this node does not offer backups") }
        return backup
    }

    /// `{"file": "casestore-2026-11-21.sqlite"}`: the raw name, checked by `NodeBackup` against
    /// `BackupFileName`. A `path`, as earlier releases took, is refused with 400 and the way
    /// to ask now: a backup is written into the node's backup directory and nowhere else.
    static func backupFile(in body: JSONValue) throws(ServiceError) -> String {
        let reader: JSONObjectReader
        do throws(ValidationIssue) {
            reader = try JSONObjectReader(body)
            if reader.fields["path"] != nil {
                throw ValidationIssue(
                    field: "path", message: "is not accepted: backups are written only into the node's backup directory "
                        + "(--backup-dir); give \"\(BackupFileName.field)\", a file name there")
            }
            try reader.rejectUnknownKeys(allowed: [BackupFileName.field])
        } catch {
            throw error.field == "path" ? NodeBackup.badFile(error) : ServiceError.invalid(error)
        }
        guard case .string(let file)? = reader.fields[BackupFileName.field] else {
            throw NodeBackup.badFile(ValidationIssue(
                field: BackupFileName.field, message: "is required: the name of the new backup file in the node's backup directory"))
        }
        return file
    }
}

extension NodeBackupSummary {
    /// The answer to `POST /v1/admin/backup`.
    var json: JSONValue {
        var object: [String: JSONValue] = [
            "path": .string(backup.path),
            "file": .string((backup.path as NSString).lastPathComponent),
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
            "path": .string(path), "file": .string(file), "startedAt": .string(VietnamTime.iso8601(startedAt)),
            "phase": .string(progress?.phase.rawValue ?? CaseStoreBackupProgress.Phase.copying.rawValue),
            "pagesCopied": .int(progress?.pagesCopied ?? 0),
        ]
        object["pagesTotal"] = progress.map { .int($0.pagesTotal) }
        return .object(object)
    }
}

extension BackupActivity.Finished {
    var json: JSONValue {
        var object: [String: JSONValue] = ["path": .string(path), "file": .string(file), "finishedAt": .string(VietnamTime.iso8601(finishedAt))]
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
