import CaseSupport

/// The `/tra-cuu` page citizens reach from the QR code on Mẫu 01: a form for the dossier
/// code and PIN, and what the lookup found. Self-contained like the forms (inline CSS, no
/// fonts, scripts or images), made for a phone's screen first. The form is sent by POST so
/// the PIN never sits in an address bar, a browser history or a proxy's access log.
public enum LookupPage {
    public enum Outcome: Equatable, Sendable {
        /// Only the form (the QR code's `?ma=CODE` prefills the code).
        case blank
        case found(CitizenLookup)
        /// A wrong PIN and an unknown code alike.
        case notFound
        case tooManyAttempts(retryAfterSeconds: Int64)
        /// The code or PIN is not even of the right shape; says which.
        case invalid(String)
    }

    /// The one answer to a wrong PIN and to an unknown code, in JSON and on the page.
    public static let notFoundMessage =
        "Không tìm thấy hồ sơ với mã hồ sơ và mã PIN này. Kiểm tra lại hai mã trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả (Mẫu 01)."

    /// The message of a 429, with how long to wait.
    public static func tooManyAttemptsMessage(retryAfterSeconds: Int64) -> String {
        let wait = retryAfterSeconds < 60 ? "\(retryAfterSeconds) giây" : "\((retryAfterSeconds + 59) / 60) phút"
        return "Đã nhập sai quá nhiều lần. Vui lòng thử lại sau \(wait)."
    }

    /// The page; `code` prefills the form (escaped), `centreName` names the answering centre.
    public static func html(code: String?, outcome: Outcome, centreName: String) -> String {
        let main = """
            <main>
            <h1>Tra cứu hồ sơ</h1>
            <p class="centre">\(MarkupText.escape(centreName))</p>
            \(section(outcome))
            \(form(code: code))
            <p class="hint">Mã hồ sơ và mã PIN in trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả. Trang này không hiển thị thông tin cá nhân.</p>
            </main>
            """
        // Noindex: a search engine that followed a shared QR link has nothing to keep.
        return SelfContainedPage.html(
            title: "Tra cứu hồ sơ", styleSheet: styleSheet, extraHead: "<meta name=\"robots\" content=\"noindex\">\n", body: main)
    }

    private static func section(_ outcome: Outcome) -> String {
        switch outcome {
        case .blank: return ""
        case .found(let lookup): return result(lookup)
        case .notFound: return message(notFoundMessage)
        case .tooManyAttempts(let seconds): return message(tooManyAttemptsMessage(retryAfterSeconds: seconds))
        case .invalid(let text): return message(text)
        }
    }

    private static func message(_ text: String) -> String {
        "<p class=\"message\" role=\"alert\">\(MarkupText.escape(text))</p>"
    }

    private static func result(_ lookup: CitizenLookup) -> String {
        var rows = [("Mã hồ sơ", lookup.code), ("Tình trạng", lookup.statusText)]
        if let due = lookup.dueDate { rows.append(("Ngày hẹn trả kết quả", due)) }
        rows.append(("Nơi đang giải quyết", lookup.centre))
        rows.append(("Việc cần làm", lookup.nextStep))
        let lines = rows.map { "<dt>\($0.0)</dt><dd>\(MarkupText.escape($0.1))</dd>" }
        return "<section class=\"result\"><dl>\(lines.joined())</dl></section>"
    }

    /// Posts to `tra-cuu` relative to the page, so it works under a proxy's path prefix too.
    private static func form(code: String?) -> String {
        let value = code.map { " value=\"\(MarkupText.escape($0))\"" } ?? ""
        return """
            <form method="post" action="tra-cuu">
            <label for="ma">Mã hồ sơ</label>
            <input id="ma" name="ma"\(value) maxlength="\(DossierCode.maxLength)" autocomplete="off" autocapitalize="characters" spellcheck="false" required>
            <label for="pin">Mã PIN (6 chữ số)</label>
            <input id="pin" name="pin" type="password" inputmode="numeric" pattern="[0-9]{6}" maxlength="6" autocomplete="off" required>
            <button type="submit">Tra cứu</button>
            </form>
            """
    }

    private static let styleSheet = """
        html{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","DejaVu Sans",sans-serif;font-size:16px;line-height:1.45;color:#1a1a1a;background:#f4f5f7}\
        body{margin:0}\
        main{max-width:30rem;margin:0 auto;padding:1rem}\
        h1{font-size:1.4rem;margin:.5rem 0 .25rem;color:#a50e0e}\
        .centre{margin:0 0 1rem;color:#555}\
        .result,form,.message{background:#fff;border-radius:.5rem;padding:1rem;margin:0 0 1rem;box-shadow:0 1px 2px rgba(0,0,0,.12)}\
        .message{border-left:.35rem solid #c77700}\
        dl{margin:0}\
        dt{font-size:.85rem;color:#555;margin-top:.6rem}\
        dt:first-child{margin-top:0}\
        dd{margin:0;font-weight:600;overflow-wrap:anywhere}\
        label{display:block;font-weight:600;margin:.6rem 0 .25rem}\
        input{box-sizing:border-box;width:100%;font-size:1.1rem;padding:.6rem;border:1px solid #888;border-radius:.35rem}\
        button{margin-top:1rem;width:100%;font-size:1.1rem;padding:.7rem;border:0;border-radius:.35rem;background:#a50e0e;color:#fff}\
        .hint{font-size:.85rem;color:#555}
        """
}
