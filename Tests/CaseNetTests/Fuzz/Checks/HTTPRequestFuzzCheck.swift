@testable import CaseNet

/// Fuzz target "http-request": an arbitrary byte stream through
/// `HTTPRequestParser`, read as the server reads it (at most `readSizeHint`
/// bytes at a time, then every complete request taken).
///
/// Promises checked beyond "never traps":
/// - the chunking changes nothing: same requests, same error (status and code);
/// - `readSizeHint` always asks for at least one byte (no stall);
/// - every request is within the limits and writes back out as bytes that
///   parse to the same request;
/// - an error is final.
/// Run with the server's default limits and with tiny ones, so the 413 and
/// 431 paths are reached by inputs of a few hundred bytes.
enum HTTPRequestFuzzCheck {
    static let target = "http-request"

    /// One parsed request, as comparable values.
    struct Parsed: Equatable {
        var method: String
        var target: String
        var version: String
        var headers: HTTPHeaders
        var body: [UInt8]
        var path: String
        var pathSegments: [String]
        var query: [[String]]

        init(_ request: HTTPRequest) {
            method = request.method
            target = request.target
            version = request.version.rawValue
            headers = request.headers
            body = request.body
            path = request.path
            pathSegments = request.pathSegments
            query = request.queryItems.map { [$0.name, $0.value] }
        }
    }

    /// What one stream parsed to.
    struct Outcome: Equatable {
        var requests: [Parsed]
        /// "status code" of the error that ended the stream, if any.
        var error: String?
    }

    /// Parser limits to run with: the server's defaults, and tiny ones.
    static let limitSets: [(maxHeaderBytes: Int, maxBodyBytes: Int, maxHeaderCount: Int)] = [
        (16_384, 1_048_576, 100),
        (64, 16, 3),
    ]

    /// Runs every promise on `input`; returns the outcome under the default limits.
    @discardableResult
    static func check(_ input: [UInt8]) throws(FuzzInvariantViolation) -> Outcome {
        var outcomes: [Outcome] = []
        for limits in limitSets {
            let makeParser = {
                HTTPRequestParser(maxHeaderBytes: limits.maxHeaderBytes, maxBodyBytes: limits.maxBodyBytes,
                                  maxHeaderCount: limits.maxHeaderCount)
            }
            let reference = try parse(input, parser: makeParser(), pattern: .whole)
            for pattern in FuzzChunking.Pattern.allCases.dropFirst() {
                let other = try parse(input, parser: makeParser(), pattern: pattern)
                try FuzzInvariantViolation.require(
                    other == reference, target,
                    "limits \(limits): reads cut \(pattern) gave \(summary(other)); whole gave \(summary(reference))")
            }
            for request in reference.requests {
                try checkRoundTrip(request, parser: makeParser())
            }
            outcomes.append(reference)
        }
        return outcomes[0]
    }

    /// Reads `input` as the server does, taking every complete request after each read.
    static func parse(_ input: [UInt8], parser initial: HTTPRequestParser, pattern: FuzzChunking.Pattern) throws(FuzzInvariantViolation) -> Outcome {
        var parser = initial
        var reads = FuzzChunking.Reads(pattern, input: input)
        var outcome = Outcome(requests: [], error: nil)
        var offset = 0
        do {
            while offset < input.count {
                let count = min(reads.next(), parser.readSizeHint, input.count - offset)
                try FuzzInvariantViolation.require(count >= 1, target, "readSizeHint is \(parser.readSizeHint); it must be at least 1")
                parser.append(input[offset..<offset + count])
                offset += count
                while let request = try parser.nextRequest() {
                    try checkLimits(request, parser)
                    outcome.requests.append(Parsed(request))
                }
            }
        } catch let error as HTTPParseError {
            outcome.error = "\(error.status) \(error.code)"
            var again: HTTPParseError?
            do { _ = try parser.nextRequest() } catch { again = error }
            try FuzzInvariantViolation.require(again == error, target, "after \(error) the parser answered \(again.map(String.init(describing:)) ?? "without an error")")
        } catch let violation as FuzzInvariantViolation {
            throw violation
        } catch {
            preconditionFailure("HTTPRequestParser threw something other than HTTPParseError: \(error)")
        }
        return outcome
    }

    private static func checkLimits(_ request: HTTPRequest, _ parser: HTTPRequestParser) throws(FuzzInvariantViolation) {
        try FuzzInvariantViolation.require(
            request.body.count <= parser.maxBodyBytes, target,
            "a \(request.body.count)-byte body passed the \(parser.maxBodyBytes)-byte limit")
        try FuzzInvariantViolation.require(
            request.headers.count <= parser.maxHeaderCount, target,
            "\(request.headers.count) header fields passed the limit of \(parser.maxHeaderCount)")
        try FuzzInvariantViolation.require(
            request.target.utf8.first == UInt8(ascii: "/") && request.path.utf8.first == UInt8(ascii: "/"), target,
            "target \(String(reflecting: request.target)) with path \(String(reflecting: request.path)) is not in origin form")
    }

    /// The request written back out (request line, fields, body) parses to itself.
    /// Fields are written as "name:value", the shortest form, so the copy is
    /// never longer than the original and stays within the same head limit
    /// (regression: "Host:" at exactly 64 bytes became 65 as "Host: ").
    private static func checkRoundTrip(_ parsed: Parsed, parser initial: HTTPRequestParser) throws(FuzzInvariantViolation) {
        var text = "\(parsed.method) \(parsed.target) \(parsed.version)\r\n"
        for field in parsed.headers {
            text += "\(field.name):\(field.value)\r\n"
        }
        var bytes = Array((text + "\r\n").utf8)
        bytes += parsed.body
        var parser = initial
        parser.append(bytes)
        let again: HTTPRequest?
        do {
            again = try parser.nextRequest()
        } catch {
            throw FuzzInvariantViolation(target: target, message: "a parsed request written back out is refused: \(error)")
        }
        try FuzzInvariantViolation.require(
            again.map(Parsed.init) == parsed && !parser.hasPartialRequest, target,
            "a parsed request written back out parses differently: \(parsed) became \(String(describing: again.map(Parsed.init)))")
    }

    private static func summary(_ outcome: Outcome) -> String {
        "\(outcome.requests.count) requests, error \(outcome.error ?? "none")"
    }
}
