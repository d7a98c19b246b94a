import TestSupport
import XCTest

@testable import CaseSimulation

/// The `ReplicaLog` contract (`ReplicaLogContract`, TestSupport) on the simulator's log; the
/// node's own events stored with `appendLocal`.
final class InMemoryReplicaLogContractTests: XCTestCase, ReplicaLogContractTests {
    /// Not `checksEveryEvent`: the simulated nodes' clerks write only valid events, and the log
    /// checks no more than that the dossiers it stores fold (see the clause that says so).
    private let contract = ReplicaLogContract(
        checksEveryEvent: false, makeLog: { InMemoryReplicaLog(localOrigin: $0) }, appendLocal: { event, log in try log.appendLocal(event) })

    func testAnEmptyLogHoldsNothing() throws { try contract.anEmptyLogHoldsNothing() }
    func testStoredEventsAreLinkedIntoTheirOriginsChainHoweverTheyArrive() throws { try contract.storedEventsAreLinkedIntoTheirOriginsChainHoweverTheyArrive() }
    func testEventsInSequenceOrderAreStoredAndReturned() throws { try contract.eventsInSequenceOrderAreStoredAndReturned() }
    func testEachOriginsEventsAreTakenInSequenceOrderWhateverOrderTheyCameIn() throws { try contract.eachOriginsEventsAreTakenInSequenceOrderWhateverOrderTheyCameIn() }
    func testEventsAlreadyHeldAreIgnoredAndNotReturned() throws { try contract.eventsAlreadyHeldAreIgnoredAndNotReturned() }
    func testAnEventAfterAGapIsDroppedAndStoredOnceTheGapIsFilled() throws { try contract.anEventAfterAGapIsDroppedAndStoredOnceTheGapIsFilled() }
    func testOnlyEventsThatExtendTheContiguousPrefixAreStored() throws { try contract.onlyEventsThatExtendTheContiguousPrefixAreStored() }
    func testEachOriginOfACallAdvancesOnItsOwn() throws { try contract.eachOriginOfACallAdvancesOnItsOwn() }
    func testAnEmptyCallChangesNothing() throws { try contract.anEmptyCallChangesNothing() }
    func testLocalAndReceivedEventsShareOneLog() throws { try contract.localAndReceivedEventsShareOneLog() }
    func testMissingEventsComeOriginByOriginInSequenceOrder() throws { try contract.missingEventsComeOriginByOriginInSequenceOrder() }
    func testNothingIsMissingFromAHolderOfEverything() throws { try contract.nothingIsMissingFromAHolderOfEverything() }
    func testTheCountBoundCutsAcrossOrigins() throws { try contract.theCountBoundCutsAcrossOrigins() }
    func testTheByteBoundStopsBeforeItWouldBePassed() throws { try contract.theByteBoundStopsBeforeItWouldBePassed() }
    func testABatchEndsAtTheFirstEventThatDoesNotFit() throws { try contract.aBatchEndsAtTheFirstEventThatDoesNotFit() }
    func testAtLeastOneEventComesWhenAnyIsMissing() throws { try contract.atLeastOneEventComesWhenAnyIsMissing() }
    func testAnEventIsFoundByItsIdentity() throws { try contract.anEventIsFoundByItsIdentity() }
    func testTheDigestIsOfTheDossiersTheEventsFoldTo() throws { try contract.theDigestIsOfTheDossiersTheEventsFoldTo() }
    func testStepsThatArriveBeforeTheirFilingAreFoldedWhenItArrives() throws { try contract.stepsThatArriveBeforeTheirFilingAreFoldedWhenItArrives() }
    func testTheDigestIsTheSameWhateverTheOrderAndBatchingOfArrival() throws { try contract.theDigestIsTheSameWhateverTheOrderAndBatchingOfArrival() }
    func testACallWithAMalformedFilingIsRefusedWholeAndChangesNothing() throws { try contract.aCallWithAMalformedFilingIsRefusedWholeAndChangesNothing() }
    func testAnInvalidEventThatWouldNotBeFoldedIsRefusedOnlyWhereEveryEventIsChecked() throws { try contract.anInvalidEventThatWouldNotBeFoldedIsRefusedOnlyWhereEveryEventIsChecked() }
}
