/// What an event read from the wire must be before it is stored. Stored events are never
/// rewritten, so a malformed one would stay in the log and be shipped on to every node.
///
/// Only what every node needs to derive the same state is checked: who wrote it (and that
/// it speaks for its own centre only), which dossier it belongs to, and, for a filing, a
/// payload the reducer can start a dossier from. Steps' payloads are not: the reducer reads
/// only the fields it knows and ignores the rest; but an idempotency record, in any event,
/// is (`IdempotencyRecord`): the node indexes it and answers retries by it.
///
/// Pure: a receiving thread checks a batch's events before the writer gets them
/// (`ChangeEvent.preparation`), and the writer checks those that were not.
/// A problem ends up in the node's log, so it names the field, never a value from the
/// event: a value in the wrong field may be a citizen's name or identity data. The event
/// itself can be read from its origin.
public enum ReceivedEventRules {
    /// Why an event may not be stored: text to follow "event ORIGIN/SEQ".
    public struct Problem: Error, Equatable, Sendable {
        public let text: String
    }

    /// The event's decoded filing payload (nil for a step) if it may be stored, else what is wrong.
    public static func check(_ event: ChangeEvent) -> Result<FiledPayload?, Problem> {
        guard NodeName.isValid(event.origin) else {
            return .failure(Problem(text: "has an origin that is not a node id (lower-case a-z, 0-9, '-', '_', '.', at most \(NodeName.maxLength) bytes)"))
        }
        // A node records every act as its own centre's (`DecisionContext`): an event naming
        // another centre was forged, by a holder of one node's key speaking for another centre.
        guard event.centre == event.origin else {
            return .failure(Problem(text: "names another centre than its origin: a node records only its own centre's acts"))
        }
        if let problem = StreamTag.problem(in: event.tags, sequence: event.sequence) {
            return .failure(Problem(text: "has province tags not in their one valid form: \(problem)"))
        }
        guard DossierCode.isWellFormed(event.dossierCode) else {
            return .failure(Problem(text: "names a dossier by something that is not a dossier code (AGENCY-YYMMDD-NNNN)"))
        }
        // A payload that is not an object carries no record; as a filing's it cannot start a dossier.
        let payload = Result { () throws(ValidationIssue) in try event.payloadReader() }
        if case .success(let reader) = payload {
            do {
                _ = try IdempotencyRecord(payload: reader)
            } catch {
                return .failure(Problem(text: "carries an idempotency record that is invalid: \(error.field) is missing or invalid"))
            }
        }
        guard event.kind == .filed else { return .success(nil) }
        if let decoded = event.decodedFiling { return .success(decoded) }
        do {
            return .success(try FiledPayload(reader: payload.get()))
        } catch {
            return .failure(Problem(text: "is a filing whose payload cannot start a dossier: \(error.field) is missing or invalid"))
        }
    }
}
