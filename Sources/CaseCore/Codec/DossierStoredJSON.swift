import CaseSupport

/// The stored state written straight to canonical JSON: the same bytes as
/// `JSONWriter.serialize(storedJSON)` (a test holds the two equal), without the tree.
/// Saving a dossier happens once per filing and once per replicated event; building,
/// hashing and sorting the tree was a fifth of a catching-up node's CPU.
///
/// Members are written in ascending UTF-8 key order, the canonical order, which is why they
/// are not in the order of `json(now:)`. A member added there must be added here too.
extension Dossier {
    /// `JSONWriter.serialize(storedJSON)`, written directly.
    public var storedJSONBytes: [UInt8] {
        var buffer = CanonicalJSONBuffer(reservingCapacity: 2_048)
        buffer.beginObject()
        buffer.key("allowedActions")
        buffer.beginArray()
        for action in StatusMachine.allowedActions(from: status) { buffer.string(action.rawValue) }
        buffer.endArray()
        buffer.key("apologies")
        buffer.int(Int64(apologyCount))
        buffer.key("applicant")
        applicant.write(into: &buffer)
        buffer.key("channel")
        buffer.string(channel.rawValue)
        if isPausedForPayment {
            buffer.key("clockPausedForPayment")
            buffer.bool(true)
        }
        buffer.key("code")
        buffer.string(code)
        buffer.key("competentCentre")
        buffer.string(competentCentre)
        buffer.key("conflicts")
        buffer.beginArray()
        for conflict in conflicts { conflict.write(into: &buffer) }
        buffer.endArray()
        buffer.key("documents")
        buffer.beginArray()
        for document in documents { document.write(into: &buffer) }
        buffer.endArray()
        buffer.key("dueAt")
        buffer.string(VietnamTime.iso8601(dueAt))
        if let feeLines {
            buffer.key("feeLines")
            buffer.value(.array(feeLines.map(\.json)))
        }
        buffer.key("feesVND")
        buffer.int(feesVND)
        buffer.optionalString("finishedAt", finishedAt.map(VietnamTime.iso8601))
        buffer.key("handlingCentre")
        buffer.string(handlingCentre)
        buffer.key("history")
        buffer.beginArray()
        for step in history { step.write(into: &buffer) }
        buffer.endArray()
        buffer.optionalString("originalCentre", originalCentre)
        buffer.key("originalDueAt")
        buffer.string(VietnamTime.iso8601(originalDueAt))
        buffer.key("procedureCode")
        buffer.string(procedureCode)
        buffer.key("procedureName")
        buffer.string(procedureName)
        buffer.key("receivedAt")
        buffer.string(VietnamTime.iso8601(receivedAt))
        buffer.key("receivingCentre")
        buffer.string(receivingCentre)
        buffer.optionalString("returnedAt", returnedAt.map(VietnamTime.iso8601))
        buffer.key("status")
        buffer.string(status.rawValue)
        if let timeLimitInUnit {
            buffer.key("timeLimit")
            buffer.value(timeLimitInUnit.json)
        }
        buffer.key("timeLimitWorkingDays")
        buffer.int(Int64(timeLimitWorkingDays))
        buffer.key("version")
        buffer.int(Int64(version))
        buffer.endObject()
        return buffer.bytes
    }
}

extension Applicant {
    func write(into buffer: inout CanonicalJSONBuffer) {
        buffer.beginObject()
        if let address {
            buffer.key("address")
            buffer.beginObject()
            buffer.optionalString("communeCode", address.communeCode)
            buffer.optionalString("detail", address.detail)
            buffer.optionalString("provinceCode", address.provinceCode)
            buffer.endObject()
        }
        buffer.optionalString("birthDate", birthDate?.iso)
        buffer.optionalString("email", email)
        buffer.key("fullName")
        buffer.string(fullName)
        buffer.key("idNumber")
        buffer.string(idNumber)
        buffer.key("kind")
        buffer.string(kind.rawValue)
        buffer.optionalString("phone", phone)
        if let representative {
            buffer.key("representative")
            buffer.beginObject()
            buffer.key("fullName")
            buffer.string(representative.fullName)
            buffer.key("idNumber")
            buffer.string(representative.idNumber)
            buffer.optionalString("relation", representative.relation)
            buffer.endObject()
        }
        buffer.endObject()
    }
}

extension DocumentItem {
    func write(into buffer: inout CanonicalJSONBuffer) {
        buffer.beginObject()
        buffer.key("copies")
        buffer.int(Int64(copies))
        buffer.key("name")
        buffer.string(name)
        buffer.key("originals")
        buffer.int(Int64(originals))
        buffer.optionalString("sha256", sha256)
        if let sizeBytes {
            buffer.key("sizeBytes")
            buffer.int(sizeBytes)
        }
        buffer.endObject()
    }
}

extension HistoryStep {
    func write(into buffer: inout CanonicalJSONBuffer) {
        buffer.beginObject()
        buffer.key("action")
        buffer.string(action)
        buffer.key("actor")
        buffer.string(actor)
        buffer.key("applied")
        buffer.bool(applied)
        buffer.key("at")
        buffer.string(VietnamTime.iso8601(at))
        buffer.key("centre")
        buffer.string(centre)
        buffer.optionalString("conflict", conflict)
        if !details.isEmpty {
            buffer.key("details")
            buffer.value(.object(details))
        }
        buffer.key("event")
        buffer.string(event.description)
        buffer.optionalString("from", from?.rawValue)
        buffer.optionalString("note", note)
        buffer.key("to")
        buffer.string(to.rawValue)
        buffer.endObject()
    }
}

extension DossierConflict {
    func write(into buffer: inout CanonicalJSONBuffer) {
        buffer.beginObject()
        buffer.key("action")
        buffer.string(action)
        buffer.key("at")
        buffer.string(VietnamTime.iso8601(at))
        buffer.key("centre")
        buffer.string(centre)
        buffer.key("event")
        buffer.string(event.description)
        buffer.key("reason")
        buffer.string(reason)
        buffer.optionalString("settledBy", settledBy?.description)
        buffer.key("statusAtApply")
        buffer.string(statusAtApply.rawValue)
        buffer.optionalString("winningEvent", winningEvent?.description)
        buffer.endObject()
    }
}
