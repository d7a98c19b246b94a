import Foundation

/// Turns a `DecodingError` into one line a person can act on: where in the document, and
/// what was wrong. Foundation's own descriptions are long and name Swift types.
enum JSONDecodingProblem {
    static func describe(_ error: any Error) -> String {
        guard let decodingError = error as? DecodingError else {
            return String(describing: error)
        }
        switch decodingError {
        case .dataCorrupted(let context):
            return location(context.codingPath) + context.debugDescription + underlying(context)
        case .keyNotFound(let key, let context):
            return location(context.codingPath) + "missing key \"\(key.stringValue)\""
        case .typeMismatch(let type, let context):
            return location(context.codingPath) + "expected \(type): " + context.debugDescription
        case .valueNotFound(let type, let context):
            return location(context.codingPath) + "expected \(type) but found null"
        @unknown default:
            return String(describing: decodingError)
        }
    }

    /// `at procedures[3].fees[0].amountVND: ` — the path in JSON terms.
    private static func location(_ path: [any CodingKey]) -> String {
        guard !path.isEmpty else { return "" }
        var text = ""
        for key in path {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += (text.isEmpty ? "" : ".") + key.stringValue
            }
        }
        return "at \(text): "
    }

    private static func underlying(_ context: DecodingError.Context) -> String {
        guard let inner = context.underlyingError else { return "" }
        return " (\((inner as NSError).localizedDescription))"
    }
}
