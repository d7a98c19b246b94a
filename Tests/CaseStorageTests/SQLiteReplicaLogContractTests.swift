import TestSupport
import XCTest

@testable import CaseStorage

/// The `ReplicaLog` contract (`ReplicaLogContract`, TestSupport) on the SQLite log: each log a
/// new database in the test's temporary directory; the node's own events written the way
/// `DossierService` writes them (`CaseStore.writeLocal`).
final class SQLiteReplicaLogContractTests: XCTestCase, ReplicaLogContractTests {
    private var fixture: StoreFixture!
    private var contract: ReplicaLogContract<SQLiteReplicaLog>!

    override func setUpWithError() throws {
        let fixture = try StoreFixture()
        var logsMade = 0
        self.fixture = fixture
        contract = ReplicaLogContract(
            checksEveryEvent: true,
            makeLog: { origin in
                logsMade += 1
                return try fixture.log("\(origin)-\(logsMade)")
            },
            appendLocal: { event, log in try log.store.writeLocal(event) })
    }

    override func tearDown() {
        contract = nil
        fixture = nil
    }

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
