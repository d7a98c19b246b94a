/// One problem with one input field, reported to the person who typed it.
///
/// `field` is a path in the request, e.g. `applicant.idNumber` or `documents[2].name`;
/// `message` says what was wrong and what is allowed, in plain English.
public struct ValidationIssue: Error, Equatable, Sendable, CustomStringConvertible {
    public let field: String
    public let message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }

    /// `applicant.idNumber: must be 12 digits, got 11`.
    public var description: String { "\(field): \(message)" }
}
