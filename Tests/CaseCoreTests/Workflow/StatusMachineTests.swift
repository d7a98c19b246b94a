import XCTest
@testable import CaseCore

final class StatusMachineTests: XCTestCase {
    /// DOMAIN.md's status machine, written out independently of the implementation.
    private let expectedTransitions: Set<String> = [
        "submitted>received", "submitted>refused", "submitted>supplement_requested",
        "received>processing",
        "processing>supplement_requested", "processing>payment_requested", "processing>stopped", "processing>resolved",
        "supplement_requested>processing", "supplement_requested>received", "supplement_requested>stopped",
        "payment_requested>processing",
        "submitted>withdraw_requested", "received>withdraw_requested", "processing>withdraw_requested",
        "supplement_requested>withdraw_requested", "payment_requested>withdraw_requested",
        "withdraw_requested>stopped",
        "resolved>returned",
    ]

    func testEveryPairOfStatesIsAllowedExactlyWhenTheDomainSaysSo() {
        for from in DossierStatus.allCases {
            let reachable = Set(StatusMachine.nextStatuses(from: from))
            for to in DossierStatus.allCases where to != from {
                let expected = expectedTransitions.contains("\(from.rawValue)>\(to.rawValue)")
                XCTAssertEqual(reachable.contains(to), expected, "\(from.rawValue) → \(to.rawValue)")
            }
        }
    }

    func testTerminalStatusesAllowOnlyNotes() {
        for status in DossierStatus.allCases where status.isTerminal {
            XCTAssertEqual(StatusMachine.allowedActions(from: status), [.note], status.rawValue)
            XCTAssertEqual(StatusMachine.nextStatuses(from: status), [], status.rawValue)
        }
    }

    func testActionTable() {
        let cases: [(WorkflowAction, DossierStatus, DossierStatus?)] = [
            (.accept, .submitted, .received),
            (.accept, .received, nil),
            (.refuse, .submitted, .refused),
            (.refuse, .processing, nil),
            (.start, .received, .processing),
            (.start, .submitted, nil),
            (.requestSupplement, .processing, .supplementRequested),
            (.requestSupplement, .submitted, .supplementRequested),
            (.requestSupplement, .received, nil),
            (.supplement, .supplementRequested, .processing),
            (.requestPayment, .processing, .paymentRequested),
            (.paid, .paymentRequested, .processing),
            (.requestWithdrawal, .paymentRequested, .withdrawRequested),
            (.requestWithdrawal, .resolved, nil),
            (.stop, .withdrawRequested, .stopped),
            (.stop, .received, nil),
            (.resolve, .processing, .resolved),
            (.resolve, .supplementRequested, nil),
            (.returnResult, .resolved, .returned),
            (.returnResult, .processing, nil),
            (.transfer, .received, .received),
            (.transfer, .resolved, nil),
            (.apologize, .processing, .processing),
            (.apologize, .returned, nil),
            (.note, .returned, .returned),
            (.handover, .supplementRequested, .supplementRequested),
            (.handover, .stopped, nil),
        ]
        for (action, from, expected) in cases {
            XCTAssertEqual(StatusMachine.status(after: action, from: from), expected, "\(action.rawValue) from \(from.rawValue)")
        }
    }

    func testHandoverIsNotAClerkAction() {
        XCTAssertFalse(WorkflowAction.clerkActions.contains(.handover))
        XCTAssertFalse(StatusMachine.allowedActions(from: .processing).contains(.handover))
    }

    func testOverdueOnlyCountsForUnfinishedStatuses() {
        XCTAssertEqual(
            Set(DossierStatus.allCases.filter(\.isUnfinished)),
            [.submitted, .received, .processing, .supplementRequested, .paymentRequested, .withdrawRequested])
    }
}
