#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Unpredictable bytes from the operating system's cryptographic random
/// source, for keys, handshake nonces and salts.
///
/// Never use `SplitMix64` or any seeded generator for these: a peer that
/// can guess a nonce can replay a handshake.
public enum SecureRandom {
    /// Keys and nonces are tens of bytes; a mebibyte is far beyond any
    /// legitimate request and keeps a miscomputed count from allocating
    /// without bound.
    public static let maxByteCount = 1 << 20

    /// `count` random bytes (0…`maxByteCount`). Traps if the system refuses
    /// to provide them: there is no safe fallback, and continuing with
    /// predictable keys would be worse than stopping.
    public static func bytes(count: Int) -> [UInt8] {
        precondition(
            (0 ... maxByteCount).contains(count),
            "SecureRandom gives 0…\(maxByteCount) bytes per call; \(count) were asked for"
        )
        return [UInt8](unsafeUninitializedCapacity: count) { buffer, initializedCount in
            if count > 0 {
                fill(UnsafeMutableRawBufferPointer(buffer))
            }
            initializedCount = count
        }
    }

    #if canImport(Glibc)
    private typealias GetRandomFunction = @convention(c) (UnsafeMutableRawPointer?, Int, UInt32) -> Int

    /// getrandom(2), looked up in the C library at run time: Swift's Glibc
    /// module does not import <sys/random.h>, and the package has no C
    /// target to declare it in. glibc has exported it since 2.25.
    private static let getRandom: GetRandomFunction? = {
        guard let symbol = dlsym(nil, "getrandom") else { return nil }
        return unsafeBitCast(symbol, to: GetRandomFunction.self)
    }()

    /// Fills `buffer` from getrandom(2) with flags 0: the kernel's CSPRNG,
    /// blocking only until it is first seeded at boot. Retries interrupted
    /// calls and short reads (requests over 32 MiB may return short).
    private static func fill(_ buffer: UnsafeMutableRawBufferPointer) {
        guard let getRandom else {
            fatalError("SecureRandom: this C library has no getrandom(2) (glibc 2.25 or later is required)")
        }
        var filled = 0
        while filled < buffer.count {
            let result = getRandom(buffer.baseAddress! + filled, buffer.count - filled, 0)
            if result > 0 {
                filled += result
            } else if result < 0 && errno == EINTR {
                continue
            } else {
                let reason = result == 0 ? "returned no bytes" : "failed with errno \(errno)"
                fatalError("SecureRandom: getrandom(2) \(reason); refusing to continue without secure randomness")
            }
        }
    }
    #elseif canImport(Darwin)
    /// Fills `buffer` from arc4random_buf(3), the system CSPRNG on Darwin,
    /// which cannot fail.
    private static func fill(_ buffer: UnsafeMutableRawBufferPointer) {
        arc4random_buf(buffer.baseAddress, buffer.count)
    }
    #endif
}
