import CaseSupport

/// Mẫu 01, the receipt and appointment slip: the citizen's only proof that the dossier was
/// received, with its code, the documents handed in, the appointed date and a QR code to
/// the public lookup page.
struct ReceiptForm {
    var dossier: Dossier
    var context: FormContext

    /// The QR code's side on paper: 32 mm keeps a version-4 symbol's modules near 0.8 mm,
    /// which phone cameras read from arm's length.
    static let qrSideMillimetres = 32

    func html() throws(FormNotApplicable) -> String {
        guard let receipt = DossierForms.receiptStep(of: dossier) else {
            throw FormNotApplicable(form: .receipt, code: dossier.code, reason: "it has not been received yet (status \(dossier.status.rawValue))")
        }
        let page = DossierForms.page(.receipt, dossier, centre: dossier.receivingCentre, context: context)
        let body = qrBox + fields(receipt) + FormPage.signatures([
            ("NGƯỜI NỘP HỒ SƠ", "Ký và ghi rõ họ tên", dossier.applicant.fullName),
            ("NGƯỜI TIẾP NHẬN HỒ SƠ", "Ký và ghi rõ họ tên", receipt.actor),
        ])
        return page.html(body: body)
    }

    private var qrBox: String {
        let address = context.lookupAddress(code: dossier.code)
        let symbol: QRCode
        do {
            symbol = try QRCode(text: address)
        } catch {
            // FormContext bounds the lookup base and DossierCode the code, so the address fits.
            preconditionFailure("a lookup address of \(address.utf8.count) bytes does not fit a QR code: \(error)")
        }
        // Digits only (`LookupPin`), so nothing to escape.
        let pin = context.lookupPin.map { "<br>Mã PIN tra cứu: <b class=\"pin\">\($0.text)</b>" } ?? ""
        return """
            <figure class="qr">\(symbol.svg(sideMillimetres: Self.qrSideMillimetres))<figcaption>Tra cứu hồ sơ: \(MarkupText.escape(address))\(pin)</figcaption></figure>
            """
    }

    private func fields(_ receipt: HistoryStep) -> String {
        var html = FormPage.line("Bộ phận tiếp nhận và trả kết quả", context.centreName(receipt.centre))
        html += DossierForms.applicantLines(dossier.applicant)
        html += DossierForms.requestLine(dossier)
        html += "<ol>"
        html += "<li>Thành phần hồ sơ nộp gồm:\(documentTable)</li>"
        html += "<li>Số lượng hồ sơ: <b>01</b> bộ.</li>"
        html += "<li>Thời gian giải quyết hồ sơ theo quy định: \(FormVocabulary.timeLimit(dossier.timeLimit)).</li>"
        html += "<li>Thời gian nhận hồ sơ: <b>\(FormVocabulary.moment(receipt.at))</b>.</li>"
        html += "<li>Thời gian trả kết quả giải quyết hồ sơ: <b>\(FormVocabulary.moment(dossier.originalDueAt))</b>.</li>"
        html += "<li>Nhận kết quả tại: <b>\(MarkupText.escape(context.centreName(dossier.receivingCentre)))</b>.</li>"
        if dossier.feesVND > 0 { html += "<li>Phí, lệ phí: <b>\(DossierForms.money(dossier.feesVND))</b>\(feeLines).</li>" }
        html += "</ol>"
        return html
    }

    /// " (Phí …: 2.000 đồng × 4 = 8.000 đồng; …)" when the filing recorded how its fees were
    /// counted; nothing otherwise.
    private var feeLines: String {
        guard let lines = dossier.feeLines?.filter({ $0.totalVND > 0 }), !lines.isEmpty else { return "" }
        let shown = lines.map { line in
            let cap = line.maxPerCopyVND.map { ", tối đa \(DossierForms.money($0))/bản" } ?? ""
            return "\(MarkupText.escape(line.name)): \(DossierForms.money(line.amountVND)) × \(line.quantity)\(cap) = \(DossierForms.money(line.totalVND))"
        }
        return " (" + shown.joined(separator: "; ") + ")"
    }

    private var documentTable: String {
        let rows = dossier.documents.enumerated().map { index, document in
            "<tr><td>\(index + 1)</td><td>\(MarkupText.escape(document.name))</td><td>\(document.originals)</td><td>\(document.copies)</td></tr>"
        }
        return """
            <div class="scroll"><table><thead><tr><th>STT</th><th>Tên giấy tờ</th><th>Bản chính</th><th>Bản sao</th></tr></thead>\
            <tbody>\(rows.joined())</tbody></table></div>
            """
    }
}
