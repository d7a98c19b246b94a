import CaseCore

/// The `--province CODE` option of verify, status and lag: one of the 34 provinces, and one
/// the asked node has members in.
enum ProvinceOption {
    /// The code given, checked; nil when the option is absent.
    static func code(_ text: String?) throws -> ProvinceCode? {
        guard let text else { return nil }
        guard let code = ProvinceCode(text), code != .unnamed else {
            throw CasectlUsageError(
                message: "--province '\(text)': expected one of the 34 province codes (\(ProvinceCode.all.map(\.rawValue).joined(separator: ", ")))")
        }
        return code
    }

    /// Refuses `code` when no member is in it, naming the provinces that have members.
    static func requireMembers(in code: ProvinceCode, named: Set<String>) throws {
        guard !named.contains(code.rawValue) else { return }
        throw CasectlUsageError(
            message: "--province \(code): no member of province \(code) (\(code.name)) is known to the node asked; "
                + "its members are in \(named.isEmpty ? "no named province" : named.sorted().joined(separator: ", "))")
    }

    /// "Province 79 (Thành phố Hồ Chí Minh)".
    static func title(_ code: String) -> String {
        ProvinceCode(code).map { "Province \($0) (\($0.name))" } ?? "Province \(code)"
    }
}

extension String {
    /// "Province 79 (…)" as it reads inside a sentence: "province 79 (…)".
    var lowercasedFirstWord: String {
        guard let space = firstIndex(of: " ") else { return lowercased() }
        return self[..<space].lowercased() + self[space...]
    }
}
