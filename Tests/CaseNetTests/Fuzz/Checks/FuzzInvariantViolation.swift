/// A fuzz check found the code under test breaking one of its own promises:
/// a logic bug, not a crash. The libFuzzer entry points trap on it (so the
/// fuzzer saves the input); the corpus replay tests report it as a failure.
///
/// The files in this directory are compiled twice: into CaseNetTests, and by
/// `Tools/fuzz/run` as the module FuzzChecks that every libFuzzer entry file
/// links. So they import only CaseCore and CaseNet, never XCTest.
struct FuzzInvariantViolation: Error, CustomStringConvertible {
    /// The check that failed ("frame", "http-request", ...).
    let target: String
    /// Which promise was broken, with the values that broke it.
    let message: String

    var description: String { "\(target): \(message)" }

    /// Throws unless `condition` holds.
    static func require(
        _ condition: Bool, _ target: String, _ message: @autoclosure () -> String
    ) throws(FuzzInvariantViolation) {
        guard condition else { throw FuzzInvariantViolation(target: target, message: message()) }
    }
}
