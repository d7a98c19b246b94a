import CaseSupport

/// One immutable change to one dossier: the unit of storage and replication.
///
/// Identity is `(origin, sequence)`: the node that wrote it and its dense
/// per-origin sequence number (1, 2, 3, … with no gaps), which is what the
/// version vectors of replication count. Order across origins is by
/// `timestamp`, then origin, then sequence: the same total order on every node.
public struct ChangeEvent: Equatable, Sendable {
    public let origin: String
    public let sequence: Int64
    public let timestamp: HLCTimestamp
    public let dossierCode: String
    public let kind: EventKind
    /// Who did it (a clerk's or admin's name or token subject).
    public let actor: String
    /// The centre (node id) at which the step was taken.
    public let centre: String
    /// Kind-specific data as canonical JSON (`JSONWriter.serialize`): the bytes that are
    /// stored, shipped and hashed. See `DossierReducer` for what each kind carries.
    public let payloadJSON: [UInt8]
    /// The payload parsed, when whoever made the event had it. Events read from the log to
    /// be shipped are made from their stored bytes alone: parsing a payload only to write
    /// it again was a fifth of serving a pull. `payload` parses the bytes when it is nil.
    private let parsedPayload: ParsedPayload?

    /// A payload as a tree, or as its bytes indexed (`PlainCanonicalJSON`): a received filing
    /// is read through `payloadReader` only, and building its tree was a third of receiving it.
    private enum ParsedPayload: Sendable {
        case tree(JSONValue)
        case plain(PlainCanonicalJSON)
    }
    /// A received filing prepared for storing (`preparedForStorage`), when a receiver
    /// prepared it ahead of the writer. Not part of the event's content: it is derived
    /// from `payloadJSON`.
    public var prepared: PreparedFiling? { received?.preparation?.filing }
    /// A receiving thread found that the event may be stored (`ReceivedEventRules`).
    public var passedReceivedChecks: Bool { received?.preparation?.checked ?? false }
    /// `payloadJSON` proven NFC UTF-8 as it is, when a receiving thread proved it.
    public var canonicalPayload: CanonicalUTF8? { received?.preparation?.canonicalPayload }
    /// What a receiver worked out ahead of the writer: the prepared filing, the chain link.
    /// Boxed: an event is copied several times on its way into the log, and each copy
    /// retained every string of the prepared filing and dossier, a tenth of applying it.
    private var received: ReceivedWork?

    private final class ReceivedWork: Sendable {
        let preparation: EventPreparation?
        /// The link (`EventChain.link`) computed after `previous`.
        let link: (previous: [UInt8], link: [UInt8])?

        init(preparation: EventPreparation?, link: (previous: [UInt8], link: [UInt8])?) {
            self.preparation = preparation
            self.link = link
        }
    }
    /// The province streams the event belongs to (event format 2, `StreamTag`), sorted by
    /// province; empty for an event of format 1, written before provinces were tagged.
    /// Part of the signed content (`EventChain.canonicalBytes`).
    public let tags: [StreamTag]
    /// This event's link in its origin's hash chain (`EventChain`): SHA-256 over the
    /// previous link and this event's canonical bytes. Empty until the event is stored
    /// (the log computes it; it is not sent, receivers compute it again).
    public let chain: [UInt8]
    /// The origin's Ed25519 signature over `chain` (`EventChain.signedMessage`), made
    /// when the origin stored the event; empty for events written before nodes signed.
    /// Because the chain covers every earlier event of the origin, one verified
    /// signature vouches for the whole history up to it.
    public let signature: [UInt8]
    /// The chain link of the origin's event before this one, carried with an event of a
    /// sparse stream (`SparseStreamAuthentication`): its receiver does not hold that
    /// event, and computes this one's link over it. Empty otherwise. Not part of the
    /// event's content nor of its equality: whoever sends it vouches for nothing; the
    /// stream's signed tags and the origin's signature check it.
    public var predecessorLink: [UInt8] = []

    public init(
        origin: String, sequence: Int64, timestamp: HLCTimestamp, dossierCode: String,
        kind: EventKind, actor: String, centre: String, payload: JSONValue,
        tags: [StreamTag] = [], chain: [UInt8] = [], signature: [UInt8] = []
    ) {
        self.init(
            origin: origin, sequence: sequence, timestamp: timestamp, dossierCode: dossierCode, kind: kind, actor: actor,
            centre: centre, payloadJSON: JSONWriter.serialize(payload), parsed: payload, tags: tags, chain: chain, signature: signature)
    }

    /// A received event whose payload was indexed as plain canonical JSON (`PlainCanonicalJSON`,
    /// which vouches for the bytes). A step's tree is built here, on the receiving thread: the
    /// writer folds steps from it. A filing's is not: it is read through `payloadReader`.
    public init(
        origin: String, sequence: Int64, timestamp: HLCTimestamp, dossierCode: String,
        kind: EventKind, actor: String, centre: String, payload: PlainCanonicalJSON, tags: [StreamTag] = [], signature: [UInt8] = []
    ) {
        self.init(
            origin: origin, sequence: sequence, timestamp: timestamp, dossierCode: dossierCode, kind: kind, actor: actor,
            centre: centre, payloadJSON: payload.bytes, parsedAs: kind == .filed ? .plain(payload) : .tree(payload.root.value),
            tags: tags, chain: [], signature: signature)
    }

    /// An event whose payload is already canonical JSON: as stored in a log, or as received
    /// and checked (`payload`, when the caller parsed it on the way, saves parsing it again).
    /// The caller vouches that `payloadJSON` is a JSON object in canonical form.
    public init(
        origin: String, sequence: Int64, timestamp: HLCTimestamp, dossierCode: String,
        kind: EventKind, actor: String, centre: String, payloadJSON: [UInt8], parsed payload: JSONValue? = nil,
        tags: [StreamTag] = [], chain: [UInt8] = [], signature: [UInt8] = []
    ) {
        self.init(
            origin: origin, sequence: sequence, timestamp: timestamp, dossierCode: dossierCode, kind: kind, actor: actor,
            centre: centre, payloadJSON: payloadJSON, parsedAs: payload.map(ParsedPayload.tree), tags: tags, chain: chain,
            signature: signature)
    }

    private init(
        origin: String, sequence: Int64, timestamp: HLCTimestamp, dossierCode: String, kind: EventKind, actor: String,
        centre: String, payloadJSON: [UInt8], parsedAs payload: ParsedPayload?, tags: [StreamTag], chain: [UInt8], signature: [UInt8]
    ) {
        precondition(sequence >= 1, "event sequences start at 1")
        self.origin = origin
        self.sequence = sequence
        self.timestamp = timestamp
        self.dossierCode = dossierCode
        self.kind = kind
        self.actor = actor
        self.centre = centre
        self.payloadJSON = payloadJSON
        self.parsedPayload = payload
        self.tags = tags
        self.chain = chain
        self.signature = signature
    }

    /// Kind-specific data; see `DossierReducer` for what each kind carries. Parsed from
    /// `payloadJSON` on each use when the event was made from bytes alone: bind it once.
    public var payload: JSONValue {
        switch parsedPayload {
        case .tree(let tree): return tree
        case .plain(let plain): return plain.root.value
        case nil: break
        }
        do {
            return try JSONParser().parse(payloadJSON)
        } catch {
            // Whoever made the event from bytes vouched for them (the log wrote them, the
            // peer codec checked them); only a database altered under the node gets here.
            preconditionFailure("the payload of event \(id) is not JSON (\(error)): the log was altered; run casectl audit")
        }
    }

    /// The payload's members (path "payload"), read without building a tree where the bytes
    /// were indexed; for what is read on a hot path (a filing's fields, an idempotency record).
    /// Throws as `JSONObjectReader` does for a payload that is not an object.
    public func payloadReader() throws(ValidationIssue) -> JSONObjectReader {
        if case .plain(let plain) = parsedPayload { return try JSONObjectReader(.plain(plain.root), path: "payload") }
        return try JSONObjectReader(payload, path: "payload")
    }

    /// Equal events have equal fields, the payload compared as its canonical bytes.
    public static func == (lhs: ChangeEvent, rhs: ChangeEvent) -> Bool {
        lhs.origin == rhs.origin && lhs.sequence == rhs.sequence && lhs.timestamp == rhs.timestamp
            && lhs.dossierCode == rhs.dossierCode && lhs.kind == rhs.kind && lhs.actor == rhs.actor
            && lhs.centre == rhs.centre && lhs.payloadJSON == rhs.payloadJSON && lhs.tags == rhs.tags && lhs.chain == rhs.chain
            && lhs.signature == rhs.signature
    }

    /// The same event with its chain link and signature.
    public func sealed(chain: [UInt8], signature: [UInt8]) -> ChangeEvent {
        var sealed = ChangeEvent(
            origin: origin, sequence: sequence, timestamp: timestamp, dossierCode: dossierCode, kind: kind,
            actor: actor, centre: centre, payloadJSON: payloadJSON, parsedAs: parsedPayload, tags: tags, chain: chain,
            signature: signature)
        sealed.received = received
        sealed.predecessorLink = predecessorLink
        return sealed
    }

    /// The same unsealed event in the province streams `tags` (event format 2): what an
    /// origin stores once it has tagged it (`EventTagging`).
    public func tagged(_ tags: [StreamTag]) -> ChangeEvent {
        precondition(chain.isEmpty, "an event is tagged before it is sealed: its tags are part of what is signed")
        // Without what a receiver worked out for it: a chain link worked out before the tags would be wrong.
        return ChangeEvent(
            origin: origin, sequence: sequence, timestamp: timestamp, dossierCode: dossierCode, kind: kind,
            actor: actor, centre: centre, payloadJSON: payloadJSON, parsedAs: parsedPayload, tags: tags, chain: [], signature: [])
    }

    /// The filing's payload decoded, when it was prepared.
    public var decodedFiling: FiledPayload? { prepared?.filing }

    /// The same event with its `preparation` attached: what the writer would otherwise work
    /// out itself. A receiver prepares events on the thread that read them from the network:
    /// the one writer, which every received event passes through in turn, then finds the
    /// work done (it was half of storing a new dossier's filing).
    public func preparedForStorage() -> ChangeEvent {
        var prepared = self
        prepared.attach(preparation(), link: nil)
        return prepared
    }

    /// What storing this received event takes apart from its chain link, worked out reading
    /// it in place (a receiving thread calls it on each event of a batch): whether it passes
    /// `ReceivedEventRules`, its payload proven NFC, and for a filing the dossier it starts
    /// (decoded, folded, the state's stored bytes and digest term). An event that fails the
    /// rules is left for the writer's validation to refuse, with its reason.
    public func preparation() -> EventPreparation {
        let canonicalPayload = CanonicalUTF8(checking: payloadJSON)
        guard case .success(let filing) = ReceivedEventRules.check(self) else {
            return EventPreparation(checked: false, filing: nil, canonicalPayload: canonicalPayload)
        }
        return EventPreparation(checked: true, filing: prepared ?? filing.flatMap(preparedFiling), canonicalPayload: canonicalPayload)
    }

    /// The dossier this filing starts, from its decoded payload; nil if it does not fold.
    private func preparedFiling(_ filing: FiledPayload) -> PreparedFiling? {
        guard let state = try? DossierReducer.fold([self], filings: [id: filing]) else { return nil }
        return PreparedFiling(filing: filing, state: state)
    }

    /// The chain link after `previous` (`EventChain.link`), worked out ahead of the writer:
    /// each origin's links are a chain of hashes the single writer otherwise computed one
    /// after another. Attached with `attach`, the writer takes it only after the same link.
    public func link(after previous: [UInt8]) -> [UInt8] {
        EventChain.computedLink(after: previous, self)
    }

    /// Keeps what a receiver worked out for this event (its `preparation`, its link after
    /// `link.previous`), in place: an event copied for each piece of work retained each of
    /// its strings and arrays again, from two threads at once. Work already attached stays
    /// where nothing new is given.
    public mutating func attach(_ preparation: EventPreparation?, link: (previous: [UInt8], link: [UInt8])?) {
        guard preparation != nil || link != nil else { return }
        // The writer trusts what is attached; whoever attaches must have worked it out from this event.
        assert(preparation.map(isOwn) ?? true, "a preparation attached to event \(id) is another event's")
        assert(link.map { EventChain.computedLink(after: $0.previous, self) == $0.link } ?? true, "a link attached to event \(id) is not its own")
        received = ReceivedWork(preparation: preparation ?? received?.preparation, link: link ?? received?.link)
    }

    /// Whether `preparation` is what `preparation()` gives for this event (debug assertions).
    private func isOwn(_ preparation: EventPreparation) -> Bool {
        let own = self.preparation()
        return preparation.checked == own.checked && preparation.filing?.filing == own.filing?.filing
            && preparation.canonicalPayload?.bytes == own.canonicalPayload?.bytes
    }

    /// The link `linked(after:)` worked out, if it was after `previous`.
    func knownLink(after previous: [UInt8]) -> [UInt8]? {
        guard let known = received?.link, known.previous == previous else { return nil }
        return known.link
    }

    /// The same event without chain link and signature: what it says, not who vouches for it.
    public var content: ChangeEvent { sealed(chain: [], signature: []) }

    public var id: EventID { EventID(origin: origin, sequence: sequence) }

    /// The order in which events are folded into a dossier's state, the same on every node.
    public static func foldOrder(_ lhs: ChangeEvent, _ rhs: ChangeEvent) -> Bool {
        if lhs.timestamp != rhs.timestamp { return lhs.timestamp < rhs.timestamp }
        return lhs.id < rhs.id
    }
}

/// The identity of an event: its origin node and its sequence there.
public struct EventID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let origin: String
    public let sequence: Int64

    public init(origin: String, sequence: Int64) {
        self.origin = origin
        self.sequence = sequence
    }

    public static func < (lhs: EventID, rhs: EventID) -> Bool {
        if lhs.origin != rhs.origin { return lhs.origin < rhs.origin }
        return lhs.sequence < rhs.sequence
    }

    public var description: String { "\(origin)/\(sequence)" }
}
