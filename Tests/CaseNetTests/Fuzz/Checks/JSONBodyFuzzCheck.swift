import CaseCore
import CaseSupport
import CaseReplication
import CaseWire

/// Fuzz target "json-body": an arbitrary HTTP request body through the path a
/// node takes with it: `JSONParser` (with the API's default limits), then the
/// filing, action and settle request decoders, and `FilingValidator`.
///
/// Promises checked beyond "never traps, only throws its typed error":
/// - a parse error points inside the input;
/// - parse → serialize → parse gives the same value, and serializing is a
///   fixed point (the canonical form replication relies on); pretty output
///   parses to the same value too;
/// - an accepted filing is NFC everywhere, validating it again changes
///   nothing, and it survives the whole trip a filing makes: the filed
///   payload JSON, a replicated event batch (`PeerMessageFuzzCheck`), and
///   `DossierReducer.start`;
/// - an accepted action has its required fields.
enum JSONBodyFuzzCheck {
    static let target = "json-body"
    static let nodeID = "centre-a"

    /// What the body was accepted as.
    struct Outcome: Equatable {
        var parsed = false
        var filing = false
        var validFiling = false
        var action = false
        var settle = false
    }

    /// A small catalogue with two real national procedure codes; the seed
    /// corpus files dossiers under them.
    static let validator: FilingValidator = {
        do {
            return FilingValidator(catalogue: try ProcedureCatalogue(procedures: [
                Procedure(code: "1.001193", name: "Đăng ký khai sinh", field: "Hộ tịch", timeLimitWorkingDays: 1,
                          fees: [Fee(name: "Lệ phí", amountVND: 8_000)]),
                Procedure(code: "2.000815", name: "Chứng thực bản sao từ bản chính", field: "Chứng thực",
                          timeLimitWorkingDays: 2, fees: []),
            ]))
        } catch {
            preconditionFailure("the fuzz catalogue is valid: \(error)")
        }
    }()

    /// Runs every promise on `input`.
    @discardableResult
    static func check(_ input: [UInt8]) throws(FuzzInvariantViolation) -> Outcome {
        var outcome = Outcome()
        let value: JSONValue
        do {
            value = try JSONParser().parse(input)
        } catch {
            try FuzzInvariantViolation.require(
                error.offset >= 0 && error.offset <= input.count, target,
                "error offset \(error.offset) outside a \(input.count)-byte input: \(error)")
            return outcome
        }
        outcome.parsed = true
        try checkCanonicalForm(value)
        guard case .object = value else { return outcome }
        if let filing = try? FilingRequest(json: value) {
            outcome.filing = true
            outcome.validFiling = try checkFiling(filing)
        }
        if let action = try? ActionRequest(json: value) {
            outcome.action = true
            do {
                try action.checkRequiredFields()
            } catch {
                throw FuzzInvariantViolation(target: target, message: "an accepted \(action.action) lacks a field: \(error)")
            }
        }
        outcome.settle = (try? SettleRequest(json: value)) != nil
        return outcome
    }

    private static func checkCanonicalForm(_ value: JSONValue) throws(FuzzInvariantViolation) {
        let compact = JSONWriter.serialize(value)
        let again: JSONValue
        let pretty: JSONValue
        do {
            again = try JSONParser().parse(compact)
            pretty = try JSONParser().parse(JSONWriter.serialize(value, pretty: true))
        } catch {
            throw FuzzInvariantViolation(target: target, message: "serialized JSON does not parse: \(error)")
        }
        try FuzzInvariantViolation.require(again == value, target, "parse → serialize → parse changed the value")
        try FuzzInvariantViolation.require(pretty == value, target, "pretty output parses to another value")
        try FuzzInvariantViolation.require(
            JSONWriter.serialize(again) == compact, target, "serializing is not a fixed point")
    }

    /// Returns whether the filing passed validation; checks what follows from that.
    private static func checkFiling(_ request: FilingRequest) throws(FuzzInvariantViolation) -> Bool {
        let filing: FilingRequest
        let procedure: Procedure
        do {
            (filing, procedure) = try validator.validate(request)
        } catch {
            return false
        }
        try requireNFC(filing)
        do {
            let (twice, _) = try validator.validate(filing)
            try FuzzInvariantViolation.require(twice == filing, target, "validating an accepted filing again changed it")
        } catch let violation as FuzzInvariantViolation {
            throw violation
        } catch {
            throw FuzzInvariantViolation(target: target, message: "an accepted filing is refused when validated again: \(error)")
        }
        let payload = FiledPayload(
            channel: filing.channel, procedureCode: procedure.code, procedureName: procedure.name,
            timeLimitWorkingDays: procedure.timeLimitWorkingDays, feesVND: procedure.fees.reduce(0) { $0 + $1.amountVND },
            applicant: filing.applicant, documents: filing.documents, receivingCentre: nodeID,
            competentCentre: filing.competentCentre ?? nodeID,
            originalDueAt: Instant(millisecondsSinceEpoch: 1_751_500_000_000), note: filing.note)
        do {
            let stored = try JSONParser().parse(JSONWriter.serialize(payload.json))
            try FuzzInvariantViolation.require(
                try FiledPayload(json: stored) == payload, target, "the filed payload changed in a JSON round trip")
        } catch let violation as FuzzInvariantViolation {
            throw violation
        } catch {
            throw FuzzInvariantViolation(target: target, message: "the filed payload of an accepted filing does not read back: \(error)")
        }
        try checkReplicates(payload, actor: filing.actor ?? "clerk")
        return true
    }

    /// The filed event replicates and starts a dossier on the receiving side.
    private static func checkReplicates(_ payload: FiledPayload, actor: String) throws(FuzzInvariantViolation) {
        let event = ChangeEvent(
            origin: nodeID, sequence: 1, timestamp: HLCTimestamp(physicalMs: 1_751_330_000_000, logical: 0),
            dossierCode: "000.00.12.H56-250701-0001", kind: .filed, actor: actor, centre: nodeID, payload: payload.json)
        let batch = PeerMessage.eventBatch(EventBatch(
            events: [event], senderVersionVector: VersionVector([nodeID: 1]), hasMore: false, isPush: true))
        let frame = PeerMessageCodec.encode(batch)
        guard try PeerMessageFuzzCheck.checkMessage(type: frame.type, version: frame.version, payload: frame.payload) != nil else {
            throw FuzzInvariantViolation(target: target, message: "the filed event of an accepted filing is refused by the peer codec")
        }
        do {
            _ = try DossierReducer.start(from: event)
        } catch {
            throw FuzzInvariantViolation(target: target, message: "the filed event of an accepted filing does not start a dossier: \(error)")
        }
    }

    private static func requireNFC(_ filing: FilingRequest) throws(FuzzInvariantViolation) {
        let applicant = filing.applicant
        let texts: [String?] = [
            filing.procedureCode, filing.competentCentre, filing.note, filing.actor,
            applicant.fullName, applicant.idNumber, applicant.phone, applicant.email,
            applicant.address?.provinceCode, applicant.address?.communeCode, applicant.address?.detail,
            applicant.representative?.fullName, applicant.representative?.idNumber, applicant.representative?.relation,
        ] + filing.documents.flatMap { [$0.name, $0.sha256] }
        for case let text? in texts {
            try FuzzInvariantViolation.require(
                Array(VietnameseText.normalized(text).utf8) == Array(text.utf8), target,
                "accepted text \(String(reflecting: text)) is not NFC")
        }
    }
}
