import CaseNet
import XCTest
@testable import CaseCLI

/// Where casectl may send a token: the rule and its two exceptions, as pure functions.
final class ChannelPolicyTests: XCTestCase {
    private func url(_ text: String) throws -> HTTPBaseURL { try HTTPBaseURL(parsing: text) }

    func testATokenGoesOverHTTPSOrToLoopbackOnlyUnlessPlainHTTPIsAllowed() throws {
        let strict = ChannelPolicy()
        let lenient = ChannelPolicy(allowsPlainHTTP: true)
        for allowed in ["https://10.0.0.5", "https://ba-dinh.hanoi.example:8443", "http://127.0.0.1:7400", "http://[::1]:7400", "http://localhost:7400"] {
            XCTAssertNil(strict.tokenRefusal(for: try url(allowed)), allowed)
            XCTAssertNil(lenient.tokenRefusal(for: try url(allowed)), allowed)
        }
        for refused in ["http://10.0.0.5:7400", "http://ba-dinh.hanoi.example:7400", "http://127.1:7400", "http://[::ffff:127.0.0.1]:7400"] {
            let refusal = try XCTUnwrap(strict.tokenRefusal(for: try url(refused)), refused)
            XCTAssertTrue(refusal.contains("over plain http"), refusal)
            XCTAssertTrue(refusal.contains("Use https://") && refusal.contains("--insecure-http"), "says how: \(refusal)")
            XCTAssertNil(lenient.tokenRefusal(for: try url(refused)), refused)
        }
    }

    func testAMemberIsAskedOnlyAtAVouchedForAddressThatPassesTheSameRule() throws {
        let cases: [(address: String, vouched: Bool, policy: ChannelPolicy, expected: String)] = [
            ("127.0.0.1:7420", true, ChannelPolicy(), "ask http://127.0.0.1:7420"),
            ("https://n2.hanoi.example", true, ChannelPolicy(), "ask https://n2.hanoi.example:443"),
            ("127.0.0.1:7420", false, ChannelPolicy(), "skip address not vouched"),
            ("https://n2.hanoi.example", false, ChannelPolicy(allowsPlainHTTP: true), "skip address not vouched"),
            ("127.0.0.1:7420", false, ChannelPolicy(trustsAdvertisedAddresses: true), "ask http://127.0.0.1:7420"),
            ("10.0.0.2:7400", true, ChannelPolicy(), "skip insecure"),
            ("10.0.0.2:7400", false, ChannelPolicy(trustsAdvertisedAddresses: true), "skip insecure"),
            ("10.0.0.2:7400", true, ChannelPolicy(allowsPlainHTTP: true), "ask http://10.0.0.2:7400"),
            ("", true, ChannelPolicy(), "skip address unusable"),
            ("https://n2.example/api", true, ChannelPolicy(), "skip address unusable"),
        ]
        for (address, vouched, policy, expected) in cases {
            let route = policy.route(advertised: address, vouched: vouched, by: "n1")
            let described = switch route {
            case .ask(let url): "ask \(url)"
            case .skip(let reason): "skip \(reason)"
            }
            XCTAssertTrue(described.hasPrefix(expected), "\(address), vouched \(vouched), \(policy): \(described)")
        }
        guard case .skip(let unvouched) = ChannelPolicy().route(advertised: "127.0.0.1:7420", vouched: false, by: "n1") else {
            return XCTFail("an unvouched address is skipped")
        }
        XCTAssertTrue(unvouched.contains("not vouched by n1") && unvouched.contains("--trust-advertised-addresses"), unvouched)
    }
}
