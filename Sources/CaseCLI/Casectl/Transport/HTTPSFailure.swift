import CaseNet
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// URLSession's errors in the words ``HTTPClient`` uses, so that a person reads the same
/// "cannot connect to host:port: …" whichever scheme casectl spoke.
enum HTTPSFailure {
    /// What to do when the server's certificate is not trusted: the only remedy URLSession on
    /// Linux leaves (see ``HTTPSClient``).
    static let trustHint = "the system trust store does not accept the node's certificate; if a private CA issued it, "
        + "install that CA (e.g. /usr/local/share/ca-certificates/ and update-ca-certificates)"
    /// What to do when the certificate is for another name.
    static let nameHint = "the node's certificate is not issued for this host name; use the name it is issued for"

    static func clientError(_ error: any Error, address: String, timeoutMs: Int) -> HTTPClientError {
        let nsError = error as NSError
        let reason = nsError.localizedDescription
        guard nsError.domain == NSURLErrorDomain else { return .connectionLost(address: address, reason: reason) }
        switch nsError.code {
        case NSURLErrorTimedOut:
            return .timedOut(address: address, timeoutMs: timeoutMs)
        case NSURLErrorCannotConnectToHost, NSURLErrorCannotFindHost, NSURLErrorDNSLookupFailed, NSURLErrorNotConnectedToInternet:
            return .cannotConnect(address: address, reason: reason)
        case NSURLErrorNetworkConnectionLost:
            return .connectionLost(address: address, reason: reason)
        default:
            return .cannotConnect(address: address, reason: certificateHint(nsError).map { "\(reason); \($0)" } ?? reason)
        }
    }

    /// libcurl's certificate failures reach Foundation on Linux as an unknown error (-1) whose
    /// text is curl's, so the text is read as well as the codes Darwin uses.
    private static func certificateHint(_ error: NSError) -> String? {
        let text = error.localizedDescription.lowercased()
        if text.contains("subject name") || text.contains("host name") { return nameHint }
        let codes = [NSURLErrorServerCertificateUntrusted, NSURLErrorServerCertificateHasBadDate, NSURLErrorServerCertificateHasUnknownRoot,
                     NSURLErrorServerCertificateNotYetValid, NSURLErrorSecureConnectionFailed]
        return codes.contains(error.code) || text.contains("certificate") ? trustHint : nil
    }
}
