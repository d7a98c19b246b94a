import CaseCore
import CaseStorage
import Foundation
import XCTest
@testable import CaseNode

/// Several centres' services over one database, as a node holds every centre's dossiers once
/// replication has brought them in, driven by one manual clock. Every step the test takes is
/// also written into `ledger`, from which the tests fold the figures a report should show.
final class ReportScenario {
    let store: CaseStore
    let clock: ManualClock
    private(set) var services: [String: DossierService] = [:]
    private(set) var ledger: [String: PlannedDossier] = [:]
    let path: String

    static let centres = ["n1", "n2", "n3", "n4"]

    init(now: String) throws {
        path = NSTemporaryDirectory() + "casestore-report-\(UUID().uuidString).sqlite"
        store = try CaseStore(path: path)
        clock = ManualClock(now)
        for (index, centre) in Self.centres.enumerated() {
            services[centre] = try DossierService(
                nodeID: centre, agency: "000.00.1\(index).H56", store: store, catalogue: ServiceFixture.catalogue,
                calendar: try WorkingCalendar(holidays: []), clock: clock)
        }
    }

    deinit {
        store.close()
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    /// The service of the node this report is asked of.
    var n1: DossierService { services["n1"]! }

    /// Files a dossier at `centre` at `iso`; returns its code.
    @discardableResult
    func file(
        at iso: String, centre: String, procedure: String = "1.001612", competent: String? = nil, online: Bool = false
    ) throws -> String {
        clock.set(iso)
        let request = FilingRequest(
            procedureCode: procedure, applicant: Applicant(fullName: "Phạm Thị Lan", idNumber: "001190012345"),
            competentCentre: competent, channel: online ? .online : .counter)
        let dossier = try services[centre]!.file(request)
        ledger[dossier.code] = PlannedDossier(
            code: dossier.code, procedure: procedure, receivingCentre: centre, competentCentre: competent ?? centre,
            receivedAt: dossier.receivedAt, steps: [PlannedStep(at: dossier.receivedAt, centre: centre, kind: .filed(online: online), dueAfter: dossier.dueAt)])
        return dossier.code
    }

    /// Takes `action` on `code` at `centre` at `iso`, and notes what it means for reports.
    func act(_ code: String, _ action: WorkflowAction, at iso: String, centre: String, to: String? = nil, newDueAt: String? = nil) throws {
        clock.set(iso)
        let request = ActionRequest(
            action: action, toCentre: to, newDueAt: newDueAt.flatMap(VietnamTime.parseISO8601),
            reason: [.apologize, .refuse, .stop, .requestSupplement].contains(action) ? "thiếu cán bộ" : nil)
        let before = try XCTUnwrap(ledger[code])
        // A handover is an admin's; every other step is taken by a clerk of `centre`, in its lane.
        let dossier = try services[centre]!.act(on: code, request, by: action == .handover ? .admin : .clerk(centre: centre))
        let at = try XCTUnwrap(dossier.history.last?.at)
        let kind: PlannedStep.Kind
        switch action {
        case .apologize: kind = .apology
        case .handover: kind = .handover(from: before.handlingCentre, to: dossier.handlingCentre)
        case .transfer: kind = .transfer(to: dossier.handlingCentre)
        case .accept: kind = .accepted
        case .resolve: kind = .resolved
        case .stop: kind = .closed
        case .refuse: kind = .refused
        case .requestSupplement: kind = .supplementRequest
        case .requestWithdrawal: kind = .withdrawal
        default: kind = .other
        }
        ledger[code]?.steps.append(PlannedStep(at: at, centre: centre, kind: kind, dueAfter: dossier.dueAt))
    }

    /// `act` for several steps at the same centre, one minute apart from `iso`.
    func act(_ code: String, _ actions: [WorkflowAction], from iso: String, centre: String) throws {
        let start = try XCTUnwrap(VietnamTime.parseISO8601(iso))
        for (index, action) in actions.enumerated() {
            try act(code, action, at: VietnamTime.iso8601(start.adding(milliseconds: Int64(index) * 60_000)), centre: centre)
        }
    }
}

/// What the test did to one dossier, as the test itself recorded it.
struct PlannedDossier {
    var code: String
    var procedure: String
    var receivingCentre: String
    var competentCentre: String
    var receivedAt: Instant
    var steps: [PlannedStep]

    /// Where it is handled after every step so far: the competent centre, moved by transfers and handovers.
    var handlingCentre: String { holder(afterSteps: steps.count) }

    /// Where it was handled after its first `count` steps.
    func holder(afterSteps count: Int) -> String {
        steps.prefix(count).reduce(competentCentre) { centre, step in
            switch step.kind {
            case .transfer(let to), .handover(_, let to): return to
            default: return centre
            }
        }
    }

    /// Where it was handled just before `instant`.
    func holder(before instant: Instant) -> String {
        holder(afterSteps: steps.count { $0.at < instant })
    }

    /// The step that received it: its counter filing, or the acceptance of its online submission.
    var receipt: Int? {
        steps.firstIndex { step in
            switch step.kind {
            case .filed(let online): return !online
            case .accepted: return true
            default: return false
            }
        }
    }

    /// The step that finished it, if any.
    var finish: PlannedStep? {
        steps.first { step in
            if case .resolved = step.kind { return true }
            if case .closed = step.kind { return true }
            return false
        }
    }

    /// The due date "on time" is judged by: the one in force before its first apology, if it
    /// had one (an apology does not make a late dossier on time); else the last one.
    var dueJudgedByStatistics: (due: Instant, apologised: Bool) {
        guard let first = steps.firstIndex(where: { if case .apology = $0.kind { return true } else { return false } }) else {
            return (steps[steps.count - 1].dueAfter, false)
        }
        return (steps[first - 1].dueAfter, true)
    }

    /// The due date in force just before `instant`: the one the service answered after the last earlier step.
    func dueInForce(before instant: Instant) -> Instant {
        steps.last { $0.at < instant }?.dueAfter ?? steps[0].dueAfter
    }
}

/// One step the test took.
struct PlannedStep {
    enum Kind {
        case filed(online: Bool), accepted, apology, transfer(to: String), handover(from: String, to: String)
        case resolved, closed, refused, supplementRequest, withdrawal, other
    }

    var at: Instant
    var centre: String
    var kind: Kind
    /// The dossier's due date as the service answered right after this step.
    var dueAfter: Instant
}
