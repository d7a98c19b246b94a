import CaseSupport

/// The dossier as the API shows it. Times are ISO 8601 in Vietnam time
/// (+07:00). `overdue` depends on the moment of reading, so the caller passes it.
extension Dossier {
    /// The form stored in the database and compared between nodes: everything but `overdue`.
    /// Saving writes its bytes directly (`storedJSONBytes`); this tree is their definition,
    /// which tests hold the direct writer to.
    public var storedJSON: JSONValue {
        guard case .object(var object) = json(now: receivedAt) else { preconditionFailure("a dossier encodes as an object") }
        object["overdue"] = nil
        return .object(object)
    }

    public func json(now: Instant) -> JSONValue {
        var object: [String: JSONValue] = [
            "code": .string(code),
            "channel": .string(channel.rawValue),
            "status": .string(status.rawValue),
            "procedureCode": .string(procedureCode),
            "procedureName": .string(procedureName),
            "timeLimitWorkingDays": .int(Int64(timeLimitWorkingDays)),
            "feesVND": .int(feesVND),
            "applicant": applicant.json,
            "documents": .array(documents.map(\.json)),
            "receivingCentre": .string(receivingCentre),
            "competentCentre": .string(competentCentre),
            "handlingCentre": .string(handlingCentre),
            "receivedAt": .string(VietnamTime.iso8601(receivedAt)),
            "originalDueAt": .string(VietnamTime.iso8601(originalDueAt)),
            "dueAt": .string(VietnamTime.iso8601(dueAt)),
            "overdue": .bool(isOverdue(at: now)),
            "apologies": .int(Int64(apologyCount)),
            "history": .array(history.map(\.json)),
            "conflicts": .array(conflicts.map(\.json)),
            "version": .int(Int64(version)),
        ]
        object["originalCentre"] = originalCentre.map { .string($0) }
        object["finishedAt"] = finishedAt.map { .string(VietnamTime.iso8601($0)) }
        object["returnedAt"] = returnedAt.map { .string(VietnamTime.iso8601($0)) }
        // Only while true, so the state of every dossier without such a wait keeps the bytes of
        // older versions (stored states are compared between nodes).
        if isPausedForPayment { object["clockPausedForPayment"] = .bool(true) }
        object["timeLimit"] = timeLimitInUnit.map(\.json)
        object["feeLines"] = feeLines.map { .array($0.map(\.json)) }
        object["allowedActions"] = .array(StatusMachine.allowedActions(from: status).map { .string($0.rawValue) })
        return .object(object)
    }
}

extension TimeLimit {
    /// `{"amount": 1, "unit": "sameDay"}`.
    public var json: JSONValue { ["amount": .int(Int64(amount)), "unit": .string(unit.rawValue)] }
}

extension HistoryStep {
    public var json: JSONValue {
        var object: [String: JSONValue] = [
            "event": .string(event.description),
            "at": .string(VietnamTime.iso8601(at)),
            "centre": .string(centre),
            "actor": .string(actor),
            "action": .string(action),
            "to": .string(to.rawValue),
            "applied": .bool(applied),
        ]
        object["from"] = from.map { .string($0.rawValue) }
        object["note"] = note.map { .string($0) }
        object["conflict"] = conflict.map { .string($0) }
        if !details.isEmpty { object["details"] = .object(details) }
        return .object(object)
    }
}

extension DossierConflict {
    public var json: JSONValue {
        var object: [String: JSONValue] = [
            "event": .string(event.description),
            "at": .string(VietnamTime.iso8601(at)),
            "centre": .string(centre),
            "action": .string(action),
            "statusAtApply": .string(statusAtApply.rawValue),
            "reason": .string(reason),
        ]
        object["winningEvent"] = winningEvent.map { .string($0.description) }
        // Absent while open, so the stored state of an unsettled conflict is what it was
        // before settling existed, and digests stay comparable with older nodes.
        object["settledBy"] = settledBy.map { .string($0.description) }
        return .object(object)
    }
}
