import CaseCore
import XCTest

/// Clerks in their lane (`DossierLane`): every action × status × handling centre (the clerk's
/// own or another) × receiving centre (the clerk's own or another) × caller, at node n1,
/// against a table written out by hand.
final class DossierLaneTests: XCTestCase {
    private let ownClerk = ActingAuthority.clerk(centre: "n1")

    /// What a clerk of n1, at n1, may take on a dossier in `status`, by the dossier's centres.
    private func expectedForOwnClerk(handledHere: Bool, receivedHere: Bool, status: DossierStatus) -> Set<WorkflowAction> {
        let everyClerkAction = Set(WorkflowAction.clerkActions)
        if handledHere { return everyClerkAction }
        if receivedHere && status == .submitted { return [.accept, .refuse, .requestSupplement, .note] }
        return [.note]
    }

    func testEveryActionStatusAndCentreForAClerkOfThisNodeAnAdminAndAClerkOfAnotherNode() {
        var checked = 0
        for action in WorkflowAction.allCases {
            for status in DossierStatus.allCases {
                for handling in ["n1", "n2"] {
                    for receiving in ["n1", "n3"] {
                        let context = "\(action.rawValue) on a \(status.rawValue) dossier handled by \(handling), received at \(receiving)"
                        let verdict = { (authority: ActingAuthority) in
                            DossierLane.verdict(
                                action, status: status, handlingCentre: handling, receivingCentre: receiving, by: authority, atNode: "n1")
                        }
                        let expected: DossierLane.Verdict
                        if WorkflowAction.adminActions.contains(action) {
                            expected = .adminOnly
                        } else if expectedForOwnClerk(handledHere: handling == "n1", receivedHere: receiving == "n1", status: status).contains(action) {
                            expected = .allowed
                        } else {
                            expected = .notHandlingCentre
                        }
                        XCTAssertEqual(verdict(ownClerk), expected, "clerk of n1: \(context)")
                        XCTAssertEqual(verdict(.admin), .allowed, "admin: \(context)")
                        XCTAssertEqual(verdict(.clerk(centre: "n2")), .wrongCentre, "clerk of n2 at n1: \(context)")
                        checked += 1
                    }
                }
            }
        }
        XCTAssertEqual(checked, WorkflowAction.allCases.count * DossierStatus.allCases.count * 4)
    }

    func testTheIntakeStepsAreAcceptRefuseAndASupplementRequestWhileSubmitted() {
        XCTAssertEqual(DossierLane.intakeActions, [.accept, .refuse, .requestSupplement])
        XCTAssertEqual(DossierLane.intakeStatus, .submitted)
        // A receiving centre may ask for papers at intake, but not once another centre processes the dossier.
        XCTAssertEqual(
            DossierLane.verdict(.requestSupplement, status: .processing, handlingCentre: "n2", receivingCentre: "n1", by: ownClerk, atNode: "n1"),
            .notHandlingCentre)
    }

    func testATokenGivesAdminsAndClerksTheirAuthorityAndMonitorsNone() {
        let admin = TokenRecord(id: "00000000000000aa", name: "admin@n1", role: .admin, centre: nil, createdAtMs: 0, secretHash: [])
        let clerk = TokenRecord(id: "00000000000000bb", name: "Lê Thị Hoa", role: .clerk, centre: "n1", createdAtMs: 0, secretHash: [])
        let monitor = TokenRecord(id: "00000000000000cc", name: "Giám sát", role: .monitor, centre: nil, createdAtMs: 0, secretHash: [])
        XCTAssertEqual(ActingAuthority(admin), .admin)
        XCTAssertEqual(ActingAuthority(clerk), .clerk(centre: "n1"))
        XCTAssertNil(ActingAuthority(monitor))
        XCTAssertTrue(ActingAuthority.admin.mayChange(atNode: "n7"))
        XCTAssertTrue(ownClerk.mayChange(atNode: "n1"))
        XCTAssertFalse(ownClerk.mayChange(atNode: "n2"))
    }
}
