/// Why a file could not be opened as a PDF. Each case names what the user can do about it.
public enum PDFOpenError: Error, Equatable, Sendable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case emptyFile(path: String)
    case notAPDF(path: String)
    case damaged(path: String, reason: String)
    case passwordRequired(path: String)
    case wrongPassword(path: String)
    case noPages(path: String)

    /// A short machine-friendly name for the kind of failure.
    public var code: String {
        switch self {
        case .unreadable: "unreadable"
        case .emptyFile: "empty"
        case .notAPDF: "not-pdf"
        case .damaged: "damaged"
        case .passwordRequired: "encrypted"
        case .wrongPassword: "wrong-password"
        case .noPages: "no-pages"
        }
    }

    public var description: String {
        switch self {
        case let .unreadable(path, reason):
            "\(path): cannot read the file (\(reason)); check the path and its permissions"
        case let .emptyFile(path):
            "\(path): the file is empty (0 bytes); export the PDF again"
        case let .notAPDF(path):
            "\(path): not a PDF (no %PDF header and no readable document); export or print the paper to PDF"
        case let .damaged(path, reason):
            "\(path): the PDF is damaged beyond repair (\(reason)); export it again from the source"
        case let .passwordRequired(path):
            "\(path): the PDF is encrypted and needs a password; pass --password or submit an unencrypted PDF"
        case let .wrongPassword(path):
            "\(path): the password does not open this encrypted PDF; check --password"
        case let .noPages(path):
            "\(path): the PDF has no pages; export it again from the source"
        }
    }
}
