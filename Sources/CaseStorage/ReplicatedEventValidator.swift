import CaseCore

/// Checks events read from the wire before they are stored (`ReceivedEventRules`), except
/// those a receiving thread already checked (`ChangeEvent.passedReceivedChecks`): the one
/// writer then does not spend its time on them.
enum ReplicatedEventValidator {
    /// Throws `ReplicatedBatchRefusal.invalidEvent` for the first invalid event of `events`.
    /// Returns the filings' decoded payloads, by event, for the fold that follows; a filing
    /// checked ahead carries its own (`ChangeEvent.decodedFiling`, which the fold takes).
    static func validate(_ events: [ChangeEvent]) throws(ReplicatedBatchRefusal) -> [EventID: FiledPayload] {
        var filings: [EventID: FiledPayload] = [:]
        for event in events where !event.passedReceivedChecks {
            switch ReceivedEventRules.check(event) {
            case .failure(let problem):
                throw .invalidEvent(event.id, problem: problem.text, batchCount: events.count)
            case .success(let filing):
                if let filing { filings[event.id] = filing }
            }
        }
        return filings
    }
}
