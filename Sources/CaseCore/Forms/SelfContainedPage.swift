import CaseSupport

/// The HTML document every page the node renders shares (the forms, the lookup page): UTF-8,
/// Vietnamese, sized for any screen, its CSS inline, nothing fetched from anywhere, and the
/// whole text NFC-normalised so it prints and compares the same everywhere.
enum SelfContainedPage {
    /// `extraHead`: more lines for the head, each ending in a newline; `body`: the body's content.
    static func html(title: String, styleSheet: String, extraHead: String = "", body: String) -> String {
        let page = """
            <!DOCTYPE html>
            <html lang="vi">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            \(extraHead)<title>\(MarkupText.escape(title))</title>
            <style>\(styleSheet)</style>
            </head>
            <body>
            \(body)
            </body>
            </html>

            """
        return VietnameseText.normalizedMarks(page)
    }
}
