import CaseArguments
import CaseCore
import CaseCrypto
import CaseSupport
import CaseSystem

/// casectl signing token records itself, with an admin's key or the root key, for a
/// cluster with a root key: a node cannot sign admin and monitor tokens, nor revoke a
/// token another key issued. The key file stays on the admin's machine; only the
/// signed record goes to the node, which checks it with the same rule (`TokenAuthority`).
enum TokenSigning {
    static let options: [OptionSpec] = [
        .value("signing-key", "FILE", help: "Sign here with this key file (an admin key, or the root key) instead of asking the node to; for admin and monitor tokens in a cluster with a root key."),
        .value("certificate", "FILE", help: "The root's certificate of the --signing-key (casectl certify NAME --role admin); without it the key must be the root key."),
        .value("cluster-id", "NAME", help: "The cluster, when signing with the root key (an admin certificate names it).", default: "casestore"),
    ]

    /// The issuer the options name, or nil without --signing-key.
    static func issuer(_ arguments: ParsedArguments, readInput: (String) throws -> [UInt8]) throws -> TokenIssuer? {
        guard let keyPath = arguments.value("signing-key") else {
            guard arguments.value("certificate") == nil else { throw CasectlUsageError(message: "--certificate goes with --signing-key") }
            return nil
        }
        let key: SigningKey
        do {
            key = try SigningKey(fileText: try PrivateKeyFile.read(keyPath, what: "signing key"))
        } catch let error as ValidationIssue {
            throw CasectlUsageError(message: "signing key \(keyPath): \(error.message)")
        } catch {
            throw CasectlUsageError(message: "\(error)")
        }
        guard let certificatePath = arguments.value("certificate") else {
            return TokenIssuer(root: key, clusterID: arguments.value("cluster-id") ?? "casestore")
        }
        let certificate: Certificate
        do {
            certificate = try Certificate(fileText: String(decoding: try readInput(certificatePath).prefix(PrivateKeyFile.maxFileBytes), as: UTF8.self))
            return try TokenIssuer(key: key, certificate: certificate)
        } catch let error as CertificateError {
            throw CasectlUsageError(message: "certificate \(certificatePath): \(error)")
        } catch let error as ValidationIssue {
            throw CasectlUsageError(message: "certificate \(certificatePath): \(error.message)")
        }
    }

    /// The authority the issuer's signature carries, as a node will see it.
    static func voucher(of issuer: TokenIssuer) -> TokenAuthority.Voucher {
        switch issuer.signer {
        case .root: return .root
        case .certified(let certificate): return certificate.role == .node ? .node(certificate.subject) : .admin(certificate.subject)
        }
    }

    /// A token signed by `issuer`, after the same checks a node makes: the fields, and
    /// whether this key may vouch for it. Returns the record and its secret.
    static func grant(
        by issuer: TokenIssuer, name: String, role: TokenRole, centre: String?, nowMs: Int64
    ) throws -> (TokenRecord, TokenSecret) {
        let name = VietnameseText.normalized(name)
        do {
            try TokenRecord.validateHolder(name: name, role: role, centre: centre)
        } catch {
            throw CasectlUsageError(message: error.description)
        }
        do {
            try TokenAuthority.mayGrant(role, centre: centre, by: voucher(of: issuer))
        } catch {
            throw CasectlUsageError(message: "\(error)\(role == .clerk ? "; create clerk tokens at their centre's node, without --signing-key" : "")")
        }
        let secret = issuer.newSecret()
        return (issuer.grant(secret, name: name, role: role, centre: centre, createdAtMs: nowMs), secret)
    }

    /// The body of a signed revocation of the token `item` (as `token list` shows it).
    static func revocation(of item: JSONValue, by issuer: TokenIssuer, nowMs: Int64) throws -> JSONValue {
        guard let id = item["id"]?.stringValue, let issuerHex = item["issuer"]?.stringValue, let tokenIssuer = SigningPublicKey(hex: issuerHex) else {
            throw CasectlUsageError(message: "token \(item["id"]?.stringValue ?? "?") is not signed: revoke it without --signing-key")
        }
        do {
            try TokenAuthority.mayRevoke(issuedBy: tokenIssuer, revoker: issuer.key.publicKey, voucher: voucher(of: issuer))
        } catch {
            throw CasectlUsageError(message: error.description)
        }
        let signature = issuer.revocation(of: id, issuedBy: tokenIssuer, atMs: nowMs)
        return ["issuer": .string(issuerHex), "revokedAtMs": .int(nowMs), "signature": .string(Hex.encode(signature.encoded))]
    }
}
