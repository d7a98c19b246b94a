/// Text placed in HTML or SVG (a printed form, a benchmark chart). Every value that comes
/// from outside (an applicant's name, a note, a chart's label) goes through `escape`, so
/// none of it can open a tag or leave an attribute.
public enum MarkupText {
    /// The five characters special in markup, as entities valid in both HTML and XML.
    public static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
