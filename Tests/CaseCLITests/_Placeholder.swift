import XCTest
// Placeholder until this target gets its first test; removed at integration.
final class CaseCLITestsPlaceholder: XCTestCase {}
