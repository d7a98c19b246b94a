import CaseSupport

/// The page every form shares: the issuing centre on the left and the national motto on
/// the right, as the Circular's forms are laid out, then the title and the form's own body.
/// Self-contained: inline CSS, no fonts, scripts or images fetched from anywhere.
struct FormPage {
    var form: FormNumber
    /// The centre printed in the heading: the unit that issues the form.
    var centreName: String
    /// The dossier code under the centre's name (none on the register).
    var code: String?
    var printedAt: Instant
    var landscape: Bool = false

    /// The whole document, NFC-normalised so the text prints and compares the same everywhere.
    func html(body: String) -> String {
        let documentTitle = "Mẫu \(form.rawValue) – \(form.title)" + (code.map { " – \($0)" } ?? "")
        let main = """
            <main class="page">
            <p class="form-number">Mẫu số \(form.rawValue)</p>
            \(heading)
            <h1>\(MarkupText.escape(form.title))</h1>
            \(body)
            </main>
            """
        return SelfContainedPage.html(title: documentTitle, styleSheet: Self.styleSheet(landscape: landscape), body: main)
    }

    private var heading: String {
        let codeLine = code.map { "<p>Mã hồ sơ: <b>\(MarkupText.escape($0))</b></p>" } ?? ""
        return """
            <header class="heading">
            <div><p class="upper">\(MarkupText.escape(centreName))</p><p class="bold">BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ</p><div class="rule"></div>\(codeLine)</div>
            <div><p class="bold">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</p><p class="bold">Độc lập - Tự do - Hạnh phúc</p><div class="rule"></div><p><i>\(FormVocabulary.date(VietnamTime.civilDate(of: printedAt)).capitalizedFirst)</i></p></div>
            </header>
            """
    }

    /// Two signature blocks side by side: who signs, the hint the forms print, the name.
    static func signatures(_ blocks: [(role: String, hint: String, name: String?)]) -> String {
        let cells = blocks.map { block in
            "<div><p class=\"bold\">\(block.role)</p><p><i>(\(block.hint))</i></p><div class=\"sign-space\"></div><p class=\"bold\">\(block.name.map(MarkupText.escape) ?? "")</p></div>"
        }
        return "<section class=\"signatures\">\(cells.joined())</section>"
    }

    /// Labelled lines ("Họ và tên: …"): `value` is escaped here.
    static func line(_ label: String, _ value: String) -> String {
        "<p>\(label): <b>\(MarkupText.escape(value))</b></p>"
    }

    /// A4 portrait (or landscape for the register) with the margins of administrative
    /// documents (Decree 30/2020: left 30 mm); on a phone's screen the columns stack and
    /// wide tables scroll inside their box instead of widening the page.
    static func styleSheet(landscape: Bool) -> String {
        """
        @page{size:A4 \(landscape ? "landscape" : "portrait");margin:15mm 15mm 15mm \(landscape ? "20mm" : "30mm")}\
        html{font-family:"Times New Roman","Liberation Serif","DejaVu Serif",serif;font-size:13pt;line-height:1.3;color:#000;background:#fff}\
        body{margin:0}\
        .page{max-width:\(landscape ? "257mm" : "165mm");margin:0 auto;padding:8mm 4mm}\
        @media print{.page{max-width:none;padding:0}}\
        p{margin:0 0 1.2mm}\
        .heading{display:flex;justify-content:space-between;gap:6mm;text-align:center}\
        .heading{font-size:12pt}\
        .heading>div{flex:1 1 0}\
        .heading>div:last-child{flex-grow:1.3}\
        .heading p{margin:0}\
        .upper{text-transform:uppercase}\
        .bold{font-weight:bold}\
        .rule{width:35%;margin:1mm auto 2mm;border-top:1px solid #000}\
        .form-number{text-align:right;font-style:italic;font-size:11pt}\
        h1{font-size:14pt;text-align:center;margin:6mm 0 4mm}\
        ol,ul{margin:0 0 1.2mm;padding-left:7mm}\
        .scroll{overflow-x:auto}\
        table{border-collapse:collapse;width:100%;font-size:11pt}\
        th,td{border:1px solid #000;padding:1mm 1.5mm;vertical-align:top;text-align:left}\
        th{text-align:center}\
        .qr{float:right;width:34mm;margin:0 0 2mm 4mm;text-align:center;font-size:9pt;overflow-wrap:anywhere}\
        .qr svg{display:block;margin:0 auto}\
        .signatures{display:flex;justify-content:space-between;gap:6mm;text-align:center;margin-top:8mm;break-inside:avoid}\
        .signatures>div{flex:1 1 0}\
        .sign-space{height:18mm}\
        @media screen and (max-width:640px){html{font-size:12pt}.page{padding:4mm}.heading,.signatures{flex-direction:column}.qr{float:none;margin:3mm auto}}
        """
    }
}

extension String {
    /// "Ngày 01 tháng 07 năm 2025" from "ngày …", as the date line under the motto starts a sentence.
    var capitalizedFirst: String {
        guard let first else { return self }
        return first.uppercased() + dropFirst()
    }
}
