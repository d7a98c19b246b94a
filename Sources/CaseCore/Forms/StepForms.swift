import CaseSupport

/// Forms 02, 03 and 04: each records one step of the dossier (its last of that kind), and
/// shares the frame `page` draws.
enum StepForms {
    /// Mẫu 02: what the citizen must still supply, and why. The clerk lists the components
    /// in the request's note, separated by ";" (notes are one line: text fields collapse
    /// whitespace on entry), and the reason in its `reason`.
    static func supplementRequest(_ dossier: Dossier, _ context: FormContext) throws(FormNotApplicable) -> String {
        guard let step = DossierForms.lastStep(.requestSupplement, in: dossier) else {
            throw FormNotApplicable(form: .supplementRequest, code: dossier.code, reason: "no supplement was ever requested")
        }
        let components = (step.note ?? "").split(separator: ";").map { VietnameseText.normalized(String($0)) }.filter { !$0.isEmpty }
        let list = components.isEmpty
            ? "<p><i>(Không ghi thành phần cụ thể.)</i></p>"
            : "<ol>" + components.map { "<li>\(MarkupText.escape($0))</li>" }.joined() + "</ol>"
        let paragraphs = """
            <p>Ngày yêu cầu: <b>\(FormVocabulary.moment(step.at))</b>.</p>\
            <p>Yêu cầu hoàn thiện hồ sơ gồm những nội dung sau:</p>\(list)\
            <p>Lý do: <b>\(MarkupText.escape(step.details["reason"]?.stringValue ?? ""))</b></p>\
            <p>Trong quá trình hoàn thiện hồ sơ, nếu có vướng mắc, Ông/Bà liên hệ \(MarkupText.escape(context.centreName(step.centre))) để được hướng dẫn.</p>
            """
        return page(.supplementRequest, dossier, context, step: step, paragraphs: paragraphs, signer: ("NGƯỜI HƯỚNG DẪN", "Ký và ghi rõ họ tên", step.actor))
    }

    /// Mẫu 03: the refusal to receive, with its reason (the step's `reason`, else its note).
    static func refusal(_ dossier: Dossier, _ context: FormContext) throws(FormNotApplicable) -> String {
        guard let step = DossierForms.lastStep(.refuse, in: dossier) else {
            throw FormNotApplicable(form: .refusal, code: dossier.code, reason: "it was not refused")
        }
        let reason = step.details["reason"]?.stringValue ?? step.note ?? ""
        let paragraphs = """
            <p>Qua nghiên cứu, đối chiếu với các quy định hiện hành, Bộ phận tiếp nhận và trả kết quả từ chối tiếp nhận, \
            giải quyết hồ sơ này ngày \(MarkupText.escape(FormVocabulary.short(step.at))) với lý do cụ thể như sau:</p>\
            <p><b>\(MarkupText.escape(reason))</b></p><p>Xin thông báo để Ông/Bà được biết và thực hiện./.</p>
            """
        return page(.refusal, dossier, context, step: step, paragraphs: paragraphs, signer: ("NGƯỜI TIẾP NHẬN HỒ SƠ", "Ký và ghi rõ họ tên", step.actor))
    }

    /// Mẫu 04: the apology for lateness and the new appointment (the last apology's): the
    /// due date missed is the one in force before it.
    static func apology(_ dossier: Dossier, _ context: FormContext) throws(FormNotApplicable) -> String {
        guard let index = dossier.history.lastIndex(where: { $0.applied && $0.action == WorkflowAction.apologize.rawValue }) else {
            throw FormNotApplicable(form: .apology, code: dossier.code, reason: "no apology was issued for it")
        }
        let step = dossier.history[index]
        let previousDue = ControlSlipForm.dueInForce(before: index, in: dossier)
        let newDue = step.details["newDueAt"]?.stringValue.flatMap(VietnamTime.parseISO8601(_:)) ?? dossier.dueAt
        let centre = MarkupText.escape(context.centreName(step.centre))
        let received = DossierForms.receiptStep(of: dossier)?.at ?? dossier.receivedAt
        let lead = "<p>\(FormVocabulary.date(VietnamTime.civilDate(of: received)).capitalizedFirst), \(centre) tiếp nhận giải quyết hồ sơ của:</p>"
        let paragraphs = """
            <p>Thời gian hẹn trả kết quả giải quyết hồ sơ: <b>\(FormVocabulary.moment(previousDue))</b>.</p>\
            <p>Tuy nhiên đến nay, \(centre) chưa trả kết quả giải quyết hồ sơ của Ông/Bà.</p>\
            <p>Lý do: <b>\(MarkupText.escape(step.details["reason"]?.stringValue ?? ""))</b></p>\
            <p>Sự chậm trễ này đã gây phiền hà cho Ông/Bà. \(centre) xin lỗi Ông/Bà và sẽ trả kết quả giải quyết hồ sơ cho Ông/Bà vào <b>\(FormVocabulary.moment(newDue))</b>.</p>\
            <p>Xin trân trọng cảm ơn sự hợp tác của Ông/Bà./.</p>
            """
        return page(
            .apology, dossier, context, step: step, lead: lead, paragraphs: paragraphs,
            signer: ("THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ", "Ký, ghi rõ họ tên và đóng dấu", nil))
    }

    /// The frame the three share: issued by the step's centre; `lead`, the applicant and the
    /// request, the form's own `paragraphs` (escaped by the caller), and one signature.
    private static func page(
        _ form: FormNumber, _ dossier: Dossier, _ context: FormContext, step: HistoryStep, lead: String = "", paragraphs: String,
        signer: (role: String, hint: String, name: String?)
    ) -> String {
        let body = lead + DossierForms.applicantLines(dossier.applicant) + DossierForms.requestLine(dossier) + paragraphs
            + FormPage.signatures([signer])
        return DossierForms.page(form, dossier, centre: step.centre, context: context).html(body: body)
    }
}
