/// Who decides a procedure (cơ quan có thẩm quyền giải quyết), as the procedure's published
/// text names it (docs/procedures.md). A commune centre receives most procedures for its own
/// People's Committee, some for bodies of other levels that it forwards to, and none of those
/// a body receives only itself (`Procedure.receivedAtCommuneCentre`).
public enum CompetentAuthority: String, Sendable, CaseIterable {
    /// The commune People's Committee or its chairman (UBND cấp xã): civil status,
    /// certification, social protection, household businesses. The default, since every
    /// procedure of catalogues written before this field was treated as the commune's.
    case communePeoplesCommittee
    /// The commune police (Công an cấp xã): residence registration (Luật Cư trú 2020, art. 2.4).
    case communePolice
    /// The land registration office or its branch (Văn phòng / Chi nhánh đăng ký đất đai).
    case landRegistrationOffice
    /// A provincial department or the provincial People's Committee (Sở, UBND tỉnh).
    case provincialAgency
    /// The school itself (its principal), e.g. a pupil's transfer.
    case school

    /// The name a clerk reads on screen.
    public var label: String {
        switch self {
        case .communePeoplesCommittee: "UBND cấp xã"
        case .communePolice: "Công an cấp xã"
        case .landRegistrationOffice: "Văn phòng đăng ký đất đai"
        case .provincialAgency: "Cơ quan cấp tỉnh"
        case .school: "Cơ sở giáo dục"
        }
    }
}
