// libFuzzer entry point of the "sealed-frame" target, built only by Tools/fuzz/run
// (never by SwiftPM). The check itself is SealedFrameFuzzCheck in
// Tests/CaseNetTests/Fuzz/Checks, shared with the corpus replay tests.

@testable import FuzzChecks

/// Called by libFuzzer with one input; traps when the check finds a broken
/// promise, so libFuzzer saves the input as a crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSealedFrame(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    do {
        try SealedFrameFuzzCheck.check(input)
    } catch {
        fatalError("\(error)")
    }
    return 0
}
