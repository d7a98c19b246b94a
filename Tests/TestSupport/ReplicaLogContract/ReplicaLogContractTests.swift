import XCTest

/// The clauses of `ReplicaLogContract`, one test each, for a log's test class to declare.
///
/// XCTest on Linux runs only the test methods a test target's own class declares: not those
/// it inherits (from a class in another module or in its own), nor a protocol's default
/// implementations. So the contract cannot be a base class whose tests subclasses inherit;
/// instead each log's test class declares every test below, each calling the clause of the
/// same name on its contract (`func testX() throws { try contract.x() }`). Conforming to
/// this protocol makes the compiler say when a test class lacks one, so no clause goes
/// untested on a log.
public protocol ReplicaLogContractTests: XCTestCase {
    func testAnEmptyLogHoldsNothing() throws
    func testStoredEventsAreLinkedIntoTheirOriginsChainHoweverTheyArrive() throws
    func testEventsInSequenceOrderAreStoredAndReturned() throws
    func testEachOriginsEventsAreTakenInSequenceOrderWhateverOrderTheyCameIn() throws
    func testEventsAlreadyHeldAreIgnoredAndNotReturned() throws
    func testAnEventAfterAGapIsDroppedAndStoredOnceTheGapIsFilled() throws
    func testOnlyEventsThatExtendTheContiguousPrefixAreStored() throws
    func testEachOriginOfACallAdvancesOnItsOwn() throws
    func testAnEmptyCallChangesNothing() throws
    func testLocalAndReceivedEventsShareOneLog() throws
    func testMissingEventsComeOriginByOriginInSequenceOrder() throws
    func testNothingIsMissingFromAHolderOfEverything() throws
    func testTheCountBoundCutsAcrossOrigins() throws
    func testTheByteBoundStopsBeforeItWouldBePassed() throws
    func testABatchEndsAtTheFirstEventThatDoesNotFit() throws
    func testAtLeastOneEventComesWhenAnyIsMissing() throws
    func testAnEventIsFoundByItsIdentity() throws
    func testTheDigestIsOfTheDossiersTheEventsFoldTo() throws
    func testStepsThatArriveBeforeTheirFilingAreFoldedWhenItArrives() throws
    func testTheDigestIsTheSameWhateverTheOrderAndBatchingOfArrival() throws
    func testACallWithAMalformedFilingIsRefusedWholeAndChangesNothing() throws
    func testAnInvalidEventThatWouldNotBeFoldedIsRefusedOnlyWhereEveryEventIsChecked() throws
}
