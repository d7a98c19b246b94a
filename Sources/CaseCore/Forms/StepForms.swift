/// Mẫu 02: what the citizen must still supply, and why. The clerk lists the components in
/// the request's note, separated by ";" (notes are one line: text fields collapse
/// whitespace on entry), and the reason in its `reason`.
struct SupplementRequestForm {
    var dossier: Dossier
    var context: FormContext

    func html() throws(FormNotApplicable) -> String {
        guard let step = DossierForms.lastStep(.requestSupplement, in: dossier) else {
            throw FormNotApplicable(form: .supplementRequest, code: dossier.code, reason: "no supplement was ever requested")
        }
        let components = (step.note ?? "").split(separator: ";").map { VietnameseText.normalized(String($0)) }.filter { !$0.isEmpty }
        let list = components.isEmpty
            ? "<p><i>(Không ghi thành phần cụ thể.)</i></p>"
            : "<ol>" + components.map { "<li>\(HTMLText.escape($0))</li>" }.joined() + "</ol>"
        let reason = step.details["reason"]?.stringValue
        var body = DossierForms.applicantLines(dossier.applicant) + DossierForms.requestLine(dossier)
        body += "<p>Ngày yêu cầu: <b>\(FormVocabulary.moment(step.at))</b>.</p>"
        body += "<p>Yêu cầu hoàn thiện hồ sơ gồm những nội dung sau:</p>" + list
        body += "<p>Lý do: <b>\(reason.map(HTMLText.escape) ?? "")</b></p>"
        body += "<p>Trong quá trình hoàn thiện hồ sơ, nếu có vướng mắc, Ông/Bà liên hệ \(HTMLText.escape(context.centreName(step.centre))) để được hướng dẫn.</p>"
        body += FormPage.signatures([("NGƯỜI HƯỚNG DẪN", "Ký và ghi rõ họ tên", step.actor)])
        return DossierForms.page(.supplementRequest, dossier, centre: step.centre, context: context).html(body: body)
    }
}

/// Mẫu 03: the refusal to receive, with its reason (the step's `reason`, else its note).
struct RefusalForm {
    var dossier: Dossier
    var context: FormContext

    func html() throws(FormNotApplicable) -> String {
        guard let step = DossierForms.lastStep(.refuse, in: dossier) else {
            throw FormNotApplicable(form: .refusal, code: dossier.code, reason: "it was not refused")
        }
        let reason = step.details["reason"]?.stringValue ?? step.note ?? ""
        var body = DossierForms.applicantLines(dossier.applicant) + DossierForms.requestLine(dossier)
        body += "<p>Qua nghiên cứu, đối chiếu với các quy định hiện hành, Bộ phận tiếp nhận và trả kết quả từ chối tiếp nhận, giải quyết hồ sơ này ngày \(HTMLText.escape(FormVocabulary.short(step.at))) với lý do cụ thể như sau:</p>"
        body += "<p><b>\(HTMLText.escape(reason))</b></p>"
        body += "<p>Xin thông báo để Ông/Bà được biết và thực hiện./.</p>"
        body += FormPage.signatures([("NGƯỜI TIẾP NHẬN HỒ SƠ", "Ký và ghi rõ họ tên", step.actor)])
        return DossierForms.page(.refusal, dossier, centre: step.centre, context: context).html(body: body)
    }
}

/// Mẫu 04: the apology for lateness and the new appointment (the last apology's).
struct ApologyForm {
    var dossier: Dossier
    var context: FormContext

    func html() throws(FormNotApplicable) -> String {
        guard let index = dossier.history.lastIndex(where: { $0.applied && $0.action == WorkflowAction.apologize.rawValue }) else {
            throw FormNotApplicable(form: .apology, code: dossier.code, reason: "no apology was issued for it")
        }
        let step = dossier.history[index]
        let previousDue = ControlSlipForm.dueInForce(before: index, in: dossier)
        let newDue = step.details["newDueAt"]?.stringValue.flatMap(VietnamTime.parseISO8601(_:)) ?? dossier.dueAt
        let centre = HTMLText.escape(context.centreName(step.centre))
        let received = DossierForms.receiptStep(of: dossier)?.at ?? dossier.receivedAt
        var body = "<p>\(FormVocabulary.date(VietnamTime.civilDate(of: received)).capitalizedFirst), \(centre) tiếp nhận giải quyết hồ sơ của:</p>"
        body += DossierForms.applicantLines(dossier.applicant) + DossierForms.requestLine(dossier)
        body += "<p>Thời gian hẹn trả kết quả giải quyết hồ sơ: <b>\(FormVocabulary.moment(previousDue))</b>.</p>"
        body += "<p>Tuy nhiên đến nay, \(centre) chưa trả kết quả giải quyết hồ sơ của Ông/Bà.</p>"
        body += "<p>Lý do: <b>\(HTMLText.escape(step.details["reason"]?.stringValue ?? ""))</b></p>"
        body += "<p>Sự chậm trễ này đã gây phiền hà cho Ông/Bà. \(centre) xin lỗi Ông/Bà và sẽ trả kết quả giải quyết hồ sơ cho Ông/Bà vào <b>\(FormVocabulary.moment(newDue))</b>.</p>"
        body += "<p>Xin trân trọng cảm ơn sự hợp tác của Ông/Bà./.</p>"
        body += FormPage.signatures([("THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ", "Ký, ghi rõ họ tên và đóng dấu", nil)])
        return DossierForms.page(.apology, dossier, centre: step.centre, context: context).html(body: body)
    }
}
