import CaseSupport

/// Forms 01–05 of Circular 01/2018/TT-VPCP for one dossier: a pure function of the dossier
/// (its history included) and the printing context, so the same dossier prints the same
/// page at every node.
public enum DossierForms {
    /// The form's HTML, or `FormNotApplicable` when the dossier never had the step it records.
    public static func html(_ form: FormNumber, dossier: Dossier, context: FormContext) throws(FormNotApplicable) -> String {
        switch form {
        case .receipt: return try ReceiptForm(dossier: dossier, context: context).html()
        case .supplementRequest: return try StepForms.supplementRequest(dossier, context)
        case .refusal: return try StepForms.refusal(dossier, context)
        case .apology: return try StepForms.apology(dossier, context)
        case .controlSlip: return ControlSlipForm(dossier: dossier, context: context).html()
        case .register:
            preconditionFailure("Mẫu 06 is a period's register, not one dossier's form: use RegisterForm")
        }
    }

    /// The last applied step named `action`: the one a reprint of its form shows.
    static func lastStep(_ action: WorkflowAction, in dossier: Dossier) -> HistoryStep? {
        dossier.history.last { $0.applied && $0.action == action.rawValue }
    }

    /// The step at which the dossier was received complete: the counter filing, an online
    /// filing's acceptance, or the supplement that completed an online filing sent back at intake.
    static func receiptStep(of dossier: Dossier) -> HistoryStep? {
        dossier.history.first { $0.applied && ($0.to == .received || $0.to == .processing) }
    }

    /// The applicant's lines, shared by every dossier form.
    static func applicantLines(_ applicant: Applicant) -> String {
        var lines = FormPage.line("Tiếp nhận hồ sơ của", applicant.fullName)
        if let representative = applicant.representative {
            let relation = representative.relation.map { " (\($0))" } ?? ""
            lines += FormPage.line("Người được ủy quyền", representative.fullName + relation)
        }
        if let detail = applicant.address?.detail { lines += FormPage.line("Địa chỉ", detail) }
        if let phone = applicant.phone { lines += FormPage.line("Số điện thoại", phone) }
        if let email = applicant.email { lines += FormPage.line("Thư điện tử", email) }
        return lines
    }

    static func requestLine(_ dossier: Dossier) -> String {
        FormPage.line("Nội dung yêu cầu giải quyết", "\(dossier.procedureName) (mã thủ tục \(dossier.procedureCode))")
    }

    /// The issuing centre's page frame.
    static func page(_ form: FormNumber, _ dossier: Dossier, centre: String, context: FormContext) -> FormPage {
        FormPage(form: form, centreName: context.centreName(centre), code: dossier.code, printedAt: context.printedAt)
    }

    /// "1.500.000 đồng", grouping thousands with dots as Vietnamese does.
    static func money(_ amount: Int64) -> String {
        var digits = String(amount.magnitude)
        var groups: [Substring] = []
        while digits.count > 3 {
            groups.insert(digits.suffix(3), at: 0)
            digits.removeLast(3)
        }
        groups.insert(Substring(digits), at: 0)
        return (amount < 0 ? "-" : "") + groups.joined(separator: ".") + " đồng"
    }
}
