import CaseCore
import CaseNet
import CaseSupport
import CaseSQLite
import CaseSystem

/// Maps HTTP requests to the node's operations and their answers to JSON.
///
/// Every error is `{"error":{"code":"...","message":"..."}}` with a fitting
/// status: 400 malformed, 401 no or bad token, 403 token not allowed here,
/// 404 unknown (or `not_held`, naming more fields: a dossier of another province),
/// 405 wrong method, 409 illegal step, 422 invalid content, 503/507 storage trouble.
///
/// Every request but `/healthz` needs a bearer token whose role allows its route
/// (`Route.requiredPermission`); changes are recorded as the token's name.
public struct APIRouter: Sendable {
    public let service: DossierService
    public let metrics: NodeMetrics
    public let replication: ReplicationRuntime?
    /// The holiday file and the root's published schedules; nil answers 404 on the holiday routes.
    public let holidays: HolidayCalendarKeeper?
    public let clusterID: String
    /// This node's province, shown by `/v1/cluster`.
    public let province: ProvinceCode
    /// The centre's display name (`--name`), shown by `/healthz` and `/v1/cluster`.
    public let nodeName: String
    #if FAULT_INJECTION
    /// The fault-injecting VFS under the node's database (`--debug-faults`); nil otherwise,
    /// and then `POST /v1/debug/storage` does not exist.
    public var storageFaults: FaultInjectingVFS?
    #endif
    /// Runs `POST /v1/admin/backup`; nil answers 404 (a router without the node's database at hand).
    public let backup: NodeBackup?
    /// The API tokens every request but `/healthz` is checked against.
    public let tokens: TokenRegistry
    /// Where the receipt's QR code points (`--public-url`).
    public let publicLookup: PublicLookupBase
    /// The citizen lookup's limits on wrong attempts (docs/lookup.md).
    public let lookupGuard: LookupGuard
    /// Where filings and re-issues take their lookup PINs, hashed ahead while the node is idle.
    public let lookupPins: LookupPinReserve
    let authorizer: RequestAuthorizer

    public init(
        service: DossierService, metrics: NodeMetrics, tokens: TokenRegistry, replication: ReplicationRuntime? = nil,
        holidays: HolidayCalendarKeeper? = nil,
        clusterID: String = "", province: ProvinceCode = .unnamed, nodeName: String? = nil, backup: NodeBackup? = nil,
        publicLookup: PublicLookupBase = PublicLookupBase("http://127.0.0.1:7400"), lookupGuard: LookupGuard = LookupGuard(),
        lookupPins: LookupPinReserve = LookupPinReserve()
    ) {
        self.publicLookup = publicLookup
        self.lookupGuard = lookupGuard
        self.lookupPins = lookupPins
        self.service = service
        self.tokens = tokens
        self.authorizer = RequestAuthorizer(registry: tokens, nodeID: service.nodeID)
        self.metrics = metrics
        self.replication = replication
        self.holidays = holidays
        self.clusterID = clusterID
        self.province = province
        self.nodeName = nodeName ?? service.nodeID
        self.backup = backup
    }

    /// Judges a request on its head, before the server reads any of its body: a missing,
    /// unknown or revoked token is answered 401 and a token this route does not allow
    /// 403 without the body ever being read; otherwise the body is read and answered by
    /// the route. A valid token, even one refused 403, marks the connection as an
    /// authenticated caller's (see `HTTPHeadDecision`).
    public func decide(_ head: HTTPRequestHead) -> HTTPHeadDecision {
        let route = Route(head)
        switch authorizer.authorize(head, route: route) {
        case .failure(let refusal):
            metrics.recordRequest(route: route.name, status: refusal.status)
            return .answer(refusal.response, authenticated: refusal.isAuthenticated)
        case .success(let caller):
            return .readBody(authenticated: caller != nil) { request in
                let response = serve(request, route: route, caller: caller)
                metrics.recordRequest(route: route.name, status: response.status)
                return response
            }
        }
    }

    /// Both steps at once, for callers that already hold the whole request (tests, tools).
    public func handle(_ request: HTTPRequest) -> HTTPResponse {
        switch decide(request.head) {
        case .answer(let response, _): return response
        case .readBody(_, let respond): return respond(request)
        }
    }

    private func serve(_ request: HTTPRequest, route: Route, caller: TokenRecord?) -> HTTPResponse {
        do {
            return try respond(to: request, route: route, caller: caller)
        } catch {
            return .error(status: error.httpStatus, code: error.code, message: error.message, details: error.details)
        }
    }

    /// `caller` is the token's record, nil only on an open route.
    private func respond(to request: HTTPRequest, route: Route, caller: TokenRecord?) throws(ServiceError) -> HTTPResponse {
        // A damaged database is not served: only health, metrics and debug controls answer.
        if ![.health, .metrics, .debugStorage].contains(route) { try service.storageGate.checkServing() }
        switch (route, request.method) {
        case (.dossiers, "POST"): return try fileDossier(request, caller: caller)
        case (.dossiers, "GET"): return try searchDossiers(request)
        case (.dossier(let code), "GET"): return try showDossier(code)
        case (.actions(let code), "POST") where Self.asksToSettle(request):
            if let refusal = authorizer.authorizeSettle(caller, request.head, route: route) {
                throw ServiceError(httpStatus: refusal.status, code: refusal.code, message: refusal.message)
            }
            return try settleConflicts(code, request, caller: caller)
        case (.actions(let code), "POST"): return try applyAction(code, request, caller: caller)
        case (.procedures, "GET"): return procedures()
        case (.cluster, "GET"): return try cluster()
        case (.conflicts, "GET"): return try listConflicts(request)
        case (.events, "GET"): return try latestEvents(request)
        case (.digest, "GET"): return try digest(request)
        case (.digestDossiers, "GET"): return try digestDossiers(request)
        case (.health, "GET"): return health()
        case (.metrics, "GET"): return try renderMetrics()
        case (.adminRetire, "POST"): return try retire(request, caller: caller)
        case (.adminReadmit, "POST"): return try readmit(request)
        case (.debugStorage, "POST"): return try debugStorage(request)
        case (.adminBackup, "POST"): return try runBackup(request)
        case (.adminBackupStatus, "GET"): return try backupStatus()
        case (.adminAudit, "GET"): return try audit()
        case (.reports, "GET"): return try report(request)
        case (.dossierForm(let code, let form), "GET"): return try dossierForm(code: code, form: form)
        case (.dossierForm(let code, let form), "POST"): return try dossierFormWithPin(code: code, form: form, request)
        case (.lookup(let code), "GET"): return try lookupJSON(code, request)
        case (.lookupPage, "GET"), (.lookupPage, "POST"): return try lookupPage(request)
        case (.lookupPin(let code), "POST"): return try reissueLookupPin(code, caller: caller)
        case (.register(let form), "GET"): return try registerForm(form, request)
        case (.adminTokens, "GET"): return try listTokens(request)
        case (.adminTokens, "POST"): return try createToken(request)
        case (.adminTokenRevoke(let id), "POST"): return try revokeToken(id, request)
        case (.holidays, "GET"): return try holidaySchedules(request)
        case (.adminHolidays, "POST"): return try publishHolidays(request)
        case (.provinces, "GET"): return try provinces(request)
        case (.adminProvinceMerges, "POST"): return try mergeProvinces(request)
        case (.unknown, _):
            throw ServiceError.notFound("no such endpoint: \(request.path); see the README for the API")
        default:
            throw ServiceError(
                httpStatus: 405, code: "method_not_allowed",
                message: "\(request.method) is not allowed on \(request.path); allowed: \(route.allowedMethods.joined(separator: ", "))")
        }
    }

    private func fileDossier(_ request: HTTPRequest, caller: TokenRecord?) throws(ServiceError) -> HTTPResponse {
        let body = try Self.jsonBody(request)
        let actor = try Self.actor(of: caller, body: body)
        var filing: FilingRequest
        do {
            filing = try FilingRequest(json: body)
        } catch {
            throw ServiceError.invalid(error)
        }
        filing.actor = actor
        filing.idempotency = try Self.idempotency(of: request, caller: caller, target: "POST /v1/dossiers", body: body)
        let durability = try ReplicaRequest(request)
        // Taken before the write transaction: hashing takes about a millisecond (LookupPinHash),
        // so the reserve hashes ahead while the node is idle.
        let prepared = lookupPins.take()
        filing.lookupPin = prepared.hash
        let outcome = try service.fileOrReplay(filing)
        if !outcome.replayed { metrics.filings.increment() }
        // A replayed retry cannot know the PIN the first request made: none is shown, and a
        // new one is re-issued if the first answer was lost (docs/lookup.md).
        var response = answer(outcome, created: 201, durability: durability, lookupPin: outcome.replayed ? nil : prepared.pin)
        response.headers.add("Location", "/v1/dossiers/\(outcome.dossier.code)")
        return response
    }

    private func applyAction(_ code: String, _ request: HTTPRequest, caller: TokenRecord?) throws(ServiceError) -> HTTPResponse {
        let body = try Self.jsonBody(request)
        let actor = try Self.actor(of: caller, body: body)
        var action: ActionRequest
        do {
            action = try ActionRequest(json: body)
        } catch {
            throw ServiceError.invalid(error)
        }
        action.actor = actor
        action.idempotency = try Self.idempotency(of: request, caller: caller, target: "POST /v1/dossiers/\(code)/actions", body: body)
        let durability = try ReplicaRequest(request)
        let outcome = try service.actOrReplay(on: code, action, by: Self.authority(of: caller))
        if !outcome.replayed { metrics.actions.increment(labels: ["action": action.action.rawValue]) }
        return answer(outcome, created: 200, durability: durability)
    }

    /// The request's `Idempotency-Key` as a record scoped to the caller's token, nil without
    /// one. A malformed key, or more than one, is refused (400) before anything is decided.
    static func idempotency(of request: HTTPRequest, caller: TokenRecord?, target: String, body: JSONValue) throws(ServiceError) -> IdempotencyRecord? {
        let keys = request.headers.values(for: idempotencyHeader)
        guard let key = keys.first else { return nil }
        guard let caller else { preconditionFailure("a change is only served to a caller with a token (Route.requiredPermission)") }
        do throws(ValidationIssue) {
            guard keys.count == 1 else { throw ValidationIssue(field: idempotencyHeader, message: "is given \(keys.count) times; send it once") }
            return try IdempotencyRecord(key: key, scope: caller.id, target: target, body: body)
        } catch {
            throw ServiceError(httpStatus: 400, code: "invalid_idempotency_key", message: error.description)
        }
    }

    static let idempotencyHeader = "Idempotency-Key"

    /// A change's answer: `created` for a new one, 200 with `Idempotent-Replayed: true` for a
    /// retry answered with the original dossier (as it stands now).
    private func answer(_ outcome: DossierService.Outcome, created: Int, durability: ReplicaRequest?, lookupPin: LookupPin? = nil) -> HTTPResponse {
        var response = answer(outcome.dossier, status: outcome.replayed ? 200 : created, durability: durability, lookupPin: lookupPin)
        if outcome.replayed { response.headers.add("Idempotent-Replayed", "true") }
        return response
    }

    /// The answer to a change that is durable here. With `?replicas=N` it first waits
    /// (bounded) for N other members to hold it; on timeout it says plainly that the
    /// change is accepted locally and replication is pending (202), never an error
    /// that would make a clerk file twice.
    /// `lookupPin`: the PIN a filing just made, shown in this one answer only (`lookupPin`).
    func answer(_ dossier: Dossier, status: Int, durability: ReplicaRequest?, lookupPin: LookupPin? = nil) -> HTTPResponse {
        guard case .object(var body) = dossier.json(now: service.now) else { preconditionFailure("a dossier encodes as an object") }
        body["lookupPin"] = lookupPin.map { .string($0.text) }
        guard let durability, let replication, let event = dossier.history.last?.event else {
            return .json(status, .object(body))
        }
        let confirmed = replication.waitForReplicas(of: event, count: durability.replicas, timeoutMs: durability.timeoutMs)
        let pending = confirmed < durability.replicas
        var report: [String: JSONValue] = [
            "requested": .int(Int64(durability.replicas)), "confirmed": .int(Int64(confirmed)), "pending": .bool(pending),
        ]
        if pending {
            report["message"] = .string(
                "accepted and durable on this node; replication to \(durability.replicas) other node(s) is pending (\(confirmed) confirmed within \(durability.timeoutMs) ms): do not file again")
        }
        body["replication"] = .object(report)
        return .json(pending ? 202 : status, .object(body))
    }

    private func cluster() throws(ServiceError) -> HTTPResponse {
        guard let replication else { throw ServiceError.notFound("this node runs without replication") }
        do {
            return .json(200, try replication.snapshot().json(
                clusterID: clusterID, province: service.store.streams.province ?? province, name: nodeName, dossierCount: try dossierCount(),
                streams: service.store.streams))
        } catch {
            throw ServiceError.storage(error)
        }
    }

    private func showDossier(_ code: String) throws(ServiceError) -> HTTPResponse {
        .json(200, try service.dossier(code: code).json(now: service.now))
    }

    private func searchDossiers(_ request: HTTPRequest) throws(ServiceError) -> HTTPResponse {
        let query = try SearchParameters.query(from: request)
        let page = try service.search(query)
        let now = service.now
        return .json(200, [
            "items": .array(page.items.map { $0.json(now: now) }),
            "total": .int(Int64(page.total)),
            "limit": .int(Int64(query.limit)),
            "offset": .int(Int64(query.offset)),
        ])
    }

    private func procedures() -> HTTPResponse {
        .json(200, ["items": .array(service.catalogue.all.map(\.json))])
    }

    private func renderMetrics() throws(ServiceError) -> HTTPResponse {
        let statistics = try service.statistics()
        metrics.update(countsByStatus: statistics.countsByStatus, eventCount: statistics.eventCount)
        metrics.update(groupCommit: service.groupCommitStatistics)
        metrics.update(checkpoints: service.checkpointStatistics)
        if let coverage = service.calendar.coverage {
            metrics.update(calendar: coverage, today: VietnamTime.civilDate(of: service.now))
        }
        let cluster = try? replication?.snapshot()
        if let replication {
            metrics.update(replication: replication.statistics, cluster: cluster)
            metrics.update(transport: replication.transportCounters)
            metrics.replication.set(Double(replication.droppedMessages), labels: ["counter": "messages_dropped_backlog"])
        }
        metrics.update(province: service.store.streams.province ?? province)
        try updateProvinceFigures(cluster: cluster)
        return HTTPResponse(
            status: 200, headers: ["Content-Type": "text/plain; version=0.0.4; charset=utf-8"], body: Array(metrics.render().utf8))
    }

    /// The per-province gauges of a node divided into provinces; nothing for one without.
    private func updateProvinceFigures(cluster: ClusterSnapshot?) throws(ServiceError) {
        let scope = service.store.streams
        guard scope.isDivided else { return }  // spares a node without provinces a scan of its log
        let records = cluster?.members.map(\.view.record) ?? []
        if let figures = ProvinceFigures(scope: scope, members: records, eventsByOrigin: try service.eventCountsByOrigin()) {
            metrics.update(provinces: figures)
        }
    }

    /// Liveness, plus the holiday calendar's reach when it has one: `warnings` appears when
    /// there is something an admin must act on (`CalendarCoverage.warnings`). The node stays
    /// "ok": it serves every dossier it can date.
    private func health() -> HTTPResponse {
        var body: [String: JSONValue] = [
            "status": "ok", "node": .string(service.nodeID), "name": .string(nodeName), "agency": .string(service.agency),
        ]
        if let coverage = service.calendar.coverage {
            let today = VietnamTime.civilDate(of: service.now)
            var calendar: [String: JSONValue] = ["coveredThrough": .string(coverage.dates.upperBound.iso)]
            calendar["officialThrough"] = coverage.officialDates.map { .string($0.upperBound.iso) }
            body["calendar"] = .object(calendar)
            let warnings = coverage.warnings(on: today)
            if !warnings.isEmpty { body["warnings"] = .array(warnings.map { .string($0) }) }
        }
        return .json(200, .object(body))
    }

    /// Who a change is recorded as: the caller's token name. A body that still names an
    /// `actor` is refused (400) rather than silently overridden, so an old client learns
    /// that the token, not the body, says who acts.
    static func actor(of caller: TokenRecord?, body: JSONValue) throws(ServiceError) -> String {
        guard let caller else { preconditionFailure("a change is only served to a caller with a token (Route.requiredPermission)") }
        if body["actor"] != nil {
            throw ServiceError(
                httpStatus: 400, code: "actor_not_accepted",
                message: "the field 'actor' is not accepted: the token says who acts (this one is \(caller.name)); remove it")
        }
        return caller.name
    }

    /// What the caller's token lets it change: the lane its steps are held to (`DossierLane`).
    /// A monitor never gets here (`Route.requiredPermission`); were it to, it is refused.
    static func authority(of caller: TokenRecord?) throws(ServiceError) -> ActingAuthority {
        guard let caller else { preconditionFailure("a change is only served to a caller with a token (Route.requiredPermission)") }
        guard let authority = ActingAuthority(caller) else {
            throw ServiceError(
                httpStatus: 403, code: "forbidden", message: "token \(caller.id) (\(caller.name), \(caller.role.rawValue)) may only read")
        }
        return authority
    }

    /// Reads the body as JSON. Malformed JSON is a 400 (the request is broken, not its content).
    static func jsonBody(_ request: HTTPRequest) throws(ServiceError) -> JSONValue {
        guard !request.body.isEmpty else {
            throw ServiceError(httpStatus: 400, code: "invalid_json", message: "the request body is empty; expected a JSON object")
        }
        do {
            return try JSONParser().parse(request.body)
        } catch {
            throw ServiceError(httpStatus: 400, code: "invalid_json", message: error.description)
        }
    }
}

extension Fee {
    /// As the catalogue writes it: how it is counted only when not per case.
    var json: JSONValue {
        var object: [String: JSONValue] = ["name": .string(name), "amountVND": .int(amountVND)]
        if unit != .perCase { object["unit"] = .string(unit.rawValue) }
        object["fromPage"] = fromPage.map { .int(Int64($0)) }
        object["toPage"] = toPage.map { .int(Int64($0)) }
        object["maxPerCopyVND"] = maxPerCopyVND.map { .int($0) }
        return .object(object)
    }
}

extension Procedure {
    var json: JSONValue {
        var object: [String: JSONValue] = [
            "code": .string(code), "name": .string(name), "field": .string(field),
            "timeLimitWorkingDays": .int(Int64(timeLimitWorkingDays)),
            "fees": .array(fees.map(\.json)),
            "competentAuthority": .string(competentAuthority.rawValue),
            "competentAuthorityLabel": .string(competentAuthority.label),
            "locationIndependence": .string(locationIndependence.rawValue),
            "receivedAtCommuneCentre": .bool(receivedAtCommuneCentre),
        ]
        object["level"] = level.map { .string($0) }
        if !timeLimit.isWorkingDays {
            object["timeLimitUnit"] = .string(timeLimit.unit.rawValue)
            object["timeLimit"] = .int(Int64(timeLimit.amount))
        }
        return .object(object)
    }
}
