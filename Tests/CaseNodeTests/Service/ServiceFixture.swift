import CaseCore
import CaseNet
import CaseReplication
import CaseStorage
import Foundation
import Synchronization
import TestSupport
@testable import CaseNode
import CaseSQLite

/// A clock the test moves by hand.
final class ManualClock: WallClock, Sendable {
    private let current: Mutex<Int64>

    init(_ iso: String) {
        current = Mutex(VietnamTime.parseISO8601(iso)!.millisecondsSinceEpoch)
    }

    func nowMs() -> Int64 { current.withLock { $0 } }

    func set(_ iso: String) {
        let ms = VietnamTime.parseISO8601(iso)!.millisecondsSinceEpoch
        current.withLock { $0 = ms }
    }
}

/// A service over a fresh database in a temporary directory.
struct ServiceFixture {
    let service: DossierService
    let store: CaseStore
    let clock: ManualClock
    let path: String
    /// The node's token registry, holding one admin token (`adminToken`).
    let tokens: TokenRegistry
    /// The secret of the admin token `admin@<node id>`: the tests' requests carry it.
    let adminToken: String

    static let catalogue = try! ProcedureCatalogue(procedures: [
        Procedure(code: "1.001612", name: "Đăng ký khai sinh", field: "Hộ tịch", timeLimitWorkingDays: 1, fees: []),
        Procedure(code: "2.000635", name: "Chứng thực bản sao", field: "Chứng thực", timeLimitWorkingDays: 2,
                  fees: [Fee(name: "Lệ phí", amountVND: 2_000)]),
    ])

    init(
        now: String = "2025-07-01T09:00:00+07:00", nodeID: String = "n1", configuration: SQLiteConfiguration = SQLiteConfiguration(),
        calendar: WorkingCalendar? = nil, streams: StreamScope = .single
    ) throws {
        path = TestScratch.removeAtExit(NSTemporaryDirectory() + "casestore-service-\(UUID().uuidString).sqlite")
        store = try CaseStore(path: path, configuration: configuration, streams: streams)
        clock = ManualClock(now)
        service = try DossierService(
            nodeID: nodeID, agency: "000.00.12.H56", store: store, catalogue: Self.catalogue,
            calendar: try calendar ?? WorkingCalendar(holidays: []), clock: clock)
        tokens = try TokenRegistry(store: store)
        adminToken = try tokens.create(name: "admin@\(nodeID)", role: .admin, centre: nil, nowMs: clock.nowMs()).1.text
    }

    /// A clerk of the node's own centre, the authority most steps in the tests are taken with.
    var clerk: ActingAuthority { .clerk(centre: service.nodeID) }

    /// A new token's secret.
    func token(name: String, role: TokenRole, centre: String? = nil) throws -> String {
        try tokens.create(name: name, role: role, centre: centre, nowMs: clock.nowMs()).1.text
    }

    /// `headers` plus `Authorization: Bearer <token>` (the admin token by default).
    func authorized(_ headers: HTTPHeaders = [:], token: String? = nil) -> HTTPHeaders {
        var headers = headers
        headers.add("Authorization", "Bearer \(token ?? adminToken)")
        return headers
    }

    static func filing(name: String = "Nguyễn Văn Ánh", procedure: String = "1.001612") -> FilingRequest {
        FilingRequest(procedureCode: procedure, applicant: Applicant(fullName: name, idNumber: "001090012345"))
    }
}
