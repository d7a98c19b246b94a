import CaseSupport
import CaseWire

/// Fuzz target "frame": an arbitrary byte stream through `FrameDecoder`, cut
/// into reads every way `FuzzChunking` knows, and every frame it yields
/// through `PeerMessageCodec`.
///
/// Promises checked beyond "never traps":
/// - the chunking changes nothing: same frames, same kind of error;
/// - the decoded frames re-encode to exactly the bytes they came from;
/// - no payload exceeds the limit; after `nextFrame` returns nil there is
///   always room to read (no stall); an error is final (poisoning);
/// - every decoded message passes `PeerMessageFuzzCheck.checkMessage`.
enum FrameFuzzCheck {
    static let target = "frame"
    /// A tight limit alongside the default one, so that the ring buffer wraps
    /// and `payloadTooLarge` is reachable with inputs of a few hundred bytes.
    static let smallMaxPayloadBytes = 40

    /// What one stream decoded to.
    struct Outcome: Equatable {
        var frames: [Frame]
        var errorKind: String?
        /// Bytes the frames took from the stream.
        var consumedByteCount: Int
    }

    /// Runs every promise on `input`; returns the outcome under the default limit.
    @discardableResult
    static func check(_ input: [UInt8]) throws(FuzzInvariantViolation) -> Outcome {
        var outcomes: [Outcome] = []
        for maxPayloadBytes in [WireLimits.maxFramePayloadBytes, smallMaxPayloadBytes] {
            let reference = try decode(input, maxPayloadBytes: maxPayloadBytes, pattern: .whole)
            for pattern in FuzzChunking.Pattern.allCases.dropFirst() {
                let other = try decode(input, maxPayloadBytes: maxPayloadBytes, pattern: pattern)
                try FuzzInvariantViolation.require(
                    other == reference, target,
                    "limit \(maxPayloadBytes): reads cut \(pattern) gave \(summary(other)), whole gave \(summary(reference))")
            }
            outcomes.append(reference)
        }
        overfill(input)
        for frame in outcomes[0].frames {
            try PeerMessageFuzzCheck.checkMessage(type: frame.type, version: frame.version, payload: frame.payload)
        }
        return outcomes[0]
    }

    /// Feeds `input` as the transport does (never more than `freeCapacity`
    /// per read), taking frames after every read.
    static func decode(
        _ input: [UInt8], maxPayloadBytes: Int, pattern: FuzzChunking.Pattern
    ) throws(FuzzInvariantViolation) -> Outcome {
        var decoder = FrameDecoder(maxPayloadBytes: maxPayloadBytes)
        var reads = FuzzChunking.Reads(pattern, input: input)
        var outcome = Outcome(frames: [], errorKind: nil, consumedByteCount: 0)
        var offset = 0
        var reencoded: [UInt8] = []
        do {
            while offset < input.count {
                try FuzzInvariantViolation.require(
                    decoder.freeCapacity >= 1, target,
                    "no room to read after nextFrame returned nil: \(decoder.bufferedByteCount) bytes buffered")
                let count = min(reads.next(), decoder.freeCapacity, input.count - offset)
                try decoder.append(input[offset..<offset + count])
                offset += count
                while let frame = try decoder.nextFrame() {
                    try FuzzInvariantViolation.require(
                        frame.payload.count <= maxPayloadBytes, target,
                        "a \(frame.payload.count)-byte payload passed the \(maxPayloadBytes)-byte limit")
                    outcome.frames.append(frame)
                    FrameEncoder.encode(frame, into: &reencoded)
                }
            }
            try FuzzInvariantViolation.require(
                decoder.bufferedByteCount == input.count - reencoded.count, target,
                "\(decoder.bufferedByteCount) bytes buffered after frames of \(reencoded.count) bytes from \(input.count)")
        } catch let error as FrameError {
            outcome.errorKind = kind(of: error)
            try checkPoisoned(&decoder, by: error)
        } catch let violation as FuzzInvariantViolation {
            throw violation
        } catch {
            preconditionFailure("FrameDecoder threw something other than FrameError: \(error)")
        }
        outcome.consumedByteCount = reencoded.count
        try FuzzInvariantViolation.require(
            input.starts(with: reencoded), target,
            "the decoded frames re-encode to bytes that differ from the stream's first \(reencoded.count)")
        return outcome
    }

    /// After an error every call throws the same error again.
    private static func checkPoisoned(_ decoder: inout FrameDecoder, by error: FrameError) throws(FuzzInvariantViolation) {
        var again: [FrameError?] = []
        do { _ = try decoder.nextFrame(); again.append(nil) } catch { again.append(error) }
        do { try decoder.append([UInt8]()); again.append(nil) } catch { again.append(error) }
        try FuzzInvariantViolation.require(
            again.allSatisfy { $0 == error }, target,
            "after \(error) the decoder answered \(again.map { $0.map(String.init(describing:)) ?? "success" })")
    }

    /// Appends the whole input at once, ignoring `freeCapacity`, as a careless
    /// caller would: it must throw, not trap or grow past its limit.
    private static func overfill(_ input: [UInt8]) {
        var decoder = FrameDecoder(maxPayloadBytes: smallMaxPayloadBytes)
        do {
            try decoder.append(input)
            while try decoder.nextFrame() != nil {}
        } catch {
            return
        }
    }

    /// The error's case without its details: a `badMagic` reports the bytes
    /// seen so far, which rightly depend on how the stream was cut.
    static func kind(of error: FrameError) -> String {
        switch error {
        case .badMagic: "badMagic"
        case let .payloadTooLarge(declared, _): "payloadTooLarge(\(declared))"
        case let .checksumMismatch(declared, computed): "checksumMismatch(\(declared), \(computed))"
        case .bufferLimitExceeded: "bufferLimitExceeded"
        }
    }

    private static func summary(_ outcome: Outcome) -> String {
        "\(outcome.frames.count) frames (\(outcome.consumedByteCount) bytes), error \(outcome.errorKind ?? "none")"
    }
}
