import CaseSupport
import CaseCrypto
import CaseReplication
import CaseWire

/// Fuzz target "sealed-frame": `FrameUnsealer` and `FrameSealer`, the
/// ChaCha20-Poly1305 layer every frame after the handshake goes through,
/// under one fixed session key (the fuzzer must be deterministic).
///
/// The input is used three ways:
/// - as the payload of a sealed frame opened as frame 0 (`raw`), so the
///   fuzzer reaches the cipher without forging a CRC;
/// - as a byte stream read as `InboundPeerConnection` reads after the
///   handshake: frames under the raised bound, opened in order by one
///   unsealer, each opened message through the `peer-message` promises,
///   until the first that fails (the connection would close);
/// - as the plaintext of a message (bytes 0–1 its type, the rest its
///   payload), sealed and tampered with.
///
/// Promises checked beyond "never traps, only throws `SealedFrameError`":
/// - whatever opens is exactly what the sealer makes of what it opened to,
///   at that frame number (no other bytes open: no forgery);
/// - each refusal has its cause: a frame that is not type 12, another
///   version, fewer bytes than a kind and a tag, or else a failed tag naming
///   the frame's number; the unsealer's count moves only on success;
/// - a sealed frame opens to the original, at its own position only: not
///   twice (replay), not before the frame sealed ahead of it (reordering),
///   not with the other direction's key; the same frame sealed twice gives
///   different bytes (no nonce reuse);
/// - any single change to a sealed frame, even with its CRC recomputed as
///   an attacker would, is refused; a change to its payload fails the tag
///   (every position of a short payload, a sample of a long one, chosen
///   from the input so each input tries others and a replay is exact).
enum SealedFrameFuzzCheck {
    static let target = "sealed-frame"
    static let version = PeerProtocol.currentVersion
    /// The direction's session key (the real one comes from HKDF over the handshake).
    static let key = (0..<32).map { UInt8(0x20 + $0) }
    /// The other direction's key: frames sealed under it must not open here.
    static let otherDirectionKey = (0..<32).map { UInt8(0x60 + $0) }
    /// The bound the transport reads sealed frames under once authenticated.
    static let maxPayloadBytes = WireLimits.maxFramePayloadBytes + SealedFrame.overheadByteCount

    /// What the input opened to.
    struct Outcome: Equatable {
        /// Whether the input, as a sealed payload, opened as frame 0.
        var rawOpened: Bool
        /// The message frames opened from the input read as a stream.
        var opened: [Frame]
        /// Why the stream stopped: "framing", "incomplete", a `SealedFrameError`
        /// case name, or nil when it ended between frames.
        var stop: String?
    }

    /// Runs every promise on `input`.
    @discardableResult
    static func check(_ input: [UInt8]) throws(FuzzInvariantViolation) -> Outcome {
        let rawOpened = try checkRaw(input)
        let (opened, stop) = try checkStream(input)
        try checkSealing(asPlaintext: input)
        return Outcome(rawOpened: rawOpened, opened: opened, stop: stop)
    }

    // MARK: - Opening hostile bytes

    private static func checkRaw(_ payload: [UInt8]) throws(FuzzInvariantViolation) -> Bool {
        var unsealer = FrameUnsealer(key: key, version: version)
        var sealer = FrameSealer(key: key, version: version)
        let frame = Frame(type: PeerFrameType.sealed, version: version, payload: payload)
        let opened: Frame
        do {
            opened = try unsealer.open(frame)
        } catch {
            try checkRefusal(error, of: frame, frameNumber: 0, unsealer: unsealer)
            return false
        }
        try checkOpened(opened, from: frame, sealer: &sealer, unsealer: unsealer)
        return true
    }

    private static func checkStream(_ input: [UInt8]) throws(FuzzInvariantViolation) -> ([Frame], String?) {
        var stream = FuzzFrameStream(input, maxPayloadBytes: maxPayloadBytes)
        var unsealer = FrameUnsealer(key: key, version: version)
        // Seals alongside, so each opened frame can be compared with what the sealer makes at its number.
        var sealer = FrameSealer(key: key, version: version)
        var opened: [Frame] = []
        while true {
            let sealed: Frame
            switch stream.next() {
            case .waiting: return (opened, stream.remainingByteCount == 0 ? nil : "incomplete")
            case .failed: return (opened, "framing")
            case .frame(let frame): sealed = frame
            }
            let message: Frame
            do {
                message = try unsealer.open(sealed)
            } catch {
                try checkRefusal(error, of: sealed, frameNumber: UInt64(opened.count), unsealer: unsealer)
                return (opened, name(of: error))
            }
            try checkOpened(message, from: sealed, sealer: &sealer, unsealer: unsealer)
            try PeerMessageFuzzCheck.checkMessage(type: message.type, version: message.version, payload: message.payload)
            opened.append(message)
        }
    }

    /// Only what the sealer makes opens: sealing the opened frame as the
    /// same frame number gives back the received frame exactly.
    private static func checkOpened(
        _ opened: Frame, from sealed: Frame, sealer: inout FrameSealer, unsealer: FrameUnsealer
    ) throws(FuzzInvariantViolation) {
        let number = sealer.sealedCount
        try FuzzInvariantViolation.require(
            unsealer.openedCount == number + 1, target, "opened frame \(number) but the unsealer counts \(unsealer.openedCount)")
        try FuzzInvariantViolation.require(
            opened.version == version, target, "frame \(number) opened with version \(opened.version); the session speaks \(version)")
        let resealed = sealer.seal(opened)
        try FuzzInvariantViolation.require(
            resealed == FrameEncoder.encode(sealed), target,
            "frame \(number) opened, but sealing what it opened to gives other bytes: something the sealer never made was accepted")
    }

    private static func checkRefusal(
        _ error: SealedFrameError, of frame: Frame, frameNumber: UInt64, unsealer: FrameUnsealer
    ) throws(FuzzInvariantViolation) {
        let expected: SealedFrameError =
            if frame.type != PeerFrameType.sealed { .notSealed(type: frame.type) }
            else if frame.version != version { .wrongVersion(frame.version, agreed: version) }
            else if frame.payload.count < SealedFrame.overheadByteCount {
                .tooShort(byteCount: frame.payload.count, minimum: SealedFrame.overheadByteCount)
            } else { .authenticationFailed(frameNumber: frameNumber) }
        try FuzzInvariantViolation.require(error == expected, target, "frame \(frameNumber) was refused with \(error); expected \(expected)")
        try FuzzInvariantViolation.require(
            unsealer.openedCount == frameNumber, target, "a refused frame moved the count to \(unsealer.openedCount)")
    }

    // MARK: - Sealing

    /// The input as a message: sealed, opened back, replayed, reordered, and tampered with.
    private static func checkSealing(asPlaintext input: [UInt8]) throws(FuzzInvariantViolation) {
        let message = Frame(
            type: input.count >= 2 ? UInt16(input[0]) << 8 | UInt16(input[1]) : PeerMessage.Kind.ping.rawValue,
            version: version, payload: Array(input.dropFirst(2)))
        var sealer = FrameSealer(key: key, version: version)
        let first = sealer.seal(message)
        let second = sealer.seal(message)
        try FuzzInvariantViolation.require(first != second, target, "the same frame sealed twice gave the same bytes: a nonce was reused")

        let inOrder = open(first + second)
        try FuzzInvariantViolation.require(
            inOrder.opened == [message, message] && inOrder.error == nil, target,
            "two sealed frames opened to \(inOrder.opened.count) frames (error \(String(describing: inOrder.error))), not the two originals")
        let expectations: [(String, [UInt8], Int, UInt64)] = [
            ("reordered", second + first, 0, 0),
            ("replayed", first + first, 1, 1),
        ]
        for (what, stream, openedCount, failingFrame) in expectations {
            let outcome = open(stream)
            try FuzzInvariantViolation.require(
                outcome.opened.count == openedCount && outcome.error == .authenticationFailed(frameNumber: failingFrame), target,
                "\(what) frames opened \(outcome.opened.count) (error \(String(describing: outcome.error)))")
        }
        let crossed = open(first, key: otherDirectionKey)
        try FuzzInvariantViolation.require(
            crossed.opened.isEmpty && crossed.error == .authenticationFailed(frameNumber: 0), target,
            "a frame opened under the other direction's key")
        try checkTampering(sealedFrame(message, key: key))
    }

    /// Single changes an attacker can make to `sealed` (frame 0): a header
    /// field, a payload byte, one byte less or more, each re-encoded with a
    /// correct CRC; and a byte of each header field changed in place. None opens.
    private static func checkTampering(_ sealed: Frame) throws(FuzzInvariantViolation) {
        var generator = SplitMix64(seed: FuzzChunking.seed(of: sealed.payload))
        func change() -> UInt8 { UInt8(generator.next() % 255 + 1) }
        var forgeries: [(String, [UInt8])] = []
        for position in tamperedPositions(count: sealed.payload.count, generator: &generator) {
            var forged = sealed
            forged.payload[position] ^= change()
            forgeries.append(("payload byte \(position)", FrameEncoder.encode(forged)))
        }
        var forged = sealed
        forged.version ^= UInt16(change())
        forgeries.append(("version", FrameEncoder.encode(forged)))
        forged = sealed
        forged.type ^= UInt16(change())
        forgeries.append(("type", FrameEncoder.encode(forged)))
        forged = sealed
        forged.payload.removeLast()
        forgeries.append(("one byte less", FrameEncoder.encode(forged)))
        forged = sealed
        forged.payload.append(change())
        forgeries.append(("one byte more", FrameEncoder.encode(forged)))
        let wire = FrameEncoder.encode(sealed)
        // One byte of each header field: magic, version, type, length, CRC.
        for field in [0..<4, 4..<6, 6..<8, 8..<12, 12..<16] {
            let position = field.lowerBound + Int(generator.next() % UInt64(field.count))
            var bytes = wire
            bytes[position] ^= change()
            forgeries.append(("header byte \(position) in place", bytes))
        }
        for (what, bytes) in forgeries {
            let outcome = open(bytes)
            try FuzzInvariantViolation.require(outcome.opened.isEmpty, target, "a sealed frame with its \(what) changed opened")
            if what.hasPrefix("payload") {
                try FuzzInvariantViolation.require(
                    outcome.error == .authenticationFailed(frameNumber: 0), target,
                    "a sealed frame with its \(what) changed was refused with \(String(describing: outcome.error)), not by its tag")
            }
        }
    }

    /// Every position of a payload of up to 16 bytes; of a longer one the
    /// first byte, the tag's first and last, and 8 chosen from the payload:
    /// every input tries other positions, and one input stays cheap (each
    /// forgery costs a tag over the whole payload).
    private static func tamperedPositions(count: Int, generator: inout SplitMix64) -> [Int] {
        guard count > 16 else { return Array(0..<count) }
        return [0, count - ChaCha20Poly1305.tagByteCount, count - 1] + (0..<8).map { _ in Int(generator.next() % UInt64(count)) }
    }

    // MARK: - Helpers

    /// `frame` sealed as the first frame of a direction under `key`.
    static func sealedFrame(_ frame: Frame, key: [UInt8]) -> Frame {
        var sealer = FrameSealer(key: key, version: version)
        let wire = sealer.seal(frame)
        return Frame(type: PeerFrameType.sealed, version: version, payload: Array(wire.dropFirst(FrameHeader.byteCount)))
    }

    /// The frames a fresh unsealer opens from `bytes`, and the error that stopped it.
    private static func open(_ bytes: [UInt8], key: [UInt8] = key) -> (opened: [Frame], error: SealedFrameError?) {
        var stream = FuzzFrameStream(bytes, maxPayloadBytes: maxPayloadBytes)
        var unsealer = FrameUnsealer(key: key, version: version)
        var opened: [Frame] = []
        while case .frame(let sealed) = stream.next() {
            do {
                opened.append(try unsealer.open(sealed))
            } catch {
                return (opened, error)
            }
        }
        return (opened, nil)
    }

    static func name(of error: SealedFrameError) -> String {
        switch error {
        case .notSealed: "notSealed"
        case .wrongVersion: "wrongVersion"
        case .tooShort: "tooShort"
        case .authenticationFailed: "authenticationFailed"
        case .counterExhausted: "counterExhausted"
        }
    }
}
